#include <config.h>
#include "common/hsauto.h"

#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/netaddr.h"
#include "common/safefile.h"
#include "common/util.h"

void
hsauto_settings_init(struct hsauto_settings *s)
{
    memset(s, 0, sizeof *s);
}

static void
kv_free(struct hsauto_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(kv[i].name);
    }
    free(kv);
}

void
hsauto_settings_destroy(struct hsauto_settings *s)
{
    free(s->hostname);
    free(s->agent_ip);
    free(s->agent_dev);
    kv_free(s->samplings, s->n_samplings);
    kv_free(s->pollings, s->n_pollings);
    free(s->collectors);
    hsauto_settings_init(s);
}

static char *
strdup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static struct hsauto_kv *
kv_copy(const struct hsauto_kv *kv, size_t n)
{
    struct hsauto_kv *c = n ? xcalloc(n, sizeof *c) : NULL;
    for (size_t i = 0; i < n; i++) {
        c[i].name = xstrdup(kv[i].name);
        c[i].value = kv[i].value;
    }
    return c;
}

void
hsauto_settings_copy(struct hsauto_settings *dst, const struct hsauto_settings *src)
{
    *dst = *src;
    dst->hostname = strdup_or_null(src->hostname);
    dst->agent_ip = strdup_or_null(src->agent_ip);
    dst->agent_dev = strdup_or_null(src->agent_dev);
    dst->samplings = kv_copy(src->samplings, src->n_samplings);
    dst->pollings = kv_copy(src->pollings, src->n_pollings);
    dst->collectors = NULL;
    if (src->n_collectors) {
        dst->collectors = xcalloc(src->n_collectors, sizeof *dst->collectors);
        memcpy(dst->collectors, src->collectors, src->n_collectors * sizeof *dst->collectors);
    }
}

static bool
str_eq_null(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool
kv_equal(const struct hsauto_kv *a, size_t na, const struct hsauto_kv *b, size_t nb)
{
    if (na != nb) {
        return false;
    }
    for (size_t i = 0; i < na; i++) {
        if (strcmp(a[i].name, b[i].name) || a[i].value != b[i].value) {
            return false;
        }
    }
    return true;
}

bool
hsauto_settings_equal(const struct hsauto_settings *a, const struct hsauto_settings *b)
{
    if (a->sampling != b->sampling || a->polling != b->polling || a->header != b->header
        || a->datagram != b->datagram || a->ds_index != b->ds_index
        || !str_eq_null(a->hostname, b->hostname) || !str_eq_null(a->agent_ip, b->agent_ip)
        || !str_eq_null(a->agent_dev, b->agent_dev)
        || !kv_equal(a->samplings, a->n_samplings, b->samplings, b->n_samplings)
        || !kv_equal(a->pollings, a->n_pollings, b->pollings, b->n_pollings)
        || a->n_collectors != b->n_collectors) {
        return false;
    }
    for (size_t i = 0; i < a->n_collectors; i++) {
        if (strcmp(a->collectors[i].addr, b->collectors[i].addr)
            || a->collectors[i].port != b->collectors[i].port) {
            return false;
        }
    }
    return true;
}

static int
collector_cmp(const void *a_, const void *b_)
{
    const struct hsauto_collector *a = a_, *b = b_;
    int c = strcmp(a->addr, b->addr);
    return c ? c : (int) a->port - (int) b->port;
}

bool
hsauto_add_collector(struct hsauto_settings *s, const char *addr, uint16_t port)
{
    if (!port || strlen(addr) >= sizeof s->collectors[0].addr || !netaddr_is_numeric(addr)) {
        return false;
    }
    for (size_t i = 0; i < s->n_collectors; i++) {
        if (!strcmp(s->collectors[i].addr, addr) && s->collectors[i].port == port) {
            return true;
        }
    }
    if (s->n_collectors >= HSAUTO_MAX_COLLECTORS) {
        return false;
    }
    s->collectors = xreallocarray(s->collectors, s->n_collectors + 1, sizeof *s->collectors);
    struct hsauto_collector *c = &s->collectors[s->n_collectors++];
    snprintf(c->addr, sizeof c->addr, "%s", addr);
    c->port = port;
    qsort(s->collectors, s->n_collectors, sizeof *s->collectors, collector_cmp);
    return true;
}

static bool
kv_name_ok(const char *name)
{
    if (!*name || strlen(name) > 64) {
        return false;
    }
    for (const char *p = name; *p; p++) {
        if (!(*p == '.' || *p == '-' || *p == '_' || (*p >= '0' && *p <= '9')
              || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
            return false;
        }
    }
    return true;
}

bool
hsauto_set_kv(struct hsauto_settings *s, bool is_sampling, const char *name, uint32_t value)
{
    struct hsauto_kv **kv = is_sampling ? &s->samplings : &s->pollings;
    size_t *n = is_sampling ? &s->n_samplings : &s->n_pollings;
    if (!kv_name_ok(name)) {
        return false;
    }
    for (size_t i = 0; i < *n; i++) {
        if (!strcmp((*kv)[i].name, name)) {
            (*kv)[i].value = value;
            return true;
        }
    }
    if (*n >= HSAUTO_MAX_KV) {
        return false;
    }
    *kv = xreallocarray(*kv, *n + 1, sizeof **kv);
    (*kv)[*n].name = xstrdup(name);
    (*kv)[*n].value = value;
    (*n)++;
    return true;
}

/* ---- formatting ---------------------------------------------------------- */

struct sbuf {
    char *s;
    size_t len, cap;
};

static void __attribute__((format(printf, 2, 3)))
sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t) n < b->cap - b->len) {
            b->len += n;
            return;
        }
        b->cap = b->cap * 2 + (n > 0 ? (size_t) n : 0) + 64;
        b->s = xrealloc(b->s, b->cap);
    }
}

