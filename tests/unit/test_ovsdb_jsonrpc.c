/* Unit tests for JSON-RPC messages and connections (over a socketpair): id
 * matching, the peer's echo answered, unknown ids and malformed messages
 * rejected, split messages reassembled, EOF reported, tx queue capped. */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ovsdb/jsonrpc.h"
#include "ovsdb/stream.h"
#include "common/util.h"
#include "check_run.h"

static struct ovsdb_rpc *rpc;
static int peer;

static void
setup(void)
{
    int sv[2];
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    struct ovsdb_stream *s = xzalloc(sizeof *s);
    s->fd = sv[0];
    s->connected = true;
    s->name = xstrdup("test");
    rpc = ovsdb_rpc_create(s, 4096);
    peer = sv[1];
}

static void
teardown(void)
{
    ovsdb_rpc_destroy(rpc);
    close(peer);
}

static void
peer_write(const char *text)
{
    ck_assert_int_eq(write(peer, text, strlen(text)), (ssize_t) strlen(text));
}

/* Reads what the connection sent, as one JSON value (the test sends one
 * message at a time). */
static json_t *
peer_read(void)
{
    char buf[4096];
    ssize_t n = read(peer, buf, sizeof buf);
    ck_assert_int_gt(n, 0);
    json_t *j = json_loadb(buf, (size_t) n, 0, NULL);
    ck_assert_ptr_nonnull(j);
    return j;
}

START_TEST(test_request_reply)
{
    uint64_t id1 = ovsdb_rpc_request(rpc, "get_schema", json_pack("[s]", "db"), 7, 70);
    uint64_t id2 = ovsdb_rpc_request(rpc, "transact", json_pack("[s]", "db"), 8, 80);
    ck_assert_uint_eq(id1, 1);
    ck_assert_uint_eq(id2, 2);
    char buf[512];
    ssize_t n = read(peer, buf, sizeof buf - 1);
    ck_assert_int_gt(n, 0);
    buf[n] = '\0';
    ck_assert_ptr_nonnull(strstr(buf, "\"method\":\"get_schema\""));
    ck_assert_ptr_nonnull(strstr(buf, "\"id\":2"));

    /* Replies in the other order, the second split in two writes. */
    struct ovsdb_rpc_msg *m;
    const char *error;
    peer_write("{\"id\":2,\"result\":[{}],\"error\":null}{\"id\":1,\"res");
    ck_assert_int_eq(ovsdb_rpc_recv(rpc, &m, &error), 0);
    ck_assert_int_eq(m->type, OVSDB_RPC_REPLY);
    ck_assert_int_eq(m->kind, 8);
    ck_assert_uint_eq(m->tag, 80);
    ovsdb_rpc_msg_free(m);
    ck_assert_int_eq(ovsdb_rpc_recv(rpc, &m, &error), EAGAIN);
    peer_write("ult\":null,\"error\":{\"error\":\"unknown database\"}}");
    ck_assert_int_eq(ovsdb_rpc_recv(rpc, &m, &error), 0);
    ck_assert_int_eq(m->type, OVSDB_RPC_ERROR);
    ck_assert_int_eq(m->kind, 7);
    ck_assert_str_eq(ovsdb_rpc_msg_error_text(m), "unknown database");
    ovsdb_rpc_msg_free(m);
    /* Answered ids are forgotten: a second reply to 1 is unknown. */
    peer_write("{\"id\":1,\"result\":{},\"error\":null}");
    ck_assert_int_eq(ovsdb_rpc_recv(rpc, &m, &error), EPROTO);
    ck_assert_str_eq(error, "reply with unknown id 1");
}
END_TEST

