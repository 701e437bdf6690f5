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
    free(s->root);
    free(s->buf);
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
    int fd = sysroot_open(s, rel);
    if (fd < 0) {
        sysroot_source_missing(s, src, "cannot open %s/%s: %s (what needs it is left out)",
                               s->root, rel, strerror(errno));
        return NULL;
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
        ssize_t r = read(fd, s->buf + len, want);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            sysroot_source_missing(s, src, "cannot read %s/%s: %s (what needs it is left out)",
                                   s->root, rel, strerror(errno));
            close(fd);
            return NULL;
        }
        if (r == 0) {
            break;
        }
        len += (size_t) r;
    }
    close(fd);
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
