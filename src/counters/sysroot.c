/* sysroot: reading files under the sysroot, each failure logged once per
 * source. */
#include <config.h>

#include "counters/sysroot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"

#define SYSROOT_BUF_INITIAL 16384
#define SYSROOT_BUF_LIMIT (16u << 20)   /* no /proc file we read is this big */

void
sysroot_init(struct sysroot *s, const char *path)
{
    memset(s, 0, sizeof *s);
    char *abs = realpath(path, NULL);
    const char *root = abs ? abs : path;
    size_t n = strlen(root);
    while (n > 0 && root[n - 1] == '/') {
        n--;
    }
    s->root = xstrndup(root, n);
    free(abs);
    s->live = n == 0;
    s->buf_cap = SYSROOT_BUF_INITIAL;
    s->buf = xmalloc(s->buf_cap);
}

void
sysroot_destroy(struct sysroot *s)
{
    for (size_t i = 0; i < s->n_files; i++) {
        if (s->files[i].fd >= 0) {
            close(s->files[i].fd);
        }
    }
    free(s->files);
    free(s->root);
    free(s->buf);
}

void
sysroot_keep_open(struct sysroot *s)
{
    s->keep = true;
}

/* Files the kernel makes as one record (single_open, sysctl): a read that
 * returns less than asked for has reached the end. The others (vmstat,
 * diskstats, mounts: one record per line) may return less before the end. */
static bool
sysroot_one_record(const char *rel)
{
    static const char *const files[] = {
        "proc/stat", "proc/meminfo", "proc/loadavg", "proc/uptime", "proc/net/snmp",
        "proc/sys/kernel/hostname",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (!strcmp(rel, files[i])) {
            return true;
        }
    }
    return false;
}

/* Files whose changes poll() reports: the mount table's (mounts_poll()),
 * the host name's (sethostname() notifies the sysctl's poll). */
static bool
sysroot_pollable(const char *rel)
{
    return !strcmp(rel, "proc/mounts") || !strcmp(rel, "proc/sys/kernel/hostname");
}

static struct sysroot_file *
sysroot_kept_find(const struct sysroot *s, const char *rel)
{
    for (size_t i = 0; i < s->n_files; i++) {
        if (s->files[i].rel == rel || !strcmp(s->files[i].rel, rel)) {
            return &s->files[i];
        }
    }
    return NULL;
}

static struct sysroot_file *
sysroot_kept(struct sysroot *s, const char *rel)
{
    if (!s->keep) {
        return NULL;
    }
    struct sysroot_file *found = sysroot_kept_find(s, rel);
    if (found) {
        return found;
    }
    s->files = xreallocarray(s->files, s->n_files + 1, sizeof *s->files);
    struct sysroot_file *f = &s->files[s->n_files++];
    f->rel = rel;
    f->fd = -1;
    f->no_pread = false;
    f->one_record = sysroot_one_record(rel);
    f->pollable = sysroot_pollable(rel);
    f->registered = f->checked = f->changed = false;
    return f;
}

static void
sysroot_kept_close(struct sysroot_file *f)
{
    if (f->fd >= 0) {
        close(f->fd);
        f->fd = -1;
    }
    f->registered = f->checked = false;
}

void
sysroot_wait(struct sysroot *s, struct poll_loop *loop)
{
    for (size_t i = 0; i < s->n_files; i++) {
        struct sysroot_file *f = &s->files[i];
        /* Once a change is seen the file is read again at the next read
         * anyway: left out of the poll set until then, so that a burst of
         * mounts (containers starting) wakes the loop once, not per mount. */
        if (f->pollable && f->fd >= 0 && !f->no_pread && !f->changed) {
            poll_loop_fd_wait(loop, f->fd, POLLPRI);
            f->registered = true;
        }
    }
}

void
sysroot_ready(struct sysroot *s, const struct poll_loop *loop)
{
    for (size_t i = 0; i < s->n_files; i++) {
        struct sysroot_file *f = &s->files[i];
        if (f->registered && f->fd >= 0) {
            if (poll_loop_revents(loop, f->fd) & (POLLPRI | POLLERR)) {
                f->changed = true;
            }
            f->checked = true;
        }
        f->registered = false;
    }
}

