/* Unit tests of the control socket: the unixctl protocol as ovs-appctl speaks
 * it, and hostile clients, with the server run in-process and time injected. */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "check_run.h"
#include "common/util.h"
#include "unixctl/unixctl.h"

static char dir[64];
static char path[128];
static struct unixctl_server *srv;
static int echo_calls;
static char rbuf[65536];
static size_t rlen;

static bool
cmd_echo(int argc, const char *argv[], void *aux, char **reply)
{
    (void) aux;
    echo_calls++;
    size_t len;
    FILE *f = open_memstream(reply, &len);
    for (int i = 0; i < argc; i++) {
        fprintf(f, "%s%s", i ? " " : "", argv[i]);
    }
    fclose(f);
    return true;
}

static bool
cmd_fail(int argc, const char *argv[], void *aux, char **reply)
{
    (void) argc;
    (void) argv;
    (void) aux;
    *reply = xstrdup("it went wrong");
    return false;
}

static bool
cmd_big(int argc, const char *argv[], void *aux, char **reply)
{
    (void) argc;
    (void) argv;
    (void) aux;
    size_t n = 2 * 1024 * 1024;
    *reply = xmalloc(n + 1);
    memset(*reply, 'x', n);
    (*reply)[n] = '\0';
    return true;
}

static void
setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/unixctl.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.ctl", dir);
    char *err = NULL;
    srv = unixctl_server_create(path, "testd", "9.9", &err);
    ck_assert_msg(srv != NULL, "%s", err ? err : "");
    unixctl_command_register(srv, "t/echo", "[ARG...]", 0, 3, cmd_echo, NULL);
    unixctl_command_register(srv, "t/fail", "", 0, 0, cmd_fail, NULL);
    unixctl_command_register(srv, "t/big", "", 0, 0, cmd_big, NULL);
    echo_calls = 0;
    rlen = 0;
}

static void
teardown(void)
{
    unixctl_server_destroy(srv);
    srv = NULL;
    rmdir(dir);
}

static int
client(void)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    strcpy(sun.sun_path, path);
    ck_assert_int_eq(connect(fd, (struct sockaddr *) &sun, sizeof sun), 0);
    return fd;
}

static void
send_str(int fd, const char *s)
{
    ck_assert_int_eq(send(fd, s, strlen(s), MSG_NOSIGNAL), (ssize_t) strlen(s));
}

/* Runs the server until FD has a whole JSON reply (or 2 s pass); returns it.
 * Bytes after it (a pipelined reply) are kept for the next call. */
static json_t *
reply(int fd)
{
    for (int i = 0; i < 200; i++) {
        json_error_t e;
        json_t *j = rlen ? json_loadb(rbuf, rlen, JSON_DISABLE_EOF_CHECK, &e) : NULL;
        if (j) {
            memmove(rbuf, rbuf + e.position, rlen - e.position);
            rlen -= e.position;
            return j;
        }
        unixctl_server_run(srv, 1000);
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, 10) > 0) {
            ssize_t n = recv(fd, rbuf + rlen, sizeof rbuf - 1 - rlen, MSG_DONTWAIT);
            if (n <= 0) {
                return NULL;
            }
            rlen += (size_t) n;
        }
    }
    return NULL;
}

/* True once the server has closed FD's connection (EOF seen). */
static bool
closed(int fd, long long now)
{
    char buf[4096];
    for (int i = 0; i < 100; i++) {
        unixctl_server_run(srv, now);
        ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno == ECONNRESET)) {
            return true;
        }
    }
    return false;
}

static const char *
result_of(json_t *j)
{
    return json_string_value(json_object_get(j, "result"));
}

static const char *
error_of(json_t *j)
{
    return json_string_value(json_object_get(j, "error"));
}

START_TEST(socket_mode_and_removal)
{
    struct stat st;
    char *err = NULL;
    /* A second server on a live socket refuses instead of stealing it. */
    ck_assert_ptr_null(unixctl_server_create(path, "testd", "9.9", &err));
    ck_assert_ptr_nonnull(strstr(err, "another process is listening"));
    free(err);
    err = NULL;
    ck_assert_int_eq(lstat(path, &st), 0);
    ck_assert(S_ISSOCK(st.st_mode));
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    unixctl_server_destroy(srv);
    srv = NULL;
    ck_assert_int_ne(lstat(path, &st), 0);
    /* A regular file in the way is never replaced. */
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    close(fd);
    ck_assert_ptr_null(unixctl_server_create(path, "testd", "9.9", &err));
    ck_assert_ptr_nonnull(strstr(err, "not a socket"));
    free(err);
    unlink(path);
    /* A socket left by a process that died is replaced. */
    int dead = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    strcpy(sun.sun_path, path);
    ck_assert_int_eq(bind(dead, (struct sockaddr *) &sun, sizeof sun), 0);
    close(dead);
    srv = unixctl_server_create(path, "testd", "9.9", &err);
    ck_assert_ptr_nonnull(srv);
}
END_TEST

