/* jsonrpc: JSON-RPC 1.0 as OVSDB uses it (RFC 7047 section 4): messages, and
 * a connection that frames them over a stream, matches replies to the
 * requests we sent and answers the peer's "echo" itself.
 *
 *   request       {"method": M, "params": [...], "id": ID}
 *   notification  {"method": M, "params": [...], "id": null}
 *   reply         {"result": R, "error": null, "id": ID}
 *   error reply   {"result": null, "error": E, "id": ID}
 *
 * Ownership: a connection owns its stream (ovsdb_rpc_create() takes it); a
 * message owns its JSON values (ovsdb_rpc_msg_free()). */
#ifndef OVSDB_JSONRPC_H
#define OVSDB_JSONRPC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ovsdb/framer.h"

struct ovsdb_stream;
struct poll_loop;

enum ovsdb_rpc_type {
    OVSDB_RPC_REQUEST,
    OVSDB_RPC_NOTIFY,
    OVSDB_RPC_REPLY,
    OVSDB_RPC_ERROR,
};

/* A parsed message. Owns every json_t it points to and METHOD. */
struct ovsdb_rpc_msg {
    enum ovsdb_rpc_type type;
    char *method;      /* request and notification */
    json_t *params;    /* request and notification: an array */
    json_t *result;    /* reply */
    json_t *error;     /* error reply */
    json_t *id;        /* request, reply, error reply */
    /* Filled by ovsdb_rpc_recv() for replies: what the request was for. */
    int kind;
    uint64_t tag;
};

void ovsdb_rpc_msg_free(struct ovsdb_rpc_msg *m);
/* A short text for an error reply's "error" member (string, or the "error"
 * member of an object), for logs and callbacks. Borrowed from M. */
const char *ovsdb_rpc_msg_error_text(const struct ovsdb_rpc_msg *m);

/* Parses one complete JSON text into a message (used by the connection and
 * the fuzz target). NULL with *ERROR (static) on failure. */
struct ovsdb_rpc_msg *ovsdb_rpc_msg_from_text(const char *text, size_t len,
                                              const char **error);

/* Request kind used for our own echo probes. */
#define OVSDB_RPC_KIND_ECHO (-1)

/* One pending request of ours. */
struct ovsdb_rpc_pending {
    uint64_t id;
    int kind;
    uint64_t tag;
};

/* A JSON-RPC connection. Owns its stream, its framer and its buffers. */
struct ovsdb_rpc {
    struct ovsdb_stream *stream;   /* owned */
    struct ovsdb_framer framer;
    char *rx;                      /* bytes read but not yet framed (owned) */
    size_t rx_off, rx_len;
    uint64_t next_id;
    struct ovsdb_rpc_pending *pending;  /* owned array */
    size_t n_pending, pending_cap;
    int send_error;                /* sticky errno of a failed send */
    unsigned long long rx_bytes;   /* bytes received so far */
    char error_buf[160];
};

/* Takes ownership of STREAM. */
struct ovsdb_rpc *ovsdb_rpc_create(struct ovsdb_stream *stream, size_t max_message_bytes);
void ovsdb_rpc_destroy(struct ovsdb_rpc *rpc);

/* Sends a request METHOD(PARAMS), taking ownership of PARAMS. KIND and TAG
 * come back with the reply. Returns the request id (> 0), or 0 on a send
 * error (the connection is then dead: see ovsdb_rpc_recv()). */
uint64_t ovsdb_rpc_request(struct ovsdb_rpc *rpc, const char *method, json_t *params,
                           int kind, uint64_t tag);
/* Sends an echo request as an inactivity probe. */
void ovsdb_rpc_send_echo(struct ovsdb_rpc *rpc);

/* Receives the next message. Returns 0 with *MSGP set (caller frees), EAGAIN
 * when nothing complete is there yet, or another errno value with *ERROR
 * set (a text valid until the next call) when the connection must be dropped:
 * EOF, I/O error, malformed or oversized message, reply with an unknown id.
 * Echo requests are answered here and not returned; replies to our echo
 * probes are returned (kind OVSDB_RPC_KIND_ECHO) so that they count as
 * activity. */
int ovsdb_rpc_recv(struct ovsdb_rpc *rpc, struct ovsdb_rpc_msg **msgp, const char **error);

/* Sends queued bytes; returns 0 or an errno value. */
int ovsdb_rpc_flush(struct ovsdb_rpc *rpc);
void ovsdb_rpc_wait(const struct ovsdb_rpc *rpc, struct poll_loop *loop);

#endif
