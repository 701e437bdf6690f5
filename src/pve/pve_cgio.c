/* pve_cgio: container block I/O from cgroup files (see pve_cgio.h).
 *
 * Both parsers walk the text a line at a time, split each line into blank-
 * separated words and check every word before using it: the device must be
 * MAJ:MIN, the numbers plain decimal without overflow. */
#include <config.h>

#include "pve/pve_cgio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"

#define MAX_WORD 64                     /* as in the message below */

/* *ERR = "PATH:LINE: 'WORD' WHAT", or without the word when it is NULL. */
static bool
cgio_error(char **err, const char *path, int line, const char *word, const char *what)
{
    *err = word ? xasprintf("%s:%d: '%.32s' %s", path, line, word, what)
                : xasprintf("%s:%d: %s", path, line, what);
    return false;
}

/* Copies the next blank-separated word of the line at *P into W (at most
 * MAX_WORD bytes) and advances *P. 0 at the end of the line, -1 if the word
 * is too long. */
static int
next_word(const char **p, char w[MAX_WORD + 1])
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t n = strcspn(s, " \t\n");
    *p = s + n;
    if (n > MAX_WORD) {
        return -1;
    }
    memcpy(w, s, n);
    w[n] = '\0';
    return n > 0;
}

/* Plain decimal digits, at most UINT64_MAX. */
static bool
parse_u64(const char *s, uint64_t *v)
{
    unsigned long long n;
    if (!str_to_uint(s, 0, UINT64_MAX, &n)) {
        return false;
    }
    *v = n;
    return true;
}

/* MAJ:MIN, each a decimal number below 2^32. */
static bool
is_device(const char *w)
{
    const char *colon = strchr(w, ':');
    if (!colon || colon == w || colon - w > 10) {
        return false;
    }
    char maj[11];
    memcpy(maj, w, (size_t) (colon - w));
    maj[colon - w] = '\0';
    uint64_t a, b;
    return parse_u64(maj, &a) && a <= UINT32_MAX && parse_u64(colon + 1, &b) && b <= UINT32_MAX;
}

/* A v2 key: lower-case letters, digits, '_' and '.' (cost.usage...). */
static bool
is_key(const char *k, size_t n)
{
    if (!n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = k[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) {
            return false;
        }
    }
    return true;
}

bool
pve_cgio_parse_v2(const char *path, const char *text, struct pve_cgio *io, char **err)
{
    static const char *const keys[] = { "rbytes", "wbytes", "rios", "wios" };
    int line = 0;
    for (const char *p = text; *p; p += *p == '\n') {
        line++;
        char w[MAX_WORD + 1];
        int r = next_word(&p, w);
        if (r == 0) {
            continue;                           /* an empty line */
        }
        if (r < 0 || !is_device(w)) {
            return cgio_error(err, path, line, w, "is not a device MAJ:MIN");
        }
        while ((r = next_word(&p, w)) > 0) {
            char *eq = strchr(w, '=');
            if (!eq || !is_key(w, (size_t) (eq - w))) {
                return cgio_error(err, path, line, w, "is not key=value");
            }
            *eq = '\0';
            for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
                uint64_t v;
                if (strcmp(w, keys[i])) {
                    continue;
                }
                if (!parse_u64(eq + 1, &v)) {
                    *eq = '=';
                    return cgio_error(err, path, line, w, "does not hold a count");
                }
                uint64_t *sum[] = { &io->rd_bytes, &io->wr_bytes, &io->rd_ios, &io->wr_ios };
                *sum[i] += v;                   /* a counter: wraps as the kernel's would */
            }
        }
        if (r < 0) {
            return cgio_error(err, path, line, NULL, "a word longer than 64 bytes");
        }
    }
    return true;
}

