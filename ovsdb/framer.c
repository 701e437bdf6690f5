/* framer: splits back-to-back JSON texts. See framer.h. */
#include <config.h>

#include "ovsdb/framer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

void
ovsdb_framer_init(struct ovsdb_framer *f, size_t max_bytes)
{
    memset(f, 0, sizeof *f);
    f->max_bytes = max_bytes;
}

void
ovsdb_framer_destroy(struct ovsdb_framer *f)
{
    free(f->buf);
    f->buf = NULL;
    f->len = f->cap = 0;
}

void
ovsdb_framer_reset(struct ovsdb_framer *f)
{
    f->len = 0;
    f->depth = 0;
    f->in_string = false;
    f->escape = false;
    f->failed = false;
}

static void
framer_append(struct ovsdb_framer *f, const char *data, size_t n)
{
    if (!n) {
        return;   /* f->buf may still be NULL: no memcpy() on it */
    }
    if (f->len + n > f->cap) {
        size_t cap = f->cap ? f->cap : 4096;
        while (cap < f->len + n) {
            cap *= 2;
        }
        if (f->max_bytes < SIZE_MAX && cap > f->max_bytes + 1) {
            cap = f->max_bytes + 1;
        }
        f->buf = xrealloc(f->buf, cap);
        f->cap = cap;
    }
    memcpy(f->buf + f->len, data, n);
    f->len += n;
}

static bool
framer_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Returns the status after scanning byte C of the current text; updates the
 * string/escape/depth state. */
static enum ovsdb_framer_status
framer_scan(struct ovsdb_framer *f, char c, const char **error)
{
    if (f->in_string) {
        if (f->escape) {
            f->escape = false;
        } else if (c == '\\') {
            f->escape = true;
        } else if (c == '"') {
            f->in_string = false;
        }
        return OVSDB_FRAMER_NEED_MORE;
    }
    switch (c) {
    case '"':
        f->in_string = true;
        break;
    case '{':
    case '[':
        f->depth++;
        break;
    case '}':
    case ']':
        if (f->depth == 0) {
            *error = "unbalanced closing bracket";
            return OVSDB_FRAMER_ERROR;
        }
        if (--f->depth == 0) {
            return OVSDB_FRAMER_TEXT;
        }
        break;
    default:
        break;
    }
    return OVSDB_FRAMER_NEED_MORE;
}

enum ovsdb_framer_status
ovsdb_framer_feed(struct ovsdb_framer *f, const char *data, size_t *n,
                  const char **error)
{
    size_t avail = *n;
    size_t i = 0;

    *error = NULL;
    if (f->failed) {
        *n = 0;
        *error = "stream already failed";
        return OVSDB_FRAMER_ERROR;
    }
    if (f->depth == 0 && !f->in_string) {
        /* The previous text (if any) was handed out: start a new one,
         * without holding on to the buffer of a large one. */
        f->len = 0;
        if (f->cap > OVSDB_FRAMER_KEEP_BYTES) {
            free(f->buf);
            f->buf = NULL;
            f->cap = 0;
        }
        while (i < avail && framer_is_space(data[i])) {
            i++;
        }
        if (i < avail && data[i] != '{' && data[i] != '[') {
            f->failed = true;
            *n = i;
            *error = "message does not start with '{' or '['";
            return OVSDB_FRAMER_ERROR;
        }
    }
    size_t start = i;
    enum ovsdb_framer_status st = OVSDB_FRAMER_NEED_MORE;
    while (i < avail) {
        st = framer_scan(f, data[i], error);
        i++;
        if (st != OVSDB_FRAMER_NEED_MORE) {
            break;
        }
    }
    if (st == OVSDB_FRAMER_ERROR) {
        f->failed = true;
        *n = i;
        return st;
    }
    if (f->len + (i - start) > f->max_bytes) {
        f->failed = true;
        *n = i;
        *error = "message exceeds the maximum size";
        return OVSDB_FRAMER_ERROR;
    }
    framer_append(f, data + start, i - start);
    *n = i;
    return st;
}

const char *
ovsdb_framer_text(const struct ovsdb_framer *f, size_t *len)
{
    *len = f->len;
    return f->buf;
}
