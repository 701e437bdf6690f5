/* pve_qmp: a non-blocking QMP exchange (see pve_qmp.h). */
#include <config.h>

#include "pve/pve_qmp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/util.h"

enum {
    ID_CAPS, ID_STATUS, ID_BALLOON, ID_BLOCKSTATS, ID_BLOCK,
    ALL_QUERIES = 1u << ID_STATUS | 1u << ID_BALLOON | 1u << ID_BLOCKSTATS | 1u << ID_BLOCK,
};

void
pve_qmp_init(struct pve_qmp *q)
{
    memset(q, 0, sizeof *q);
    q->fd = -1;
}

static void
qmp_reset_io(struct pve_qmp *q)
{
    if (q->fd >= 0) {
        close(q->fd);
        q->fd = -1;
    }
    free(q->out);
    free(q->in);
    q->out = q->in = NULL;
    q->out_len = q->out_off = q->in_len = 0;
}

void
pve_qmp_close(struct pve_qmp *q)
{
    qmp_reset_io(q);
    q->state = PVE_QMP_IDLE;
}

bool
pve_qmp_finished(const struct pve_qmp *q)
{
    return q->state == PVE_QMP_DONE || q->state == PVE_QMP_FAILED;
}

/* any -> FAILED */
static bool __attribute__((format(printf, 2, 3)))
qmp_fail(struct pve_qmp *q, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q->error, sizeof q->error, fmt, ap);
    va_end(ap);
    qmp_reset_io(q);
    q->state = PVE_QMP_FAILED;
    return false;
}

static void
qmp_send(struct pve_qmp *q, const char *text)
{
    size_t n = strlen(text);
    q->out = xrealloc(q->out, q->out_len + n);
    memcpy(q->out + q->out_len, text, n);
    q->out_len += n;
}

void
pve_qmp_start(struct pve_qmp *q, const char *path, long long now, long long timeout_ms)
{
    pve_qmp_close(q);
    memset(&q->result, 0, sizeof q->result);
    q->answered = 0;
    q->in_total = 0;
    q->error[0] = '\0';
    q->deadline = now + timeout_ms;
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof sun.sun_path) {
        qmp_fail(q, "%s: socket path too long", path);
        return;
    }
    strcpy(sun.sun_path, path);
    q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (q->fd < 0) {
        qmp_fail(q, "socket: %s", strerror(errno));
        return;
    }
    /* A unix socket connects at once or not at all (EAGAIN: backlog full). */
    if (connect(q->fd, (struct sockaddr *) &sun, sizeof sun) < 0 && errno != EINPROGRESS) {
        qmp_fail(q, "connect %s: %s", path, strerror(errno));
        return;
    }
    q->state = PVE_QMP_GREETING;
}

/* ---- messages (pure) ------------------------------------------------------- */

static uint64_t
get_u64(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_integer(v) && json_integer_value(v) > 0 ? (uint64_t) json_integer_value(v) : 0;
}

bool
pve_qmp_parse_status(const json_t *ret, struct pve_qmp_result *r)
{
    const char *s = json_string_value(json_object_get(ret, "status"));
    if (!s || !*s || strlen(s) >= sizeof r->status) {
        return false;
    }
    strcpy(r->status, s);
    return true;
}

bool
pve_qmp_parse_balloon(const json_t *ret, struct pve_qmp_result *r)
{
    const json_t *v = json_object_get(ret, "actual");
    if (!json_is_integer(v) || json_integer_value(v) <= 0) {
        return false;
    }
    r->has_balloon = true;
    r->balloon_actual = (uint64_t) json_integer_value(v);
    return true;
}

void
pve_qmp_parse_blockstats(const json_t *ret, struct sflow_virt_disk_io *d)
{
    size_t i;
    const json_t *dev;
    json_array_foreach(ret, i, dev) {
        const json_t *st = json_object_get(dev, "stats");
        if (!json_is_object(st)) {
            continue;
        }
        d->rd_bytes += get_u64(st, "rd_bytes");
        d->wr_bytes += get_u64(st, "wr_bytes");
        d->rd_req += (uint32_t) get_u64(st, "rd_operations");
        d->wr_req += (uint32_t) get_u64(st, "wr_operations");
        d->errs += (uint32_t) (get_u64(st, "failed_rd_operations")
                               + get_u64(st, "failed_wr_operations")
                               + get_u64(st, "failed_flush_operations"));
    }
}

void
pve_qmp_parse_block(const json_t *ret, struct sflow_virt_disk_io *d)
{
    size_t i;
    const json_t *dev;
    json_array_foreach(ret, i, dev) {
        const json_t *img = json_object_get(json_object_get(dev, "inserted"), "image");
        if (!json_is_object(img)) {
            continue;                   /* an empty CD-ROM or floppy drive */
        }
        uint64_t size = get_u64(img, "virtual-size"), used = get_u64(img, "actual-size");
        d->capacity += size;
        d->allocation += used;
        d->available += size > used ? size - used : 0;
    }
}