char *
hsauto_format(const struct hsauto_settings *s)
{
    struct sbuf b = { xmalloc(512), 0, 512 };
    unsigned long long rev = (unsigned long long) s->revision;

    sbuf_printf(&b, "# generated by hsflowd: do not edit\n");
    sbuf_printf(&b, "rev_start=%llu\n", rev);
    if (s->hostname) {
        sbuf_printf(&b, "hostname=%s\n", s->hostname);
    }
    if (s->sampling) {
        sbuf_printf(&b, "sampling=%u\n", s->sampling);
    }
    if (s->header) {
        sbuf_printf(&b, "header=%u\n", s->header);
    }
    if (s->datagram) {
        sbuf_printf(&b, "datagram=%u\n", s->datagram);
    }
    sbuf_printf(&b, "polling=%u\n", s->polling);
    for (size_t i = 0; i < s->n_samplings; i++) {
        sbuf_printf(&b, "sampling.%s=%u\n", s->samplings[i].name, s->samplings[i].value);
    }
    for (size_t i = 0; i < s->n_pollings; i++) {
        sbuf_printf(&b, "polling.%s=%u\n", s->pollings[i].name, s->pollings[i].value);
    }
    if (s->agent_ip) {
        sbuf_printf(&b, "agentIP=%s\n", s->agent_ip);
    }
    if (s->agent_dev) {
        sbuf_printf(&b, "agent=%s\n", s->agent_dev);
    }
    sbuf_printf(&b, "ds_index=%u\n", s->ds_index ? s->ds_index : 1);
    for (size_t i = 0; i < s->n_collectors; i++) {
        const struct hsauto_collector *c = &s->collectors[i];
        if (c->port == HSAUTO_DEFAULT_PORT) {
            sbuf_printf(&b, "collector=%s\n", c->addr);
        } else {
            sbuf_printf(&b, "collector=%s %u\n", c->addr, c->port);
        }
    }
    sbuf_printf(&b, "rev_end=%llu\n", rev);
    return b.s;
}

/* ---- parsing -------------------------------------------------------------- */

static bool __attribute__((format(printf, 3, 4)))
parse_fail(char **err, unsigned int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = xvasprintf(fmt, ap);
    va_end(ap);
    *err = xasprintf("line %u: %s", line, what);
    free(what);
    return false;
}

static bool
text_ok(const char *v, size_t max)
{
    size_t n = strlen(v);
    if (!n || n > max) {
        return false;
    }
    for (const char *p = v; *p; p++) {
        if ((unsigned char) *p <= ' ' || *p == 0x7f) {
            return false;
        }
    }
    /* sflowovsd sends these values to OVSDB as JSON strings. */
    return str_is_utf8(v);
}

/* The keys of the file, one row each: what the value must be and where it
 * goes. Unknown keys are ignored (newer writers may add keys). */
enum auto_type {
    AT_U32,         /* uint32_t at FIELD, in [MIN, MAX] */
    AT_TEXT,        /* char * at FIELD: MAX printable bytes, no spaces */
    AT_IP,          /* char * at FIELD: a numeric IPv4 or IPv6 address */
    AT_DEV,         /* char * at FIELD: a device name */
    AT_KV,          /* NAME is a prefix: sampling.<x> / polling.<x> in [MIN, MAX] */
    AT_COLLECTOR,   /* "ADDR [PORT]", appended to the collectors */
};