START_TEST(builtins_and_commands)
{
    int fd = client();
    send_str(fd, "{\"method\":\"version\",\"params\":[],\"id\":0}");
    json_t *j = reply(fd);
    ck_assert_str_eq(result_of(j), "testd (hsflowd) 9.9\n");
    ck_assert(json_is_null(json_object_get(j, "error")));
    ck_assert_int_eq(json_integer_value(json_object_get(j, "id")), 0);
    json_decref(j);

    send_str(fd, "{\"method\":\"t/echo\",\"params\":[\"a\",\"b c\"],\"id\":7}");
    j = reply(fd);
    ck_assert_str_eq(result_of(j), "t/echo a b c\n");
    ck_assert_int_eq(json_integer_value(json_object_get(j, "id")), 7);
    json_decref(j);

    send_str(fd, "{\"id\":\"x\",\"method\":\"list-commands\",\"params\":[]}");
    j = reply(fd);
    ck_assert_ptr_nonnull(strstr(result_of(j), "  t/echo                  [ARG...]\n"));
    ck_assert_ptr_nonnull(strstr(result_of(j), "vlog/set"));
    ck_assert_str_eq(json_string_value(json_object_get(j, "id")), "x");
    json_decref(j);

    send_str(fd, "{\"method\":\"t/fail\",\"params\":[],\"id\":1}");
    j = reply(fd);
    ck_assert_str_eq(error_of(j), "it went wrong\n");
    ck_assert(json_is_null(json_object_get(j, "result")));
    json_decref(j);

    send_str(fd, "{\"method\":\"nope\",\"params\":[],\"id\":2}");
    j = reply(fd);
    ck_assert_ptr_nonnull(strstr(error_of(j), "\"nope\" is not a valid command"));
    json_decref(j);

    send_str(fd, "{\"method\":\"t/echo\",\"params\":[\"1\",\"2\",\"3\",\"4\"],\"id\":3}");
    j = reply(fd);
    ck_assert_str_eq(error_of(j), "\"t/echo\" command takes at most 3 arguments\n");
    json_decref(j);

    send_str(fd, "{\"method\":\"t/echo\",\"params\":[1],\"id\":4}");
    j = reply(fd);
    ck_assert_str_eq(error_of(j), "\"t/echo\" command has non-string argument\n");
    json_decref(j);

    send_str(fd, "{\"method\":\"vlog/set\",\"params\":[],\"id\":5}");
    j = reply(fd);
    ck_assert_str_eq(error_of(j), "\"vlog/set\" command requires at least 1 arguments\n");
    json_decref(j);
    close(fd);
}
END_TEST

START_TEST(vlog)
{
    int fd = client();
    send_str(fd, "{\"method\":\"vlog/set\",\"params\":[\"ANY:console:dbg\"],\"id\":0}");
    json_t *j = reply(fd);
    ck_assert_str_eq(result_of(j), "");
    json_decref(j);
    send_str(fd, "{\"method\":\"vlog/list\",\"params\":[],\"id\":0}");
    j = reply(fd);
    ck_assert_ptr_nonnull(strstr(result_of(j), "testd            DBG"));
    json_decref(j);
    send_str(fd, "{\"method\":\"vlog/set\",\"params\":[\"warn\"],\"id\":0}");
    json_decref(reply(fd));
    send_str(fd, "{\"method\":\"vlog/list\",\"params\":[],\"id\":0}");
    j = reply(fd);
    ck_assert_ptr_nonnull(strstr(result_of(j), "testd            WARN"));
    json_decref(j);
    send_str(fd, "{\"method\":\"vlog/set\",\"params\":[\"loud\"],\"id\":0}");
    j = reply(fd);
    ck_assert_ptr_nonnull(strstr(error_of(j), "bad log level"));
    json_decref(j);
    close(fd);
}
END_TEST

