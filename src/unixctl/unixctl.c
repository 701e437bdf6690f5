#include <config.h>
#include "unixctl/unixctl.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"

struct unixctl_command {
    char *name;                     /* owned */
    char *usage;                    /* owned */
    int min_args, max_args;
    unixctl_cb *cb;                 /* or: */
    unixctl_print_cb *print;        /* no arguments, reply written to a stream */
    void *aux;                      /* the registrant's */
};

/* One client. IN holds bytes of requests not yet answered; OUT the reply
 * being written. While OUT is not empty nothing more is read, so a client
 * that sends requests but never reads them fills nothing but its socket. */
struct unixctl_conn {
    int fd;                         /* owned */
    char *in;                       /* owned, IN_LEN bytes used */
    size_t in_len;
    size_t tried_len;               /* IN_LEN when it last held no whole request */
    char *out;                      /* owned, OUT_LEN bytes, OUT_OFF written */
    size_t out_len, out_off;
    long long deadline;             /* dropped then unless it makes progress */
};

struct unixctl_server {
    int fd;                         /* owned, listening */
    char *path;                     /* owned; unlinked on destroy */
    char *program, *version;        /* owned */
    struct unixctl_command *cmds;   /* owned, N_CMDS */
    size_t n_cmds;
    struct unixctl_conn conns[UNIXCTL_MAX_CONNS];
    size_t n_conns;
    long long now;
};

/* ---- built-in commands ------------------------------------------------------ */

static int
cmd_compare(const void *a_, const void *b_)
{
    const struct unixctl_command *a = a_, *b = b_;
    return strcmp(a->name, b->name);
}

static bool
cmd_list_commands(int argc, const char *argv[], void *aux, char **reply)
{
    struct unixctl_server *s = aux;
    (void) argc;
    (void) argv;
    struct unixctl_command *sorted = xcalloc(s->n_cmds, sizeof *sorted);
    memcpy(sorted, s->cmds, s->n_cmds * sizeof *sorted);
    qsort(sorted, s->n_cmds, sizeof *sorted, cmd_compare);
    size_t len;
    FILE *f = open_memstream(reply, &len);
    fputs("The available commands are:\n", f);
    for (size_t i = 0; i < s->n_cmds; i++) {
        fprintf(f, "  %-23s %s\n", sorted[i].name, sorted[i].usage);
    }
    fclose(f);
    free(sorted);
    return true;
}

static bool
cmd_version(int argc, const char *argv[], void *aux, char **reply)
{
    struct unixctl_server *s = aux;
    (void) argc;
    (void) argv;
    *reply = xasprintf("%s (hsflowd) %s\n", s->program, s->version);
    return true;
}

/* Log levels by the names ovs-appctl users type (OVS's and syslog's). */
static const struct {
    const char *name;
    int level;
} vlog_levels[] = {
    { "off", -1 }, { "emer", LOG_CRIT }, { "crit", LOG_CRIT }, { "err", LOG_ERR },
    { "error", LOG_ERR }, { "warn", LOG_WARNING }, { "warning", LOG_WARNING },
    { "notice", LOG_NOTICE }, { "info", LOG_INFO }, { "dbg", LOG_DEBUG },
    { "debug", LOG_DEBUG },
};

static const char *
vlog_level_name(int level)
{
    switch (level) {
    case -1: return "OFF";
    case LOG_EMERG: case LOG_ALERT: case LOG_CRIT: return "EMER";
    case LOG_ERR: return "ERR";
    case LOG_WARNING: return "WARN";
    case LOG_NOTICE: return "NOTICE";
    case LOG_INFO: return "INFO";
    default: return "DBG";
    }
}

static bool
cmd_vlog_list(int argc, const char *argv[], void *aux, char **reply)
{
    struct unixctl_server *s = aux;
    (void) argc;
    (void) argv;
    static const char *const dests[] = { "console", "syslog", "file" };
    const char *active = log_destination();
    size_t len;
    FILE *f = open_memstream(reply, &len);
    fprintf(f, "%-16s %-10s %-10s %-10s\n", "", dests[0], dests[1], dests[2]);
    fprintf(f, "%-16s %-10s %-10s %-10s\n", "", "-------", "------", "----");
    fprintf(f, "%-16s", s->program);
    for (size_t i = 0; i < ARRAY_SIZE(dests); i++) {
        fprintf(f, " %-10s",
                strcmp(dests[i], active) ? "OFF" : vlog_level_name(log_get_level()));
    }
    fprintf(f, "\n");
    fclose(f);
    return true;
}

/* vlog/set SPEC: SPEC is OVS's [MODULE:][DESTINATION:]LEVEL; the module is
 * ANY or this program, the destination ANY or any of the three (we log to
 * one place at a time, and the level applies there). */
