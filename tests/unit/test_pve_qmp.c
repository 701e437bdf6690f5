/* Unit tests for the QMP exchange: the whole conversation against a server
 * played by the test on a real unix socket (answers out of order, events in
 * between, no balloon device), a silent server (deadline), and a hostile
 * one (malformed JSON, an answer twice, an endless line, EOF). */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/util.h"
#include "pve/pve_qmp.h"
#include "check_run.h"

static char sock_path[108];
static int listener = -1;

static void
setup(void)
{
    snprintf(sock_path, sizeof sock_path, "/tmp/test_pve_qmp.%d.sock", (int) getpid());
    unlink(sock_path);
    listener = socket(AF_UNIX, SOCK_STREAM, 0);
    ck_assert_int_ge(listener, 0);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    strcpy(sun.sun_path, sock_path);
    ck_assert_int_eq(bind(listener, (struct sockaddr *) &sun, sizeof sun), 0);
    ck_assert_int_eq(listen(listener, 4), 0);
}

static void
teardown(void)
{
    close(listener);
    unlink(sock_path);
}

static void
say(int fd, const char *text)
{
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t) strlen(text));
}

/* Reads what the client sent until it holds N lines. */
static char *
hear(int fd, int n)
{
    static char buf[4096];
    size_t len = 0;
    int lines = 0;
    while (lines < n) {
        ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);
        ck_assert_int_gt(r, 0);
        for (ssize_t i = 0; i < r; i++) {
            lines += buf[len + (size_t) i] == '\n';
        }
        len += (size_t) r;
    }
    buf[len] = '\0';
    return buf;
}

static const char greeting[] =
    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 2, \"minor\": 2, \"major\": 7}}, "
    "\"capabilities\": [\"oob\"]}}\r\n";

/* Starts Q against the test's socket and accepts it: the server's fd. */
static int
start(struct pve_qmp *q, long long now)
{
    pve_qmp_init(q);
    pve_qmp_start(q, sock_path, now, 1000);
    ck_assert_int_eq(q->state, PVE_QMP_GREETING);
    int fd = accept(listener, NULL, NULL);
    ck_assert_int_ge(fd, 0);
    return fd;
}

START_TEST(test_exchange)
{
    struct pve_qmp q;
    int fd = start(&q, 0);
    pve_qmp_run(&q, 1);
    ck_assert_int_eq(q.state, PVE_QMP_GREETING);   /* nothing to read yet */
    say(fd, greeting);
    pve_qmp_run(&q, 2);
    ck_assert_int_eq(q.state, PVE_QMP_CAPS);
    ck_assert_str_eq(hear(fd, 1), "{\"execute\":\"qmp_capabilities\",\"id\":0}\n");
    say(fd, "{\"return\": {}, \"id\": 0}\r\n{\"timestamp\": {\"seconds\": 1}, \"event\": \"RESUME\"}\r\n");
    pve_qmp_run(&q, 3);
    ck_assert_int_eq(q.state, PVE_QMP_QUERIES);
    char *sent = hear(fd, 4);
    ck_assert_ptr_nonnull(strstr(sent, "query-status"));
    ck_assert_ptr_nonnull(strstr(sent, "query-blockstats"));
    /* Out of order, an event between, in pieces. */
    say(fd, "{\"id\": 4, \"return\": [{\"device\": \"drive-ide0\", \"inserted\": {\"image\": "
            "{\"virtual-size\": 65536, \"actual-size\": 4096}}}, {\"device\": \"ide1-cd0\"}]}\n"
            "{\"event\": \"BLOCK_IO_ERROR\", \"data\": {}}\n{\"id\": 2, \"error\": "
            "{\"class\": \"DeviceNotActive\", \"desc\": \"No balloon device has been activated\"}}\n"
            "{\"id\": 3, \"return\": [{\"device\": \"drive-ide0\", \"stats\": {\"rd_bytes\": 512, "
            "\"wr_bytes\": 0, \"rd_operations\": 1, \"wr_operations\": 0, "
            "\"failed_rd_operations\": 0, \"failed_wr_operations\": 2}}, {\"device\": \"x\", "
            "\"stats\": {\"rd_bytes\": 1024, \"rd_operations\": 2}}, {\"device\": \"y\"}]}\n"
            "{\"id\": 1, \"ret");
    pve_qmp_run(&q, 4);
    ck_assert_int_eq(q.state, PVE_QMP_QUERIES);
    say(fd, "urn\": {\"status\": \"paused\", \"running\": false}}\n");
    pve_qmp_run(&q, 5);
    ck_assert_int_eq(q.state, PVE_QMP_DONE);
    ck_assert_int_eq(q.fd, -1);
    ck_assert_str_eq(q.result.status, "paused");
    ck_assert(!q.result.has_balloon);
    ck_assert_uint_eq(q.result.disk.rd_bytes, 1536);
    ck_assert_uint_eq(q.result.disk.rd_req, 3);
    ck_assert_uint_eq(q.result.disk.errs, 2);
    ck_assert_uint_eq(q.result.disk.capacity, 65536);
    ck_assert_uint_eq(q.result.disk.allocation, 4096);
    ck_assert_uint_eq(q.result.disk.available, 65536 - 4096);
    close(fd);
    pve_qmp_close(&q);
}
END_TEST

