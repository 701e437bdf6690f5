/* jsonrpc: JSON-RPC messages and connections. See jsonrpc.h. */
#include <config.h>

#include "ovsdb/jsonrpc.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "ovsdb/stream.h"
#include "common/util.h"

#define RPC_READ_CHUNK 65536

/* ---- messages ------------------------------------------------------------- */

void
ovsdb_rpc_msg_free(struct ovsdb_rpc_msg *m)
{
    if (m) {
        free(m->method);
        json_decref(m->params);
        json_decref(m->result);
        json_decref(m->error);
        json_decref(m->id);
        free(m);
    }
}

static json_t *
rpc_take(json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    return v ? json_incref(v) : NULL;
}

/* Takes ownership of J. Returns a message, or NULL with *ERROR set (static
 * string) when J is not a valid JSON-RPC message. */
static struct ovsdb_rpc_msg *
ovsdb_rpc_msg_parse(json_t *j, const char **error)
{
    struct ovsdb_rpc_msg *m = NULL;

    if (!json_is_object(j)) {
        *error = "message is not a JSON object";
        goto out;
    }
    json_t *method = json_object_get(j, "method");
    json_t *id = json_object_get(j, "id");
    if (method) {
        json_t *params = json_object_get(j, "params");
        if (!json_is_string(method)) {
            *error = "\"method\" is not a string";
            goto out;
        }
        if (!json_is_array(params)) {
            *error = "\"params\" is missing or not an array";
            goto out;
        }
        if (json_object_get(j, "result") || json_object_get(j, "error")) {
            *error = "request has \"result\" or \"error\"";
            goto out;
        }
        m = xzalloc(sizeof *m);
        m->type = id && !json_is_null(id) ? OVSDB_RPC_REQUEST : OVSDB_RPC_NOTIFY;
        m->method = xstrdup(json_string_value(method));
        m->params = rpc_take(j, "params");
        m->id = m->type == OVSDB_RPC_REQUEST ? rpc_take(j, "id") : NULL;
    } else {
        json_t *result = json_object_get(j, "result");
        json_t *err = json_object_get(j, "error");
        if (!id || json_is_null(id)) {
            *error = "reply without \"id\"";
            goto out;
        }
        if (!result && !err) {
            *error = "message has neither \"method\" nor \"result\"/\"error\"";
            goto out;
        }
        m = xzalloc(sizeof *m);
        if (err && !json_is_null(err)) {
            m->type = OVSDB_RPC_ERROR;
            m->error = json_incref(err);
        } else {
            if (!result) {
                free(m);
                m = NULL;
                *error = "reply without \"result\"";
                goto out;
            }
            m->type = OVSDB_RPC_REPLY;
            m->result = json_incref(result);
        }
        m->id = json_incref(id);
    }
out:
    json_decref(j);
    return m;
}

const char *
ovsdb_rpc_msg_error_text(const struct ovsdb_rpc_msg *m)
{
    const json_t *e = m->error;
    if (json_is_object(e)) {
        const json_t *inner = json_object_get(e, "error");
        if (json_is_string(inner)) {
            return json_string_value(inner);
        }
    }
    if (json_is_string(e)) {
        return json_string_value(e);
    }
    return "unrecognized error";
}

struct ovsdb_rpc_msg *
ovsdb_rpc_msg_from_text(const char *text, size_t len, const char **error)
{
    json_error_t jerr;
    json_t *j = json_loadb(text, len, 0, &jerr);
    if (!j) {
        *error = "malformed JSON";
        return NULL;
    }
    return ovsdb_rpc_msg_parse(j, error);
}

/* ---- connection ------------------------------------------------------------ */

struct ovsdb_rpc *
ovsdb_rpc_create(struct ovsdb_stream *stream, size_t max_message_bytes)
{
    struct ovsdb_rpc *rpc = xzalloc(sizeof *rpc);
    rpc->stream = stream;
    /* Our own output is small (requests, echo answers): a peer that lets
     * it pile up past one maximum message is not reading. */
    stream->tx_max = max_message_bytes;
    ovsdb_framer_init(&rpc->framer, max_message_bytes);
    rpc->rx = xmalloc(RPC_READ_CHUNK);
    rpc->next_id = 1;
    return rpc;
}

void
ovsdb_rpc_destroy(struct ovsdb_rpc *rpc)
{
    if (rpc) {
        ovsdb_stream_close(rpc->stream);
        ovsdb_framer_destroy(&rpc->framer);
        free(rpc->rx);
        free(rpc->pending);
        free(rpc);
    }
}

/* Serializes and queues J (takes ownership). */
static void
rpc_send_json(struct ovsdb_rpc *rpc, json_t *j)
{
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!text) {
        rpc->send_error = ENOMEM;
        return;
    }
    if (!rpc->send_error) {
        int err = ovsdb_stream_send(rpc->stream, text, strlen(text));
        if (err) {
            rpc->send_error = err;
        }
    }
    free(text);
}

uint64_t
ovsdb_rpc_request(struct ovsdb_rpc *rpc, const char *method, json_t *params, int kind,
                  uint64_t tag)
{
    uint64_t id = rpc->next_id++;
    json_t *j = json_pack("{s:s, s:o, s:I}", "method", method, "params", params,
                          "id", (json_int_t) id);
    if (!j) {
        rpc->send_error = ENOMEM;
        return 0;
    }
    if (rpc->n_pending == rpc->pending_cap) {
        rpc->pending_cap = rpc->pending_cap ? rpc->pending_cap * 2 : 8;
        rpc->pending = xreallocarray(rpc->pending, rpc->pending_cap, sizeof *rpc->pending);
    }
    rpc->pending[rpc->n_pending++] = (struct ovsdb_rpc_pending) { id, kind, tag };
    rpc_send_json(rpc, j);
    return rpc->send_error ? 0 : id;
}