static bool
cmd_vlog_set(int argc, const char *argv[], void *aux, char **reply)
{
    struct unixctl_server *s = aux;
    for (int i = 1; i < argc; i++) {
        char *spec = xstrdup(argv[i]);
        char *save = NULL;
        int level = INT_MIN;
        bool ok = true;
        for (char *w = strtok_r(spec, ":", &save); w && ok; w = strtok_r(NULL, ":", &save)) {
            bool known = false;
            for (size_t j = 0; j < ARRAY_SIZE(vlog_levels); j++) {
                if (str_ieq(w, vlog_levels[j].name)) {
                    level = vlog_levels[j].level;
                    known = true;
                }
            }
            if (!known && !str_ieq(w, "ANY") && strcmp(w, s->program)
                && strcmp(w, "console") && strcmp(w, "syslog") && strcmp(w, "file")) {
                ok = false;
            }
        }
        free(spec);
        if (!ok || level == INT_MIN) {
            *reply = xasprintf("bad log level specification \"%s\" (want [%s:][DEST:]LEVEL, "
                               "LEVEL one of off, emer, err, warn, notice, info, dbg)\n",
                               argv[i], s->program);
            return false;
        }
        log_set_level(level);
        log_notice("log level set to %s by the control socket", vlog_level_name(level));
    }
    return true;
}

/* ---- server ----------------------------------------------------------------- */

char *
unixctl_default_path(const char *name)
{
    /* As OVS_RUNDIR does for Open vSwitch's daemons. */
    const char *dir = getenv("HSFLOWD_RUNDIR");
    return xasprintf("%s/%s.ctl", dir && *dir ? dir : RUNSTATEDIR, name);
}

static bool
unixctl_cmd_exit(int argc, const char *argv[], void *aux, char **reply)
{
    bool *exit_asked = aux;
    (void) argc;
    (void) argv;
    (void) reply;
    *exit_asked = true;
    return true;
}

struct unixctl_server *
unixctl_server_open_daemon(const char *path, const char *program, const char *version,
                           bool *exit_asked)
{
    char *def = path ? NULL : unixctl_default_path(program);
    char *err = NULL;
    struct unixctl_server *u = unixctl_server_create(path ? path : def, program, version, &err);
    if (!u) {
        log_err("%s; running without a control socket", err);
        free(err);
    } else {
        unixctl_command_register(u, "exit", "", 0, 0, unixctl_cmd_exit, exit_asked);
    }
    free(def);
    return u;
}

