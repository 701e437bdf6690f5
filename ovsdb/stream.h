/* stream: a non-blocking byte stream to an OVSDB remote, "unix:PATH" or
 * "tcp:IP:PORT" (IPv4, or IPv6 as "tcp:[ADDR]:PORT" or "tcp:ADDR:PORT" with
 * the last colon separating the port). Buffers outgoing bytes; never blocks.
 * Ownership: ovsdb_stream_open()'s caller owns the stream (ovsdb_stream_close()). */
#ifndef OVSDB_STREAM_H
#define OVSDB_STREAM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct poll_loop;

/* A send buffer larger than this is freed once it is empty. */
#define OVSDB_STREAM_KEEP_BYTES (64u * 1024)

/* Owned by its connection; owns its fd and its send buffer. */
struct ovsdb_stream {
    int fd;
    bool connected;      /* connect() completed */
    char *tx;            /* bytes not yet written (owned) */
    size_t tx_len, tx_cap;
    size_t tx_max;       /* queued bytes allowed; 0 = no limit */
    char *name;          /* remote, for logs (owned) */
};

/* Checks the syntax of REMOTE; on failure returns false with *ERROR set
 * (a static string). */
bool ovsdb_stream_check_remote(const char *remote, const char **error);

/* Starts a non-blocking connect to REMOTE. Returns 0 and a stream in *SP
 * (connected or in progress), or a positive errno value. */
int ovsdb_stream_open(const char *remote, struct ovsdb_stream **sp);
void ovsdb_stream_close(struct ovsdb_stream *s);

/* Completes a connect in progress: 0 when connected, EAGAIN while pending,
 * else an errno value. */
int ovsdb_stream_connect(struct ovsdb_stream *s);

/* Queues N bytes and tries to write them. Returns 0 or an errno value;
 * ENOBUFS if a peer that does not read would make the queue pass tx_max. */
int ovsdb_stream_send(struct ovsdb_stream *s, const char *data, size_t n);
/* Writes queued bytes. Returns 0 (possibly with bytes left) or an errno. */
int ovsdb_stream_flush(struct ovsdb_stream *s);
/* Reads up to N bytes: > 0 bytes read, 0 on EOF, -EAGAIN when nothing is
 * ready, or another negative errno value. */
ssize_t ovsdb_stream_recv(struct ovsdb_stream *s, char *buf, size_t n);

/* Registers the fd: readable always, writable while connecting or while
 * bytes are queued. */
void ovsdb_stream_wait(const struct ovsdb_stream *s, struct poll_loop *loop);

#endif