struct auto_key {
    const char *name;
    enum auto_type type;
    unsigned long long min, max;
    size_t field;               /* offsetof(struct hsauto_settings, ...) */
    const char *what;           /* in "bad WHAT '...'" */
};

#define AUTO_FIELD(f) offsetof(struct hsauto_settings, f)

static const struct auto_key auto_keys[] = {
    { "hostname", AT_TEXT, 1, 255, AUTO_FIELD(hostname), "hostname" },
    { "sampling", AT_U32, 1, UINT32_MAX, AUTO_FIELD(sampling), "sampling" },
    { "polling", AT_U32, 0, 86400, AUTO_FIELD(polling), "polling" },
    { "header", AT_U32, 1, 256, AUTO_FIELD(header), "header" },
    { "datagram", AT_U32, 200, 65507, AUTO_FIELD(datagram), "datagram" },
    { "ds_index", AT_U32, 1, UINT32_MAX, AUTO_FIELD(ds_index), "ds_index" },
    { "agentIP", AT_IP, 1, 45, AUTO_FIELD(agent_ip), "agentIP" },
    { "agent", AT_DEV, 1, 15, AUTO_FIELD(agent_dev), "agent device" },
    { "sampling.", AT_KV, 1, UINT32_MAX, 0, "value" },
    { "polling.", AT_KV, 0, 86400, 0, "value" },
    { "collector", AT_COLLECTOR, 1, 65535, 0, "collector" },
};

static const struct auto_key *
auto_key_find(const char *key)
{
    for (size_t i = 0; i < ARRAY_SIZE(auto_keys); i++) {
        const struct auto_key *k = &auto_keys[i];
        if (k->type == AT_KV ? !strncmp(key, k->name, strlen(k->name))
                             : !strcmp(key, k->name)) {
            return k;
        }
    }
    return NULL;
}

static bool
auto_collector(struct hsauto_settings *s, char *val, unsigned int line, char **err)
{
    char *port_s = strchr(val, ' ');
    unsigned long long port = HSAUTO_DEFAULT_PORT;
    if (port_s) {
        *port_s++ = '\0';
        while (*port_s == ' ') {
            port_s++;
        }
        if (!str_to_uint(port_s, 1, 65535, &port)) {
            return parse_fail(err, line, "bad collector port '%s'", port_s);
        }
    }
    if (!hsauto_add_collector(s, val, (uint16_t) port)) {
        if (netaddr_is_numeric(val) && s->n_collectors >= HSAUTO_MAX_COLLECTORS) {
            return parse_fail(err, line, "too many collectors (max %d)", HSAUTO_MAX_COLLECTORS);
        }
        return parse_fail(err, line, "bad collector address '%s' (numeric IP expected)", val);
    }
    return true;
}

/* Applies row K to S with the value VAL of KEY. */
static bool
auto_key_apply(struct hsauto_settings *s, const struct auto_key *k, const char *key,
               char *val, unsigned int line, char **err)
{
    char *base = (char *) s;
    unsigned long long u;
    switch (k->type) {
    case AT_U32:
        if (!str_to_uint(val, k->min, k->max, &u)) {
            return parse_fail(err, line, "bad %s '%s' (%llu..%llu)", k->what, val, k->min,
                              k->max);
        }
        *(uint32_t *) (base + k->field) = (uint32_t) u;
        return true;
    case AT_TEXT:
    case AT_IP:
    case AT_DEV:
        if (!text_ok(val, k->max) || (k->type == AT_IP && !netaddr_is_numeric(val))
            || (k->type == AT_DEV && strchr(val, '/'))) {
            return parse_fail(err, line, "bad %s '%s'", k->what, val);
        }
        free(*(char **) (base + k->field));
        *(char **) (base + k->field) = xstrdup(val);
        return true;
    case AT_KV:
        if (!str_to_uint(val, k->min, k->max, &u)) {
            return parse_fail(err, line, "bad value '%s'", val);
        }
        if (!hsauto_set_kv(s, key[0] == 's', key + strlen(k->name), (uint32_t) u)) {
            return parse_fail(err, line, "bad or too many keys '%s'", key);
        }
        return true;
    case AT_COLLECTOR:
        return auto_collector(s, val, line, err);
    }
    return true;
}

