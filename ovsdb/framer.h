/* framer: splits a byte stream of back-to-back JSON texts (no delimiter, as
 * OVSDB sends them) into complete texts, incrementally. Pure: no I/O.
 *
 * It tracks string/escape state and brace/bracket depth over the bytes; a
 * text is complete when the depth returns to zero. Only objects and arrays
 * are accepted at the top level (JSON-RPC messages are objects); whitespace
 * between texts is skipped. */
#ifndef OVSDB_FRAMER_H
#define OVSDB_FRAMER_H 1

#include <stdbool.h>
#include <stddef.h>

/* A buffer grown past this for a large text is freed when the next text
 * starts. */
#define OVSDB_FRAMER_KEEP_BYTES (64u * 1024)

/* Owned by its user (a connection); embeds its buffer (owned). */
struct ovsdb_framer {
    char *buf;          /* bytes of the current, incomplete text (owned) */
    size_t len, cap;
    size_t max_bytes;   /* a text longer than this is an error */
    unsigned int depth; /* nesting depth of {} and [] */
    bool in_string;
    bool escape;        /* previous byte was a backslash inside a string */
    bool failed;        /* sticky: the stream can no longer be framed */
};

enum ovsdb_framer_status {
    OVSDB_FRAMER_NEED_MORE,  /* all input consumed, no complete text */
    OVSDB_FRAMER_TEXT,       /* a complete text is available */
    OVSDB_FRAMER_ERROR,      /* malformed or oversized: drop the stream */
};

void ovsdb_framer_init(struct ovsdb_framer *f, size_t max_bytes);
void ovsdb_framer_destroy(struct ovsdb_framer *f);
/* Forgets any partial text and a previous error (for a new connection). */
void ovsdb_framer_reset(struct ovsdb_framer *f);

/* Consumes bytes from DATA[0..*N) until a text completes or the input ends;
 * *N becomes the number of bytes consumed. On OVSDB_FRAMER_TEXT the text is
 * in ovsdb_framer_text() until the next call; the caller then calls again
 * with the rest of its input. On OVSDB_FRAMER_ERROR, *ERROR says why. */
enum ovsdb_framer_status ovsdb_framer_feed(struct ovsdb_framer *f, const char *data,
                                           size_t *n, const char **error);
/* The complete text after OVSDB_FRAMER_TEXT (borrowed), and its length. */
const char *ovsdb_framer_text(const struct ovsdb_framer *f, size_t *len);

#endif
