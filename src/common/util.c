#include <config.h>
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

static void
out_of_memory(size_t n)
{
    fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", n);
    abort();
}

void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        out_of_memory(n);
    }
    return p;
}

void *
xzalloc(size_t n)
{
    return xcalloc(1, n);
}

void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        out_of_memory(n * size);
    }
    return p;
}

void *
xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        out_of_memory(n);
    }
    return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        out_of_memory(SIZE_MAX);
    }
    return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0) {
        out_of_memory(strlen(fmt));
    }
    return s;
}

char *
xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

static long long
clock_msec(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long
time_msec(void)
{
    return clock_msec(CLOCK_MONOTONIC);
}

/* Wall clock in milliseconds (seeds the random generator). */
static long long
time_wall_msec(void)
{
    return clock_msec(CLOCK_REALTIME);
}

bool
str_to_uint(const char *s, unsigned long long min, unsigned long long max,
            unsigned long long *out)
{
    if (!s || *s < '0' || *s > '9') {
        return false;
    }
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

bool
str_ieq(const char *a, const char *b)
{
    return !strcasecmp(a, b);
}

/* Length of the well-formed UTF-8 sequence at P (N bytes left), or 0: no
 * overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t
utf8_seq_len(const unsigned char *p, size_t n)
{
    if (p[0] < 0x80) {
        return 1;
    }
    size_t len = p[0] >= 0xc2 && p[0] <= 0xdf ? 2
                 : p[0] >= 0xe0 && p[0] <= 0xef ? 3
                 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
    if (!len || len > n) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            return 0;
        }
    }
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f)
        || (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f)) {
        return 0;
    }
    return len;
}

bool
str_is_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t n = strlen(s);
    while (n) {
        size_t len = utf8_seq_len(p, n);
        if (!len) {
            return false;
        }
        p += len;
        n -= len;
    }
    return true;
}

char *
str_escape(const char *s)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t n = strlen(s);
    char *out = xmalloc(4 * n + 1), *o = out;
    while (n) {
        size_t len = utf8_seq_len(p, n);
        bool c1 = len == 2 && p[0] == 0xc2 && p[1] < 0xa0;     /* U+0080..U+009F */
        if (!len || c1 || (len == 1 && (*p < 0x20 || *p == 0x7f))) {
            o += sprintf(o, "\\x%02x", *p);
            p++;
            n--;
        } else {
            memcpy(o, p, len);
            o += len;
            p += len;
            n -= len;
        }
    }
    *o = '\0';
    return out;
}

uint32_t
random_range(uint32_t n)
{
    static uint64_t state;
    if (!state) {
        if (getrandom(&state, sizeof state, 0) != sizeof state || !state) {
            state = (uint64_t) time_wall_msec() | 1;
        }
    }
    /* xorshift64* */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    uint64_t r = state * 2685821657736338717ULL;
    return n ? (uint32_t) ((r >> 32) % n) : 0;
}

char *
read_fd_bounded(int fd, const char *path, size_t max, size_t *len, char **err)
{
    *len = 0;
    size_t cap = max + 1, n = 0;
    char *buf = xmalloc(cap + 1);
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            int e = errno;
            *err = xasprintf("%s: %s", path, strerror(e));
            free(buf);
            close(fd);
            errno = e;
            return NULL;
        }
        if (r == 0) {
            break;
        }
        n += (size_t) r;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

char *
read_file_bounded(const char *path, size_t max, size_t *len, char **err)
{
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        *err = xasprintf("%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        *err = xasprintf("%s: not a regular file", path);
        close(fd);
        return NULL;
    }
    return read_fd_bounded(fd, path, max, len, err);
}

uint32_t
util_fnv1a(const void *p_, size_t n, uint32_t h)
{
    const unsigned char *p = p_;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

void
util_trim_heap(void)
{
#ifdef HAVE_MALLOC_TRIM
    malloc_trim(0);
#endif
}
