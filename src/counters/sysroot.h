/* sysroot: reading the files of /proc and /sys under a root directory ("/"
 * on a live host, a recorded tree in tests; hsflowd's --sysroot), with a
 * missing file logged once per source (sysroot.c). Used by every counter
 * reader; it knows nothing of the records.
 *
 * Ownership: struct sysroot is embedded by its user; sysroot_init() fills
 * it and sysroot_destroy() frees what it holds (root path, read buffer). */
#ifndef SYSROOT_H
#define SYSROOT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SYSROOT_PATH_MAX 4096

struct poll_loop;

/* A file kept open (sysroot_keep_open()). */
struct sysroot_file {
    const char *rel;        /* a string literal of the caller */
    int fd;
    bool no_pread;          /* pread from 0 does not read it again: reopen */
    bool one_record;        /* a short read is the end (single_open files) */
    bool pollable;          /* poll() says POLLPRI when it changed (mounts) */
    bool registered;        /* in the loop's poll set (sysroot_wait) */
    bool checked;           /* a poll since the last read saw it ... */
    bool changed;           /* ... and whether it reported a change */
};

struct sysroot {
    char *root;             /* absolute, no trailing '/' ("" for "/") */
    bool live;              /* the root is "/" */
    char *buf;              /* file read buffer, NUL-terminated */
    size_t buf_cap;
    uint32_t missing;       /* bit per source (0..31): logged as missing */
    bool keep;              /* keep files open, read them with pread */
    struct sysroot_file *files;     /* owned, fds closed by sysroot_destroy */
    size_t n_files;
};

/* PATH is made absolute (so that a daemon's chdir("/") does not move it) and
 * copied. */
void sysroot_init(struct sysroot *s, const char *path);
void sysroot_destroy(struct sysroot *s);
/* From now on sysroot_read() keeps each file open and reads it again from
 * offset 0 with pread (the kernel makes /proc's seq_file and sysctl files
 * afresh there); a file where that fails is opened afresh each time. REL
 * must then be a string that lives as long as S (a literal). */
void sysroot_keep_open(struct sysroot *s);

/* Files the kernel reports changes of (a mount table change makes poll()
 * on an open /proc/mounts report POLLPRI|POLLERR, sethostname() does the
 * same on /proc/sys/kernel/hostname): sysroot_wait() adds each
 * kept one that is open to LOOP's poll set, sysroot_ready() notes what the
 * poll said, and sysroot_unchanged() is true when a poll since the last
 * sysroot_read() of REL has seen it open and unchanged, so that the caller
 * may keep what it parsed from it. Without those calls (or under another
 * sysroot, or when REL is not kept open) it is always false. */
void sysroot_wait(struct sysroot *s, struct poll_loop *loop);
void sysroot_ready(struct sysroot *s, const struct poll_loop *loop);
bool sysroot_unchanged(const struct sysroot *s, const char *rel);

/* Reads <root>/REL into s->buf (whole file, at most MAX bytes, NUL-terminated;
 * MAX 0 = up to the size limit). Returns the text, or NULL if it cannot be
 * read; when SRC >= 0, a failure is logged once per source. */
const char *sysroot_read(struct sysroot *s, const char *rel, size_t max, int src);
/* Same into a caller's small buffer (sysfs attributes); no logging. */
bool sysroot_read_small(const struct sysroot *s, const char *rel, char *out, size_t size);
/* Same for a whole PATH. */
bool sysroot_read_path(const char *path, char *out, size_t size);
/* Concatenates A, B and C into OUT of SIZE bytes; returns the length, or 0
 * (and an empty OUT) when it does not fit. */
size_t sysroot_join(char *out, size_t size, const char *a, const char *b, const char *c);
/* Notes that SRC was read fine again (so a later failure is logged). */
void sysroot_source_ok(struct sysroot *s, int src);
/* Logs once (until sysroot_source_ok) that SRC is missing; SRC < 0: never. */
void sysroot_source_missing(struct sysroot *s, int src, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