START_TEST(split_and_pipelined)
{
    int fd = client();
    send_str(fd, "{\"method\":\"t/echo\",\"params\":[],\"id\":1,\"x\":tr");
    unixctl_server_run(srv, 1000);
    send_str(fd, "ue}");
    json_t *j = reply(fd);
    ck_assert_str_eq(result_of(j), "t/echo\n");
    json_decref(j);
    send_str(fd, "  {\"method\":\"t/ec");
    unixctl_server_run(srv, 1000);
    send_str(fd, "ho\",\"params\":[\"x\"],\"id\":1}\n{\"method\":\"t/echo\",\"params\":[],\"id\":2}");
    j = reply(fd);
    ck_assert_str_eq(result_of(j), "t/echo x\n");
    json_decref(j);
    j = reply(fd);
    ck_assert_str_eq(result_of(j), "t/echo\n");
    ck_assert_int_eq(json_integer_value(json_object_get(j, "id")), 2);
    json_decref(j);
    ck_assert_int_eq(echo_calls, 3);
    close(fd);
}
END_TEST

START_TEST(garbage_is_dropped)
{
    int fd = client();
    send_str(fd, "GET / HTTP/1.0\r\n\r\n");
    ck_assert(closed(fd, 1000));
    close(fd);
    fd = client();
    send_str(fd, "[\"method\",\"version\"]");
    ck_assert(closed(fd, 1000));
    close(fd);
    fd = client();
    send_str(fd, "{\"method\":\"version\",\"params\":[]}");   /* no id */
    ck_assert(closed(fd, 1000));
    close(fd);
    ck_assert_int_eq(unixctl_server_n_conns(srv), 0);
    /* The server still answers. */
    fd = client();
    send_str(fd, "{\"method\":\"version\",\"params\":[],\"id\":0}");
    json_t *j = reply(fd);
    ck_assert_ptr_nonnull(j);
    json_decref(j);
    close(fd);
}
END_TEST

START_TEST(oversized_request_is_dropped)
{
    int fd = client();
    int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    send_str(fd, "{\"method\":\"t/echo\",\"params\":[\"");
    char chunk[4096];
    memset(chunk, 'a', sizeof chunk);
    size_t sent = 0;
    bool dropped = false;
    for (int i = 0; i < 1000 && !dropped; i++) {
        ssize_t n = send(fd, chunk, sizeof chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            sent += (size_t) n;
        } else if (n < 0 && errno != EAGAIN) {
            dropped = true;
        }
        unixctl_server_run(srv, 1000);
        dropped = dropped || unixctl_server_n_conns(srv) == 0;
    }
    ck_assert_msg(dropped, "still connected after %zu bytes", sent);
    ck_assert_uint_le(sent, UNIXCTL_MAX_REQUEST + 512 * 1024);
    ck_assert_int_eq(echo_calls, 0);
    close(fd);
}
END_TEST

START_TEST(stalled_clients_are_dropped)
{
    int half = client();
    send_str(half, "{\"method\":\"version\"");
    int idle = client();           /* connected, sends nothing: fine until it stalls */
    int deaf = client();           /* asks for a large reply and never reads it */
    send_str(deaf, "{\"method\":\"t/big\",\"params\":[],\"id\":0}");
    unixctl_server_run(srv, 1000);
    unixctl_server_run(srv, 1000);
    ck_assert_int_eq(unixctl_server_n_conns(srv), 3);
    unixctl_server_run(srv, 1000 + UNIXCTL_IDLE_MS + 1);
    ck_assert_int_eq(unixctl_server_n_conns(srv), 1);   /* only the idle one */
    ck_assert(closed(half, 1000 + UNIXCTL_IDLE_MS + 1));
    close(half);
    close(idle);
    close(deaf);
}
END_TEST

START_TEST(connection_limit)
{
    int fds[UNIXCTL_MAX_CONNS + 1];
    for (int i = 0; i <= UNIXCTL_MAX_CONNS; i++) {
        fds[i] = client();
        unixctl_server_run(srv, 1000);
    }
    ck_assert_int_eq(unixctl_server_n_conns(srv), UNIXCTL_MAX_CONNS);
    ck_assert(closed(fds[UNIXCTL_MAX_CONNS], 1000));
    for (int i = 0; i <= UNIXCTL_MAX_CONNS; i++) {
        close(fds[i]);
    }
    unixctl_server_run(srv, 1000);
    ck_assert_int_eq(unixctl_server_n_conns(srv), 0);
}
END_TEST

CHECK_MAIN(.name = "unixctl", .setup = setup, .teardown = teardown,
           .tests = CHECK_TESTS(socket_mode_and_removal, builtins_and_commands, vlog,
                                split_and_pipelined, garbage_is_dropped,
                                oversized_request_is_dropped, stalled_clients_are_dropped,
                                connection_limit))