bool
sysroot_unchanged(const struct sysroot *s, const char *rel)
{
    const struct sysroot_file *f = s->keep ? sysroot_kept_find(s, rel) : NULL;
    return f && f->fd >= 0 && f->checked && !f->changed;
}

void
sysroot_source_ok(struct sysroot *s, int src)
{
    s->missing &= ~(1u << src);
}

void
sysroot_source_missing(struct sysroot *s, int src, const char *fmt, ...)
{
    if (src < 0 || (s->missing & (1u << src))) {
        return;                 /* said already: nothing formatted */
    }
    s->missing |= 1u << src;
    va_list ap;
    va_start(ap, fmt);
    char *what = xvasprintf(fmt, ap);
    va_end(ap);
    log_notice("counters: %s", what);
    free(what);
}

size_t
sysroot_join(char *out, size_t size, const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    if (la + lb + lc >= size) {
        out[0] = '\0';
        return 0;
    }
    memcpy(out, a, la);
    memcpy(out + la, b, lb);
    memcpy(out + la + lb, c, lc + 1);
    return la + lb + lc;
}

/* O_NONBLOCK: under a --sysroot that is not the kernel's, a FIFO in place
 * of a file must fail the read (EAGAIN), not block the daemon's one loop. */
static int
sysroot_open_path(const char *path)
{
    return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

static int
sysroot_open(const struct sysroot *s, const char *rel)
{
    char path[SYSROOT_PATH_MAX];
    if (!sysroot_join(path, sizeof path, s->root, "/", rel)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return sysroot_open_path(path);
}

const char *
sysroot_read(struct sysroot *s, const char *rel, size_t max, int src)
{
    struct sysroot_file *kept = sysroot_kept(s, rel);
    int fd = kept && kept->fd >= 0 ? kept->fd : sysroot_open(s, rel);
    if (fd < 0) {
        sysroot_source_missing(s, src, "cannot open %s/%s: %s (what needs it is left out)",
                               s->root, rel, strerror(errno));
        return NULL;
    }
    if (kept && !kept->no_pread) {
        kept->fd = fd;
        kept->checked = kept->changed = false;  /* read now: watched afresh */
    } else {
        kept = NULL;
    }
    size_t limit = max ? max : SYSROOT_BUF_LIMIT;
    size_t len = 0;
    for (;;) {
        if (len + 1 >= s->buf_cap) {
            if (s->buf_cap >= limit + 1) {
                break;                  /* read what fits, drop the rest */
            }
            size_t cap = s->buf_cap * 2;
            s->buf_cap = cap < limit + 1 ? cap : limit + 1;
            s->buf = xrealloc(s->buf, s->buf_cap);
        }
        size_t want = s->buf_cap - 1 - len;
        if (want > limit - len) {
            want = limit - len;
        }
        if (want == 0) {
            break;
        }
        ssize_t r = kept ? pread(fd, s->buf + len, want, (off_t) len)
                         : read(fd, s->buf + len, want);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (kept && (errno == ESPIPE || errno == EINVAL)) {
                kept->no_pread = true;          /* not seekable: reopen */
                sysroot_kept_close(kept);
                return sysroot_read(s, rel, max, src);
            }
            sysroot_source_missing(s, src, "cannot read %s/%s: %s (what needs it is left out)",
                                   s->root, rel, strerror(errno));
            if (kept) {
                sysroot_kept_close(kept);
            } else {
                close(fd);
            }
            return NULL;
        }
        if (r == 0) {
            break;
        }
        len += (size_t) r;
        if (kept && kept->one_record && (size_t) r < want) {
            break;
        }
    }
    if (!kept) {
        close(fd);
    }
    s->buf[len] = '\0';
    if (src >= 0) {
        sysroot_source_ok(s, src);
    }
    return s->buf;
}

bool
sysroot_read_small(const struct sysroot *s, const char *rel, char *out, size_t size)
{
    char path[SYSROOT_PATH_MAX];
    return sysroot_join(path, sizeof path, s->root, "/", rel)
           && sysroot_read_path(path, out, size);
}

bool
sysroot_read_path(const char *path, char *out, size_t size)
{
    int fd = sysroot_open_path(path);
    if (fd < 0) {
        return false;
    }
    ssize_t r;
    do {
        r = read(fd, out, size - 1);
    } while (r < 0 && errno == EINTR);
    close(fd);
    if (r < 0) {
        return false;
    }
    out[r] = '\0';
    return true;
}
