/* util: allocation that never returns NULL, small string and time helpers.
 * Every x*alloc aborts with a message on exhaustion, so callers never check. */
#ifndef UTIL_H
#define UTIL_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xzalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Monotonic clock in milliseconds. Timers in every module take a
 * `long long now` parameter; only the main loops call this. */
long long time_msec(void);

/* Hands the memory the allocator holds free back to the system: after a
 * burst (a large sync), glibc would otherwise keep the peak for good. */
void util_trim_heap(void);

/* FNV-1a, 32 bits, of N bytes at P, continuing from H (UTIL_FNV_BASIS to
 * start). Fixed forever: some values are kept as indices across upgrades. */
#define UTIL_FNV_BASIS 2166136261u
uint32_t util_fnv1a(const void *p, size_t n, uint32_t h);

/* Parse a whole string as an unsigned decimal within [min, max]. Rejects empty
 * strings, signs, trailing garbage and overflow. Returns true on success. */
bool str_to_uint(const char *s, unsigned long long min, unsigned long long max,
                 unsigned long long *out);

/* Case-insensitive equality. */
bool str_ieq(const char *a, const char *b);

/* True when S is well-formed UTF-8 (what JSON strings must be). */
bool str_is_utf8(const char *s);

/* S with every control character (C0, DEL, C1) and every byte that is not
 * part of well-formed UTF-8 written as \xNN, so that text from outside can
 * neither forge log lines nor reach a terminal raw (caller frees). */
char *str_escape(const char *s);

/* Random number in [0, n) from a process-wide PRNG seeded from getrandom(). */
uint32_t random_range(uint32_t n);

/* Reads FD (then closes it) into a malloc'd, NUL-terminated buffer (caller
 * frees) of *LEN bytes, reading at most MAX + 1 bytes, so that a caller can
 * tell a file that is too long. On a read error returns NULL with *ERR a
 * malloc'd "PATH: why" and errno set. */
char *read_fd_bounded(int fd, const char *path, size_t max, size_t *len, char **err);
/* Opens the regular file PATH (a FIFO or device is refused) and reads it as
 * read_fd_bounded() does. For files nobody else can plant (/proc, /sys,
 * cgroups, data files); settings files go through safefile_read(). */
char *read_file_bounded(const char *path, size_t max, size_t *len, char **err);

#endif