START_TEST(test_echo_answered)
{
    struct ovsdb_rpc_msg *m;
    const char *error;
    peer_write("{\"method\":\"echo\",\"params\":[\"a\",1],\"id\":\"e1\"}"
               "{\"method\":\"update2\",\"params\":[\"monitor\",{}],\"id\":null}");
    ck_assert_int_eq(ovsdb_rpc_recv(rpc, &m, &error), 0);
    ck_assert_int_eq(m->type, OVSDB_RPC_NOTIFY);
    ck_assert_str_eq(m->method, "update2");
    ovsdb_rpc_msg_free(m);
    ck_assert_int_eq(ovsdb_rpc_flush(rpc), 0);
    json_t *reply = peer_read();
    char *t = json_dumps(reply, JSON_COMPACT | JSON_SORT_KEYS);
    ck_assert_str_eq(t, "{\"error\":null,\"id\":\"e1\",\"result\":[\"a\",1]}");
    free(t);
    json_decref(reply);

    /* Our probe: its reply comes back with the echo kind. */
    ovsdb_rpc_send_echo(rpc);
    json_t *req = peer_read();
    ck_assert_str_eq(json_string_value(json_object_get(req, "method")), "echo");
    char *text = xasprintf("{\"id\":%lld,\"result\":[],\"error\":null}",
                           (long long) json_integer_value(json_object_get(req, "id")));
    json_decref(req);
    peer_write(text);
    free(text);
    ck_assert_int_eq(ovsdb_rpc_recv(rpc, &m, &error), 0);
    ck_assert_int_eq(m->kind, OVSDB_RPC_KIND_ECHO);
    ovsdb_rpc_msg_free(m);
}
END_TEST

START_TEST(test_bad_messages)
{
    static const char *const bad[] = {
        "[1,2]",
        "{\"foo\":1}",
        "{\"method\":1,\"params\":[],\"id\":1}",
        "{\"method\":\"x\",\"params\":{},\"id\":1}",
        "{\"method\":\"x\",\"params\":[],\"result\":1,\"id\":1}",
        "{\"result\":1,\"error\":null,\"id\":null}",
        "{\"result\":1,\"error\":null}",
        "{\"error\":null,\"id\":3}",
        "{\"a\":tru}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *error = NULL;
        struct ovsdb_rpc_msg *m = ovsdb_rpc_msg_from_text(bad[i], strlen(bad[i]), &error);
        ck_assert_msg(m == NULL, "accepted %s", bad[i]);
        ck_assert_ptr_nonnull(error);
    }
    const char *error;
    struct ovsdb_rpc_msg *m;
    peer_write("{\"a\":tru}");
    ck_assert_int_eq(ovsdb_rpc_recv(rpc, &m, &error), EPROTO);
    ck_assert_ptr_nonnull(strstr(error, "malformed JSON"));
}
END_TEST

START_TEST(test_oversized_and_eof)
{
    struct ovsdb_rpc_msg *m;
    const char *error;
    char big[5000];
    memset(big, ' ', sizeof big);
    memcpy(big, "[\"", 2);
    memcpy(big + sizeof big - 3, "\"]", 3);
    peer_write(big);
    ck_assert_int_eq(ovsdb_rpc_recv(rpc, &m, &error), EPROTO);
    ck_assert_ptr_nonnull(strstr(error, "maximum size"));
}
END_TEST

START_TEST(test_eof)
{
    struct ovsdb_rpc_msg *m;
    const char *error;
    close(peer);
    peer = -1;
    ck_assert_int_eq(ovsdb_rpc_recv(rpc, &m, &error), EPIPE);
    ck_assert_str_eq(error, "connection closed by peer");
}
END_TEST

START_TEST(test_tx_cap)
{
    /* The peer never reads: the queue stops at one maximum message. */
    char *s = xmalloc(2000);
    memset(s, 'x', 1999);
    s[1999] = '\0';
    int i;
    for (i = 0; i < 10000 && !rpc->send_error; i++) {
        ovsdb_rpc_request(rpc, "transact", json_pack("[s]", s), 1, 0);
    }
    free(s);
    ck_assert_int_eq(rpc->send_error, ENOBUFS);
    ck_assert_uint_le(rpc->stream->tx_len, 4096);
    struct ovsdb_rpc_msg *m;
    const char *error;
    ck_assert_int_eq(ovsdb_rpc_recv(rpc, &m, &error), ENOBUFS);
}
END_TEST

CHECK_MAIN(
    .name = "ovsdb_jsonrpc",
    .setup = setup, .teardown = teardown,
    .tests = CHECK_TESTS(test_request_reply, test_echo_answered, test_bad_messages,
                         test_oversized_and_eof, test_eof, test_tx_cap))