bool
pve_cgio_parse_v1(const char *path, const char *text, uint64_t *rd, uint64_t *wr, char **err)
{
    int line = 0;
    for (const char *p = text; *p; p += *p == '\n') {
        line++;
        char w[3][MAX_WORD + 1], extra[MAX_WORD + 1];
        int n = 0, r = 0;
        while (n < 3 && (r = next_word(&p, w[n])) > 0) {
            n++;
        }
        if (n == 0 && r == 0) {
            continue;                           /* an empty line */
        }
        uint64_t v;
        if (r >= 0 && n == 2 && !strcmp(w[0], "Total") && parse_u64(w[1], &v)) {
            continue;                           /* the sum of the Total lines */
        }
        if (r < 0 || n != 3 || next_word(&p, extra) != 0 || !is_device(w[0])) {
            return cgio_error(err, path, line, NULL,
                              "not 'MAJ:MIN OPERATION COUNT' or 'Total COUNT'");
        }
        if (!parse_u64(w[2], &v)) {
            return cgio_error(err, path, line, w[2], "is not a count");
        }
        for (const char *c = w[1]; *c; c++) {
            if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z'))) {
                return cgio_error(err, path, line, w[1], "is not an operation");
            }
        }
        if (!strcmp(w[1], "Read")) {
            *rd += v;
        } else if (!strcmp(w[1], "Write")) {
            *wr += v;
        }
    }
    return true;
}

/* ---- reading ---------------------------------------------------------------- */

/* 1 with *TEXT (caller frees), 0 if PATH does not exist, -1 with *ERR. */
static int
read_text(const char *path, char **text, char **err)
{
    size_t len = 0;
    char *why = NULL;
    *text = read_file_bounded(path, PVE_CGIO_MAX_FILE, &len, &why);
    if (!*text) {
        if (access(path, F_OK) != 0 && errno == ENOENT) {
            free(why);
            return 0;
        }
        *err = why;
        return -1;
    }
    if (len > PVE_CGIO_MAX_FILE || memchr(*text, '\0', len)) {
        *err = xasprintf("%s: %s", path, len > PVE_CGIO_MAX_FILE ? "larger than 256 KiB"
                                                                  : "a NUL byte in the file");
        free(*text);
        *text = NULL;
        return -1;
    }
    return 1;
}

/* Adds the Read/Write lines of DIR/NAME to *RD, *WR. As read_text. */
static int
add_v1(const char *dir, const char *name, uint64_t *rd, uint64_t *wr, char **err)
{
    char *path = xasprintf("%s/%s", dir, name);
    char *text;
    int r = read_text(path, &text, err);
    if (r > 0 && !pve_cgio_parse_v1(path, text, rd, wr, err)) {
        r = -1;
    }
    free(text);
    free(path);
    return r;
}

/* One v1 statistic (io_service_bytes or io_serviced) of the container whose
 * blkio cgroup is DIR: the _recursive file, else DIR's and DIR/ns's plain
 * files added up. */
static int
stat_v1(const char *dir, const char *stat, uint64_t *rd, uint64_t *wr, char **err)
{
    char *name = xasprintf("blkio.throttle.%s_recursive", stat);
    int r = add_v1(dir, name, rd, wr, err);
    free(name);
    if (r != 0) {
        return r;
    }
    name = xasprintf("blkio.throttle.%s", stat);
    r = add_v1(dir, name, rd, wr, err);
    if (r > 0) {
        char *ns = xasprintf("%s/ns", dir);
        if (add_v1(ns, name, rd, wr, err) < 0) {
            r = -1;
        }
        free(ns);
    }
    free(name);
    return r;
}

enum pve_cgio_status
pve_cgio_read(const char *root, uint32_t ctid, bool v2, struct pve_cgio *io, char **err)
{
    memset(io, 0, sizeof *io);
    *err = NULL;
    int r;
    if (v2) {
        char *path = xasprintf("%s/lxc/%u/io.stat", root, ctid);
        char *text;
        r = read_text(path, &text, err);
        if (r > 0 && !pve_cgio_parse_v2(path, text, io, err)) {
            r = -1;
        }
        free(text);
        free(path);
    } else {
        char *dir = xasprintf("%s/blkio/lxc/%u", root, ctid);
        r = stat_v1(dir, "io_service_bytes", &io->rd_bytes, &io->wr_bytes, err);
        if (r > 0 && stat_v1(dir, "io_serviced", &io->rd_ios, &io->wr_ios, err) <= 0) {
            r = *err ? -1 : 0;
        }
        free(dir);
    }
    if (r <= 0) {
        memset(io, 0, sizeof *io);
    }
    return r > 0 ? PVE_CGIO_OK : r == 0 ? PVE_CGIO_NONE : PVE_CGIO_BAD;
}