static bool
parse_line(struct hsauto_settings *s, char *key, char *val, unsigned int line,
           bool *have_start, unsigned long long *rev_start, bool *have_end,
           unsigned long long *rev_end, char **err)
{
    unsigned long long u;
    if (!strcmp(key, "rev_start") || !strcmp(key, "rev_end")) {
        bool start = key[4] == 's';
        if (!str_to_uint(val, 0, UINT64_MAX, &u)) {
            return parse_fail(err, line, "bad revision '%s'", val);
        }
        if (start ? *have_start : *have_end) {
            return parse_fail(err, line, "duplicate %s", key);
        }
        if (!start && !*have_start) {
            return parse_fail(err, line, "%s before rev_start", key);
        }
        *(start ? have_start : have_end) = true;
        *(start ? rev_start : rev_end) = u;
        return true;
    }
    if (!*have_start) {
        return parse_fail(err, line, "'%s' before rev_start", key);
    }
    if (*have_end) {
        return parse_fail(err, line, "'%s' after rev_end", key);
    }
    const struct auto_key *k = auto_key_find(key);
    return !k || auto_key_apply(s, k, key, val, line, err);
}

bool
hsauto_parse(const char *text, size_t len, struct hsauto_settings *out, char **err)
{
    hsauto_settings_init(out);
    *err = NULL;
    if (len > HSAUTO_MAX_FILE) {
        *err = xasprintf("file larger than %d bytes", HSAUTO_MAX_FILE);
        return false;
    }
    if (memchr(text, '\0', len)) {
        *err = xstrdup("file contains a NUL byte");
        return false;
    }

    char *copy = xstrndup(text, len);
    bool have_start = false, have_end = false, ok = true;
    unsigned long long rev_start = 0, rev_end = 0;
    unsigned int line = 0, end_line = 0;
    char *p = copy;
    /* strtok_r would merge empty lines and break line numbering: walk by hand. */
    while (ok && p && *p) {
        char *nl = strchr(p, '\n');
        if (nl) {
            *nl = '\0';
        }
        line++;
        char *l = p;
        p = nl ? nl + 1 : NULL;
        size_t n = strlen(l);
        while (n && (l[n - 1] == '\r' || l[n - 1] == ' ' || l[n - 1] == '\t')) {
            l[--n] = '\0';
        }
        while (*l == ' ' || *l == '\t') {
            l++;
        }
        if (!*l || *l == '#') {
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq || eq == l) {
            ok = parse_fail(err, line, "expected key=value, got '%s'", l);
            break;
        }
        *eq = '\0';
        ok = parse_line(out, l, eq + 1, line, &have_start, &rev_start, &have_end,
                        &rev_end, err);
        if (have_end && !end_line) {
            end_line = line;
        }
    }
    free(copy);
    if (ok && !have_start) {
        *err = xstrdup("no rev_start line");
        ok = false;
    } else if (ok && !have_end) {
        *err = xasprintf("line %u: no rev_end line (file incomplete, rev_start=%llu)", line,
                         rev_start);
        ok = false;
    } else if (ok && rev_start != rev_end) {
        *err = xasprintf("line %u: rev_start=%llu but rev_end=%llu (file changed while written)",
                         end_line, rev_start, rev_end);
        ok = false;
    }
    if (!ok) {
        hsauto_settings_destroy(out);
        return false;
    }
    out->revision = rev_start;
    if (!out->ds_index) {
        out->ds_index = 1;
    }
    return true;
}

bool
hsauto_read(const char *path, struct hsauto_settings *out, char **err)
{
    hsauto_settings_init(out);
    size_t len;
    char *buf = safefile_read(path, HSAUTO_MAX_FILE, 0, &len, err);
    if (!buf) {
        return false;
    }
    char *perr;
    bool ok = hsauto_parse(buf, len, out, &perr);
    free(buf);
    if (!ok) {
        *err = xasprintf("%s: %s", path, perr);
        free(perr);
    }
    return ok;
}

bool
hsauto_write(const char *path, const struct hsauto_settings *s, char **err)
{
    char *tmp = xasprintf("%s.tmpXXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        *err = xasprintf("%s: cannot create temp file: %s", tmp, strerror(errno));
        free(tmp);
        return false;
    }
    char *text = hsauto_format(s);
    size_t len = strlen(text), off = 0;
    bool ok = true;
    while (off < len) {
        ssize_t n = write(fd, text + off, len - off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            ok = false;
            break;
        }
        off += n;
    }
    free(text);
    if (!ok || fchmod(fd, 0644) || fsync(fd)) {
        *err = xasprintf("%s: write failed: %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        free(tmp);
        return false;
    }
    if (close(fd) || rename(tmp, path)) {
        *err = xasprintf("%s: cannot replace: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return false;
    }
    free(tmp);
    return true;
}