START_TEST(test_silent)
{
    struct pve_qmp q;
    int fd = start(&q, 100);
    struct poll_loop loop;
    poll_loop_init(&loop);
    pve_qmp_wait(&q, &loop);
    ck_assert_int_eq(loop.deadline, 1100);
    ck_assert_int_eq(loop.n_fds, 1);
    pve_qmp_run(&q, 1099);
    ck_assert_int_eq(q.state, PVE_QMP_GREETING);
    pve_qmp_run(&q, 1100);
    ck_assert_int_eq(q.state, PVE_QMP_FAILED);
    ck_assert_str_eq(q.error, "no answer in time");
    ck_assert(pve_qmp_finished(&q));
    close(fd);
    pve_qmp_close(&q);
}
END_TEST

/* The server says TEXT after the greeting (and capabilities when CAPS): the
 * exchange fails with an error starting with WANT. */
static void
hostile(bool caps, const char *text, const char *want)
{
    struct pve_qmp q;
    int fd = start(&q, 0);
    say(fd, greeting);
    pve_qmp_run(&q, 1);
    if (caps) {
        hear(fd, 1);
        say(fd, "{\"return\": {}, \"id\": 0}\n");
        pve_qmp_run(&q, 2);
        ck_assert_int_eq(q.state, PVE_QMP_QUERIES);
    }
    if (text) {
        say(fd, text);
    } else {
        shutdown(fd, SHUT_WR);
    }
    for (int i = 0; i < 100 && !pve_qmp_finished(&q); i++) {
        pve_qmp_run(&q, 3);
    }
    ck_assert_int_eq(q.state, PVE_QMP_FAILED);
    ck_assert_msg(!strncmp(q.error, want, strlen(want)), "%s", q.error);
    close(fd);
    pve_qmp_close(&q);
}

START_TEST(test_hostile)
{
    hostile(false, "{\"return\": {}, \"id\": 1}\n", "qmp_capabilities refused");
    hostile(false, "{\"error\": {}, \"id\": 0}\n", "qmp_capabilities refused");
    hostile(true, "not json\n", "malformed message");
    hostile(true, "[1, 2]\n", "malformed message: not an object");
    hostile(true, "{\"id\": 1, \"id\": 2, \"return\": {}}\n", "malformed message");
    hostile(true, "{\"id\": 9, \"return\": {}}\n", "unexpected answer id 9");
    hostile(true, "{\"id\": 2, \"return\": {}}\n{\"id\": 2, \"return\": {}}\n",
            "unexpected answer id 2");
    hostile(true, "{\"id\": 1, \"return\": {\"status\": 5}}\n", "query-status gave no status");
    hostile(true, "{\"id\": 3}\n", "an answer without id or return");
    hostile(true, NULL, "QEMU closed the socket");
    /* An endless line: refused past the bound, never buffered without end. */
    struct pve_qmp q;
    int fd = start(&q, 0);
    char *junk = xmalloc(65536);
    memset(junk, ' ', 65536);
    bool failed = false;
    for (int i = 0; i < 40 && !failed; i++) {
        ssize_t w = write(fd, junk, 65536);
        ck_assert_int_gt(w, 0);
        for (int j = 0; j < 8 && !failed; j++) {
            pve_qmp_run(&q, 1);
            failed = q.state == PVE_QMP_FAILED;
        }
    }
    ck_assert(failed);
    ck_assert_str_eq(q.error, "more than 1048576 bytes of answers");
    free(junk);
    close(fd);
    pve_qmp_close(&q);
    /* No such socket. */
    pve_qmp_init(&q);
    pve_qmp_start(&q, "/nonexistent/qmp.sock", 0, 1000);
    ck_assert_int_eq(q.state, PVE_QMP_FAILED);
    ck_assert_ptr_nonnull(strstr(q.error, "No such file"));
    pve_qmp_close(&q);
}
END_TEST

START_TEST(test_parsers)
{
    json_t *j = json_loads("{\"actual\": 536870912}", 0, NULL);
    struct pve_qmp_result r = { 0 };
    ck_assert(pve_qmp_parse_balloon(j, &r));
    ck_assert(r.has_balloon);
    ck_assert_uint_eq(r.balloon_actual, 536870912);
    json_decref(j);
    j = json_loads("{\"actual\": -1}", 0, NULL);
    struct pve_qmp_result r2 = { 0 };
    ck_assert(!pve_qmp_parse_balloon(j, &r2));
    json_decref(j);
    /* Wrong shapes add nothing. */
    struct sflow_virt_disk_io d = { 0 };
    j = json_loads("[1, {\"stats\": 3}, {\"stats\": {\"rd_bytes\": -5, \"wr_bytes\": \"x\"}}]", 0,
                   NULL);
    pve_qmp_parse_blockstats(j, &d);
    pve_qmp_parse_block(j, &d);
    json_decref(j);
    j = json_loads("{\"not\": \"a list\"}", 0, NULL);
    pve_qmp_parse_blockstats(j, &d);
    pve_qmp_parse_block(j, &d);
    json_decref(j);
    struct sflow_virt_disk_io zero = { 0 };
    ck_assert_mem_eq(&d, &zero, sizeof d);
    j = json_loads("{\"status\": \"a-status-name-longer-than-thirty-one\"}", 0, NULL);
    ck_assert(!pve_qmp_parse_status(j, &r));
    json_decref(j);
}
END_TEST

CHECK_MAIN(
    .name = "pve_qmp",
    .tests = CHECK_TESTS(test_exchange, test_silent, test_hostile, test_parsers),
    .setup = setup, .teardown = teardown)