static bool
qmp_answer(struct pve_qmp *q, json_int_t id, const json_t *ret, const json_t *error)
{
    if (id < ID_STATUS || id > ID_BLOCK || (q->answered & (1u << id))) {
        return qmp_fail(q, "unexpected answer id %lld", (long long) id);
    }
    q->answered |= 1u << id;
    switch (id) {
    case ID_STATUS:
        if (error || !pve_qmp_parse_status(ret, &q->result)) {
            return qmp_fail(q, "query-status gave no status");
        }
        break;
    case ID_BALLOON:
        if (!error) {
            pve_qmp_parse_balloon(ret, &q->result);    /* else: no balloon device */
        }
        break;
    case ID_BLOCKSTATS:
        if (!error) {
            pve_qmp_parse_blockstats(ret, &q->result.disk);
        }
        break;
    case ID_BLOCK:
        if (!error) {
            pve_qmp_parse_block(ret, &q->result.disk);
        }
        break;
    }
    if ((q->answered & ALL_QUERIES) == ALL_QUERIES) {
        qmp_reset_io(q);
        q->state = PVE_QMP_DONE;        /* QUERIES -> DONE */
    }
    return true;
}

bool
pve_qmp_handle_message(struct pve_qmp *q, const char *msg, size_t len)
{
    json_error_t jerr;
    json_t *m = json_loadb(msg, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(m)) {
        json_decref(m);
        return qmp_fail(q, "malformed message: %s", m ? "not an object" : jerr.text);
    }
    bool ok = true;
    if (json_object_get(m, "event")) {
        /* asynchronous events may come at any time */
    } else if (q->state == PVE_QMP_GREETING) {
        if (!json_object_get(m, "QMP")) {
            ok = qmp_fail(q, "no QMP greeting");
        } else {
            qmp_send(q, "{\"execute\":\"qmp_capabilities\",\"id\":0}\n");
            q->state = PVE_QMP_CAPS;    /* GREETING -> CAPS */
        }
    } else if (q->state == PVE_QMP_CAPS) {
        const json_t *id = json_object_get(m, "id");
        if (!json_is_integer(id) || json_integer_value(id) != ID_CAPS
            || !json_object_get(m, "return")) {
            ok = qmp_fail(q, "qmp_capabilities refused");
        } else {
            qmp_send(q, "{\"execute\":\"query-status\",\"id\":1}\n"
                        "{\"execute\":\"query-balloon\",\"id\":2}\n"
                        "{\"execute\":\"query-blockstats\",\"id\":3}\n"
                        "{\"execute\":\"query-block\",\"id\":4}\n");
            q->state = PVE_QMP_QUERIES; /* CAPS -> QUERIES */
        }
    } else if (q->state == PVE_QMP_QUERIES) {
        const json_t *id = json_object_get(m, "id");
        const json_t *ret = json_object_get(m, "return");
        const json_t *error = json_object_get(m, "error");
        if (!json_is_integer(id) || (!ret && !error)) {
            ok = qmp_fail(q, "an answer without id or return");
        } else {
            ok = qmp_answer(q, json_integer_value(id), ret, error);
        }
    } else {
        ok = qmp_fail(q, "message after the exchange ended");
    }
    json_decref(m);
    return ok;
}

/* ---- I/O -------------------------------------------------------------------- */

static bool
qmp_write(struct pve_qmp *q)
{
    while (q->out_off < q->out_len) {
        ssize_t n = send(q->fd, q->out + q->out_off, q->out_len - q->out_off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return true;
            }
            return qmp_fail(q, "send: %s", strerror(errno));
        }
        q->out_off += (size_t) n;
    }
    free(q->out);
    q->out = NULL;
    q->out_len = q->out_off = 0;
    return true;
}

/* Hands each whole line in the input buffer to the state machine. */
static bool
qmp_lines(struct pve_qmp *q)
{
    size_t start = 0;
    while (q->state != PVE_QMP_DONE && q->state != PVE_QMP_FAILED) {
        char *nl = memchr(q->in + start, '\n', q->in_len - start);
        if (!nl) {
            break;
        }
        size_t n = (size_t) (nl - (q->in + start));
        if (n > 0 && !pve_qmp_handle_message(q, q->in + start, n)) {
            return false;
        }
        start += n + 1;
    }
    if (q->in) {
        memmove(q->in, q->in + start, q->in_len - start);
        q->in_len -= start;
    }
    return true;
}

static bool
qmp_read(struct pve_qmp *q)
{
    for (;;) {
        char buf[16384];
        ssize_t n = recv(q->fd, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                return true;
            }
            return qmp_fail(q, "recv: %s", strerror(errno));
        }
        if (n == 0) {
            return qmp_fail(q, "QEMU closed the socket");
        }
        q->in_total += (size_t) n;
        if (q->in_total > PVE_QMP_MAX_INPUT) {
            return qmp_fail(q, "more than %u bytes of answers", PVE_QMP_MAX_INPUT);
        }
        q->in = xrealloc(q->in, q->in_len + (size_t) n);
        memcpy(q->in + q->in_len, buf, (size_t) n);
        q->in_len += (size_t) n;
        if (!qmp_lines(q) || pve_qmp_finished(q)) {
            return false;
        }
        if (q->out_len && !qmp_write(q)) {
            return false;
        }
    }
}

void
pve_qmp_run(struct pve_qmp *q, long long now)
{
    if (q->state == PVE_QMP_IDLE || pve_qmp_finished(q)) {
        return;
    }
    if (q->out_len && !qmp_write(q)) {
        return;
    }
    if (!qmp_read(q)) {
        return;
    }
    if (now >= q->deadline) {
        qmp_fail(q, "no answer in time");
    }
}

void
pve_qmp_wait(const struct pve_qmp *q, struct poll_loop *loop)
{
    if (q->fd < 0) {
        return;
    }
    poll_loop_fd_wait(loop, q->fd, (short) (POLLIN | (q->out_len ? POLLOUT : 0)));
    poll_loop_timer_wait(loop, q->deadline);
}