struct unixctl_server *
unixctl_server_create(const char *path, const char *program, const char *version, char **err)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof sun.sun_path) {
        *err = xasprintf("%s: control socket path too long (at most %zu bytes)", path,
                         sizeof sun.sun_path - 1);
        return NULL;
    }
    strcpy(sun.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *err = xasprintf("control socket: %s", strerror(errno));
        return NULL;
    }
    /* Replace a socket left by a previous run, never a file of another kind
     * nor the socket of a process still listening on it. */
    struct stat st;
    if (!lstat(path, &st)) {
        if (!S_ISSOCK(st.st_mode)) {
            *err = xasprintf("%s: exists and is not a socket; not replacing it", path);
            close(fd);
            return NULL;
        }
        int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        bool live = probe >= 0 && !connect(probe, (struct sockaddr *) &sun, sizeof sun);
        if (probe >= 0) {
            close(probe);
        }
        if (live) {
            *err = xasprintf("%s: another process is listening there; not replacing it", path);
            close(fd);
            return NULL;
        }
        unlink(path);
    }
    mode_t old = umask(077);
    int rc = bind(fd, (struct sockaddr *) &sun, sizeof sun);
    umask(old);
    if (rc || chmod(path, 0700) || listen(fd, 16)) {
        *err = xasprintf("%s: cannot listen: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    struct unixctl_server *s = xzalloc(sizeof *s);
    s->fd = fd;
    s->path = xstrdup(path);
    s->program = xstrdup(program);
    s->version = xstrdup(version);
    unixctl_command_register(s, "list-commands", "", 0, 0, cmd_list_commands, s);
    unixctl_command_register(s, "help", "", 0, 0, cmd_list_commands, s);
    unixctl_command_register(s, "version", "", 0, 0, cmd_version, s);
    unixctl_command_register(s, "vlog/list", "", 0, 0, cmd_vlog_list, s);
    unixctl_command_register(s, "vlog/set", "{[MODULE:][DEST:]LEVEL}", 1, INT_MAX,
                             cmd_vlog_set, s);
    return s;
}

static void
conn_close(struct unixctl_server *s, size_t i)
{
    struct unixctl_conn *c = &s->conns[i];
    close(c->fd);
    free(c->in);
    free(c->out);
    s->conns[i] = s->conns[--s->n_conns];
}

void
unixctl_server_destroy(struct unixctl_server *s)
{
    if (!s) {
        return;
    }
    while (s->n_conns) {
        conn_close(s, 0);
    }
    close(s->fd);
    unlink(s->path);
    for (size_t i = 0; i < s->n_cmds; i++) {
        free(s->cmds[i].name);
        free(s->cmds[i].usage);
    }
    free(s->cmds);
    free(s->path);
    free(s->program);
    free(s->version);
    free(s);
}

void
unixctl_command_register(struct unixctl_server *s, const char *name, const char *usage,
                         int min_args, int max_args, unixctl_cb *cb, void *aux)
{
    s->cmds = xreallocarray(s->cmds, s->n_cmds + 1, sizeof *s->cmds);
    s->cmds[s->n_cmds++] = (struct unixctl_command) {
        .name = xstrdup(name), .usage = xstrdup(usage ? usage : ""),
        .min_args = min_args, .max_args = max_args, .cb = cb, .aux = aux,
    };
}

void
unixctl_command_register_print(struct unixctl_server *s, const char *name,
                               unixctl_print_cb *print, void *aux)
{
    unixctl_command_register(s, name, "", 0, 0, NULL, aux);
    s->cmds[s->n_cmds - 1].print = print;
}

size_t
unixctl_server_n_conns(const struct unixctl_server *s)
{
    return s->n_conns;
}

static const struct unixctl_command *
command_find(const struct unixctl_server *s, const char *name)
{
    for (size_t i = 0; i < s->n_cmds; i++) {
        if (!strcmp(s->cmds[i].name, name)) {
            return &s->cmds[i];
        }
    }
    return NULL;
}

/* Runs the command of a well-formed request; returns the reply body (malloc'd)
 * and sets *OK. */
static char *
command_execute(const struct unixctl_server *s, const char *method, const json_t *params,
                bool *ok)
{
    const struct unixctl_command *cmd = command_find(s, method);
    *ok = false;
    if (!cmd) {
        return xasprintf("\"%s\" is not a valid command (use \"list-commands\" to see a "
                         "list of valid commands)", method);
    }
    size_t n = json_array_size(params);
    if ((long long) n < cmd->min_args) {
        return xasprintf("\"%s\" command requires at least %d arguments", method,
                         cmd->min_args);
    }
    if ((long long) n > cmd->max_args) {
        return xasprintf("\"%s\" command takes at most %d arguments", method, cmd->max_args);
    }
    const char **argv = xcalloc(n + 2, sizeof *argv);
    argv[0] = method;
    for (size_t i = 0; i < n; i++) {
        argv[i + 1] = json_string_value(json_array_get(params, i));
        if (!argv[i + 1]) {
            free(argv);
            return xasprintf("\"%s\" command has non-string argument", method);
        }
    }
    char *body = NULL;
    if (cmd->print) {
        size_t len;
        FILE *f = open_memstream(&body, &len);
        *ok = f && cmd->print(cmd->aux, f);
        if (f) {
            fclose(f);
        }
    } else {
        *ok = cmd->cb((int) n + 1, argv, cmd->aux, &body);
    }
    free(argv);
    return body;
}

/* Builds the reply to REQ into C->out. Returns false if REQ is not a
 * JSON-RPC request (the client is then dropped, as OVS does). */
static bool
conn_answer(struct unixctl_server *s, struct unixctl_conn *c, json_t *req)
{
    const char *method = json_string_value(json_object_get(req, "method"));
    json_t *params = json_object_get(req, "params");
    json_t *id = json_object_get(req, "id");
    if (!json_is_object(req) || !method || !id || json_is_null(id)
        || (params && !json_is_array(params) && !json_is_null(params))) {
        return false;
    }
    json_t *empty = json_array();
    bool ok;
    char *body = command_execute(s, method, json_is_array(params) ? params : empty, &ok);
    json_decref(empty);
    size_t blen = body ? strlen(body) : 0;
    if (blen && body[blen - 1] != '\n') {
        char *b = xasprintf("%s\n", body);
        free(body);
        body = b;
    }
    json_t *text = json_stringn(body ? body : "", body ? strlen(body) : 0);
    if (!text) {        /* not UTF-8: ovs-appctl would refuse the reply */
        text = json_string("reply was not valid UTF-8\n");
        ok = false;
    }
    free(body);
    json_t *reply = json_pack("{s:o, s:o, s:O}", ok ? "result" : "error", text,
                              ok ? "error" : "result", json_null(), "id", id);
    char *txt = json_dumps(reply, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(reply);
    free(c->out);
    c->out = txt;
    c->out_len = strlen(txt);
    c->out_off = 0;
    if (c->out_len > UNIXCTL_MAX_REPLY) {
        LOG_RL(LOG_WARNING, "control socket: reply to \"%s\" too long (%zu bytes)", method,
               c->out_len);
        return false;
    }
    return true;
}

/* Parses and answers the first complete request in C->in. Returns false if
 * the client must be dropped. */
static bool
conn_process(struct unixctl_server *s, struct unixctl_conn *c)
{
    size_t skip = 0;
    while (skip < c->in_len && strchr(" \t\r\n", c->in[skip])) {
        skip++;
    }
    if (skip == c->in_len) {
        c->in_len = 0;
        return true;
    }
    json_error_t jerr;
    json_t *req = json_loadb(c->in + skip, c->in_len - skip, JSON_DISABLE_EOF_CHECK, &jerr);
    if (!req) {
        /* Wait for the rest: the input ends inside a value, or inside a
         * literal such as "tru" (at most 4 bytes from the end). */
        if (json_error_code(&jerr) == json_error_premature_end_of_input
            || (jerr.position >= 0 && (size_t) jerr.position + 5 >= c->in_len - skip)) {
            return true;
        }
        LOG_RL(LOG_WARNING, "control socket: dropping a client: %s", jerr.text);
        return false;
    }
    size_t used = skip + jerr.position;
    if (used > c->in_len) {
        used = c->in_len;
    }
    memmove(c->in, c->in + used, c->in_len - used);
    c->in_len -= used;
    bool ok = conn_answer(s, c, req);
    json_decref(req);
    if (!ok) {
        LOG_RL(LOG_WARNING, "control socket: dropping a client that sent no JSON-RPC request");
    }
    return ok;
}

/* Does what C can do without blocking. Returns false if it must be dropped. */
static bool
conn_run(struct unixctl_server *s, struct unixctl_conn *c, long long now)
{
    for (;;) {
        if (c->out) {
            ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
                             MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0) {
                return errno == EAGAIN || errno == EINTR ? now < c->deadline : false;
            }
            c->out_off += (size_t) n;
            c->deadline = now + UNIXCTL_IDLE_MS;
            if (c->out_off < c->out_len) {
                continue;
            }
            free(c->out);
            c->out = NULL;
        }
        if (c->in_len && c->in_len != c->tried_len) {
            size_t before = c->in_len;
            if (!conn_process(s, c)) {
                return false;
            }
            if (c->out || c->in_len < before) {
                continue;
            }
            c->tried_len = c->in_len;
        }
        if (c->in_len >= UNIXCTL_MAX_REQUEST) {
            LOG_RL(LOG_WARNING, "control socket: dropping a client: request over %d bytes",
                   UNIXCTL_MAX_REQUEST);
            return false;
        }
        if (!c->in) {
            c->in = xmalloc(UNIXCTL_MAX_REQUEST);
        }
        ssize_t n = recv(c->fd, c->in + c->in_len, UNIXCTL_MAX_REQUEST - c->in_len,
                         MSG_DONTWAIT);
        if (n == 0) {
            return false;       /* the client is done */
        }
        if (n < 0) {
            if (errno != EAGAIN && errno != EINTR) {
                return false;
            }
            /* Idle between requests is fine; stuck half-way is not. */
            return c->in_len == 0 || now < c->deadline;
        }
        c->in_len += (size_t) n;
        c->deadline = now + UNIXCTL_IDLE_MS;
    }
}

void
unixctl_server_run(struct unixctl_server *s, long long now)
{
    s->now = now;
    for (;;) {
        int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
                LOG_RL(LOG_WARNING, "control socket: accept: %s", strerror(errno));
            }
            break;
        }
        if (s->n_conns >= UNIXCTL_MAX_CONNS) {
            LOG_RL(LOG_WARNING, "control socket: %d clients already; refusing another",
                   UNIXCTL_MAX_CONNS);
            close(fd);
            continue;
        }
        s->conns[s->n_conns++] = (struct unixctl_conn) { .fd = fd,
                                                          .deadline = now + UNIXCTL_IDLE_MS };
    }
    for (size_t i = 0; i < s->n_conns;) {
        if (conn_run(s, &s->conns[i], now)) {
            i++;
        } else {
            conn_close(s, i);
        }
    }
}

void
unixctl_server_wait(struct unixctl_server *s, struct poll_loop *loop)
{
    poll_loop_fd_wait(loop, s->fd, POLLIN);
    for (size_t i = 0; i < s->n_conns; i++) {
        const struct unixctl_conn *c = &s->conns[i];
        poll_loop_fd_wait(loop, c->fd, c->out ? POLLOUT : POLLIN);
        if (c->out || c->in_len) {
            poll_loop_timer_wait(loop, c->deadline);
        }
    }
}