void
ovsdb_rpc_send_echo(struct ovsdb_rpc *rpc)
{
    ovsdb_rpc_request(rpc, "echo", json_array(), OVSDB_RPC_KIND_ECHO, 0);
}

/* Finds and removes the pending request with the id of reply M. */
static bool
rpc_match_reply(struct ovsdb_rpc *rpc, struct ovsdb_rpc_msg *m)
{
    if (!json_is_integer(m->id) || json_integer_value(m->id) <= 0) {
        return false;
    }
    uint64_t id = (uint64_t) json_integer_value(m->id);
    for (size_t i = 0; i < rpc->n_pending; i++) {
        if (rpc->pending[i].id == id) {
            m->kind = rpc->pending[i].kind;
            m->tag = rpc->pending[i].tag;
            rpc->pending[i] = rpc->pending[--rpc->n_pending];
            return true;
        }
    }
    return false;
}

/* Answers the peer's echo request M (RFC 7047 4.1.11: same params). */
static void
rpc_answer_echo(struct ovsdb_rpc *rpc, const struct ovsdb_rpc_msg *m)
{
    json_t *j = json_pack("{s:O, s:n, s:O}", "result", m->params, "error", "id", m->id);
    if (j) {
        rpc_send_json(rpc, j);
    }
}

/* Handles one complete text. Returns 0 with *MSGP (maybe NULL when the
 * message was consumed here), or an errno value with *ERROR. */
static int
rpc_handle_text(struct ovsdb_rpc *rpc, struct ovsdb_rpc_msg **msgp, const char **error)
{
    size_t len;
    const char *text = ovsdb_framer_text(&rpc->framer, &len);
    const char *why;
    struct ovsdb_rpc_msg *m = ovsdb_rpc_msg_from_text(text, len, &why);

    *msgp = NULL;
    if (!m) {
        snprintf(rpc->error_buf, sizeof rpc->error_buf, "%s (%zu-byte message)", why, len);
        *error = rpc->error_buf;
        return EPROTO;
    }
    if (m->type == OVSDB_RPC_REQUEST && !strcmp(m->method, "echo")) {
        rpc_answer_echo(rpc, m);
        ovsdb_rpc_msg_free(m);
        return 0;
    }
    if ((m->type == OVSDB_RPC_REPLY || m->type == OVSDB_RPC_ERROR)
        && !rpc_match_reply(rpc, m)) {
        char *id = json_dumps(m->id, JSON_COMPACT | JSON_ENCODE_ANY);
        snprintf(rpc->error_buf, sizeof rpc->error_buf, "reply with unknown id %.40s",
                 id ? id : "?");
        free(id);
        ovsdb_rpc_msg_free(m);
        *error = rpc->error_buf;
        return EPROTO;
    }
    *msgp = m;
    return 0;
}

int
ovsdb_rpc_recv(struct ovsdb_rpc *rpc, struct ovsdb_rpc_msg **msgp, const char **error)
{
    *msgp = NULL;
    for (;;) {
        if (rpc->send_error) {
            snprintf(rpc->error_buf, sizeof rpc->error_buf, "send failed: %s",
                     strerror(rpc->send_error));
            *error = rpc->error_buf;
            return rpc->send_error;
        }
        while (rpc->rx_off < rpc->rx_len) {
            size_t n = rpc->rx_len - rpc->rx_off;
            const char *why;
            enum ovsdb_framer_status st = ovsdb_framer_feed(&rpc->framer,
                                                            rpc->rx + rpc->rx_off, &n, &why);
            rpc->rx_off += n;
            if (st == OVSDB_FRAMER_ERROR) {
                *error = why;
                return EPROTO;
            }
            if (st == OVSDB_FRAMER_TEXT) {
                int err = rpc_handle_text(rpc, msgp, error);
                if (err || *msgp) {
                    return err;
                }
            }
        }
        rpc->rx_off = rpc->rx_len = 0;
        ssize_t r = ovsdb_stream_recv(rpc->stream, rpc->rx, RPC_READ_CHUNK);
        if (r == -EAGAIN) {
            return EAGAIN;
        }
        if (r == 0) {
            *error = "connection closed by peer";
            return EPIPE;
        }
        if (r < 0) {
            snprintf(rpc->error_buf, sizeof rpc->error_buf, "receive failed: %s",
                     strerror((int) -r));
            *error = rpc->error_buf;
            return (int) -r;
        }
        rpc->rx_len = (size_t) r;
        rpc->rx_bytes += (unsigned long long) r;
    }
}

int
ovsdb_rpc_flush(struct ovsdb_rpc *rpc)
{
    if (!rpc->send_error) {
        rpc->send_error = ovsdb_stream_flush(rpc->stream);
    }
    return rpc->send_error;
}

void
ovsdb_rpc_wait(const struct ovsdb_rpc *rpc, struct poll_loop *loop)
{
    if (rpc->send_error || rpc->rx_off < rpc->rx_len) {
        poll_loop_immediate_wake(loop);
    }
    ovsdb_stream_wait(rpc->stream, loop);
}
