/* hsconfig: the /etc/hsflowd.conf parser. See hsconfig.h for the syntax.
 *
 * Two passes over the text: a tokenizer that records each token with its line
 * (tokens split on whitespace, '=' and ';'; '{' and '}' are tokens of their
 * own; '#' to the end of the line is a comment), then a recursive descent over
 * the tokens. A key and its value must be on the same line, so that a key
 * whose value was left out (`ip =`) is reported on its own line instead of
 * swallowing the next key. The first error stops the parse. */
#include <config.h>

#include "hsflowd/hsconfig.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/util.h"

#define MAX_TOKEN 255
#define MAX_DEPTH 8

struct token {
    char *text;
    int line;
};

/* Parser state. Owns the token array and the partly filled config. */
struct parser {
    const char *filename;
    struct token *toks;
    size_t n_toks, pos;
    char *err;                      /* first error, "file:line: ..." */
    struct hsconfig *cfg;
    struct hsauto_settings scratch; /* collectors and sampling./polling. lists */
    /* Line where each singular key was first set (0 = not yet). */
    int seen[32];
    bool nflog_prob_set;
    char **notices;
    size_t n_notices;
};

static void __attribute__((format(printf, 3, 4)))
parser_error(struct parser *p, int line, const char *fmt, ...)
{
    if (p->err) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    p->err = xasprintf("%s:%d: %s", p->filename, line, msg);
    free(msg);
}

static void __attribute__((format(printf, 3, 4)))
parser_notice(struct parser *p, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    p->notices = xreallocarray(p->notices, p->n_notices + 1, sizeof *p->notices);
    p->notices[p->n_notices++] = xasprintf("%s:%d: %s", p->filename, line, msg);
    free(msg);
}

/* ---- tokenizer ------------------------------------------------------------ */

static bool
is_sep(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
           || c == '=' || c == ';';
}

static bool
tokenize(struct parser *p, const char *text, size_t len)
{
    size_t cap = 0;
    int line = 1;
    size_t i = 0;
    while (i < len) {
        char c = text[i];
        if (c == '\n') {
            line++;
            i++;
        } else if (c == '\0') {
            parser_error(p, line, "NUL byte in the file");
            return false;
        } else if (is_sep(c)) {
            i++;
        } else if (c == '#') {
            while (i < len && text[i] != '\n') {
                i++;
            }
        } else {
            size_t start = i;
            if (c == '{' || c == '}') {
                i++;
            } else {
                while (i < len && !is_sep(text[i]) && text[i] != '#' && text[i] != '{'
                       && text[i] != '}' && text[i] != '\0') {
                    if ((unsigned char) text[i] < 0x20 || text[i] == 0x7f) {
                        parser_error(p, line, "control character 0x%02x",
                                     (unsigned) (unsigned char) text[i]);
                        return false;
                    }
                    i++;
                }
            }
            if (i - start > MAX_TOKEN) {
                parser_error(p, line, "word longer than %d characters", MAX_TOKEN);
                return false;
            }
            if (p->n_toks == cap) {
                cap = cap ? cap * 2 : 64;
                p->toks = xreallocarray(p->toks, cap, sizeof *p->toks);
            }
            p->toks[p->n_toks].text = xstrndup(text + start, i - start);
            p->toks[p->n_toks].line = line;
            p->n_toks++;
        }
    }
    return true;
}

/* ---- value checks --------------------------------------------------------- */

static bool
is_brace(const struct token *t)
{
    return !strcmp(t->text, "{") || !strcmp(t->text, "}");
}

static bool
parse_uint(struct parser *p, const struct token *key, const struct token *val,
           unsigned long long min, unsigned long long max, uint32_t *out)
{
    unsigned long long v;
    if (!str_to_uint(val->text, min, max, &v)) {
        parser_error(p, val->line, "%s: '%s' is not a number in %llu-%llu", key->text,
                     val->text, min, max);
        return false;
    }
    *out = (uint32_t) v;
    return true;
}

static bool
parse_bool(struct parser *p, const struct token *key, const struct token *val, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "1" };
    static const char *const no[] = { "off", "no", "false", "0" };
    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (str_ieq(val->text, yes[i])) {
            *out = true;
            return true;
        }
        if (str_ieq(val->text, no[i])) {
            *out = false;
            return true;
        }
    }
    parser_error(p, val->line, "%s: '%s' is not on or off", key->text, val->text);
    return false;
}

static bool
parse_probability(struct parser *p, const struct token *key, const struct token *val,
                  double *out)
{
    const char *s = val->text;
    for (const char *q = s; *q; q++) {
        if (!isdigit((unsigned char) *q) && *q != '.' && *q != 'e' && *q != 'E'
            && *q != '-') {
            s = NULL;
            break;
        }
    }
    char *end = NULL;
    errno = 0;
    double d = s && *s ? strtod(s, &end) : NAN;
    if (!s || !end || *end || errno || !(d > 0.0) || d > 1.0) {
        parser_error(p, val->line, "%s: '%s' is not a probability in (0, 1]", key->text,
                     val->text);
        return false;
    }
    *out = d;
    return true;
}

static bool
is_numeric_ip(const char *s)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

static bool
parse_ip(struct parser *p, const struct token *key, const struct token *val)
{
    if (!is_numeric_ip(val->text)) {
        parser_error(p, val->line, "%s: '%s' is not a numeric IPv4 or IPv6 address",
                     key->text, val->text);
        return false;
    }
    return true;
}

static bool
parse_cidr(struct parser *p, const struct token *key, const struct token *val)
{
    const char *slash = strchr(val->text, '/');
    bool ok = false;
    if (slash) {
        char *addr = xstrndup(val->text, (size_t) (slash - val->text));
        unsigned char buf[16];
        unsigned long long plen;
        if (inet_pton(AF_INET, addr, buf) == 1) {
            ok = str_to_uint(slash + 1, 0, 32, &plen);
        } else if (inet_pton(AF_INET6, addr, buf) == 1) {
            ok = str_to_uint(slash + 1, 0, 128, &plen);
        }
        free(addr);
    }
    if (!ok) {
        parser_error(p, val->line, "%s: '%s' is not ADDRESS/PREFIXLEN", key->text,
                     val->text);
    }
    return ok;
}

/* Device names: what the kernel accepts (1-15 bytes, no '/', ':' or space). */
static bool
parse_ifname(struct parser *p, const struct token *key, const struct token *val)
{
    size_t n = strlen(val->text);
    bool ok = n >= 1 && n <= 15 && strcmp(val->text, ".") && strcmp(val->text, "..");
    for (size_t i = 0; ok && i < n; i++) {
        unsigned char c = (unsigned char) val->text[i];
        ok = c > 0x20 && c < 0x7f && c != '/' && c != ':';
    }
    if (!ok) {
        parser_error(p, val->line, "%s: '%s' is not a device name", key->text, val->text);
    }
    return ok;
}

/* "ADDR", "ADDR:PORT" or "[V6ADDR]:PORT". */
static bool
parse_server(struct parser *p, const struct token *key, const struct token *val)
{
    const char *s = val->text;
    char *addr;
    const char *port = NULL;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || (close[1] && close[1] != ':')) {
            goto bad;
        }
        addr = xstrndup(s + 1, (size_t) (close - s - 1));
        port = close[1] ? close + 2 : NULL;
    } else {
        const char *colon = strchr(s, ':');
        if (colon && !strchr(colon + 1, ':')) {
            addr = xstrndup(s, (size_t) (colon - s));
            port = colon + 1;
        } else {
            addr = xstrdup(s);
        }
    }
    unsigned long long v;
    bool ok = is_numeric_ip(addr) && (!port || str_to_uint(port, 1, 65535, &v));
    free(addr);
    if (ok) {
        return true;
    }
bad:
    parser_error(p, val->line, "%s: '%s' is not ADDRESS[:PORT]", key->text, s);
    return false;
}

/* ---- statements ----------------------------------------------------------- */

/* Singular keys: each may be given once. */
enum key_id {
    K_DNSSD, K_DNSSD_DOMAIN, K_DNSSD_SERVER, K_POLLING, K_SAMPLING, K_HEADER,
    K_DATAGRAM, K_SUBAGENT, K_AGENT, K_AGENT_IP, K_AGENT_CIDR, K_NFLOG_GROUP,
    K_NFLOG_PROB, K_NFLOG_RCVBUF, K_KVM_URI, K_XEN_URI, K_IP, K_UDPPORT,
    K_N
};

static bool
key_once(struct parser *p, enum key_id id, const struct token *key)
{
    if (p->seen[id]) {
        parser_error(p, key->line, "%s given twice (first on line %d)", key->text,
                     p->seen[id]);
        return false;
    }
    p->seen[id] = key->line;
    return true;
}

static void
set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = xstrdup(s);
}

typedef bool check_fn(struct parser *, const struct token *key, const struct token *val);

/* A string key given once, its value accepted by CHECK (if any), into *DST. */
static bool
str_key(struct parser *p, enum key_id id, const struct token *key, const struct token *val,
        check_fn *check, char **dst)
{
    if (!key_once(p, id, key) || (check && !check(p, key, val))) {
        return false;
    }
    set_str(dst, val->text);
    return true;
}

/* A collector being collected: from a collector { } block or from the flat
 * ip/udpport keys of a scope. */
struct pending_collector {
    const struct token *ip;
    uint32_t port;
    int port_line;
};

static bool
collector_finish(struct parser *p, struct pending_collector *pc, int line)
{
    if (!pc->ip) {
        if (pc->port_line) {
            parser_error(p, pc->port_line, "udpport without ip");
            return false;
        }
        return true;
    }
    if (!hsauto_add_collector(&p->scratch, pc->ip->text,
                              (uint16_t) (pc->port ? pc->port : HSAUTO_DEFAULT_PORT))) {
        parser_error(p, line, "too many collectors (at most %d)", HSAUTO_MAX_COLLECTORS);
        return false;
    }
    return true;
}

/* Reads the value of KEY: the next token, on the same line, not a brace. */
static const struct token *
take_value(struct parser *p, const struct token *key)
{
    if (p->pos >= p->n_toks || p->toks[p->pos].line != key->line
        || is_brace(&p->toks[p->pos])) {
        parser_error(p, key->line, "%s: missing value", key->text);
        return NULL;
    }
    return &p->toks[p->pos++];
}

/* Keys allowed in the sflow scope (and at the top level). Returns false on
 * error; *KNOWN tells whether KEY was one of them. */
static bool
sflow_key(struct parser *p, const struct token *key, const struct token *val,
          struct pending_collector *flat, bool *known)
{
    struct hsconfig *c = p->cfg;
    const char *k = key->text;
    *known = true;
    if (str_ieq(k, "DNSSD")) {
        return key_once(p, K_DNSSD, key) && parse_bool(p, key, val, &c->dnssd);
    } else if (str_ieq(k, "DNSSD_domain")) {
        if (!key_once(p, K_DNSSD_DOMAIN, key)) {
            return false;
        }
        const char *d = val->text[0] == '.' ? val->text + 1 : val->text;
        if (!*d) {
            parser_error(p, val->line, "%s: empty domain", k);
            return false;
        }
        set_str(&c->dnssd_domain, d);
        return true;
    } else if (str_ieq(k, "polling")) {
        c->polling_set = true;
        return key_once(p, K_POLLING, key) && parse_uint(p, key, val, 0, 300, &c->polling);
    } else if (str_ieq(k, "sampling")) {
        c->sampling_set = true;
        return key_once(p, K_SAMPLING, key)
               && parse_uint(p, key, val, 0, UINT32_MAX, &c->sampling);
    } else if (!strncasecmp(k, "sampling.", 9) || !strncasecmp(k, "polling.", 8)) {
        bool is_sampling = !strncasecmp(k, "sampling.", 9);
        const char *name = k + (is_sampling ? 9 : 8);
        uint32_t v;
        if (!parse_uint(p, key, val, 0, is_sampling ? UINT32_MAX : 300, &v)) {
            return false;
        }
        struct hsauto_kv *kv = is_sampling ? p->scratch.samplings : p->scratch.pollings;
        size_t n = is_sampling ? p->scratch.n_samplings : p->scratch.n_pollings;
        for (size_t i = 0; i < n; i++) {
            if (str_ieq(kv[i].name, name)) {
                parser_error(p, key->line, "%s given twice", k);
                return false;
            }
        }
        if (n >= HSAUTO_MAX_KV) {
            parser_error(p, key->line, "too many %s.<name> keys (at most %d)",
                         is_sampling ? "sampling" : "polling", HSAUTO_MAX_KV);
            return false;
        }
        if (!hsauto_set_kv(&p->scratch, is_sampling, name, v)) {
            parser_error(p, key->line, "'%s': bad name after the dot", k);
            return false;
        }
        return true;
    } else if (str_ieq(k, "headerBytes")) {
        c->header_set = true;
        return key_once(p, K_HEADER, key)
               && parse_uint(p, key, val, 0, 256, &c->header_bytes);
    } else if (str_ieq(k, "datagramBytes")) {
        return key_once(p, K_DATAGRAM, key)
               && parse_uint(p, key, val, 200, 8192, &c->datagram_bytes);
    } else if (str_ieq(k, "subAgentId")) {
        return key_once(p, K_SUBAGENT, key)
               && parse_uint(p, key, val, 0, UINT32_MAX, &c->sub_agent_id);
    } else if (str_ieq(k, "agent")) {
        c->agent_set = true;
        return str_key(p, K_AGENT, key, val, parse_ifname, &c->agent_dev);
    } else if (str_ieq(k, "agentIP")) {
        c->agent_set = true;
        return str_key(p, K_AGENT_IP, key, val, parse_ip, &c->agent_ip);
    } else if (str_ieq(k, "agent.cidr")) {
        c->agent_set = true;
        return str_key(p, K_AGENT_CIDR, key, val, parse_cidr, &c->agent_cidr);
    } else if (str_ieq(k, "ulogGroup") || str_ieq(k, "nflogGroup")) {
        c->nflog = true;
        if (k[0] == 'u' || k[0] == 'U') {
            parser_notice(p, key->line, "%s is mapped onto NFLOG group %s", k, val->text);
        }
        return key_once(p, K_NFLOG_GROUP, key)
               && parse_uint(p, key, val, 0, 65535, &c->nflog_group);
    } else if (str_ieq(k, "ulogProbability") || str_ieq(k, "nflogProbability")) {
        p->nflog_prob_set = true;
        return key_once(p, K_NFLOG_PROB, key)
               && parse_probability(p, key, val, &c->nflog_probability);
    } else if (flat && str_ieq(k, "ip")) {
        if (!key_once(p, K_IP, key) || !parse_ip(p, key, val)) {
            return false;
        }
        flat->ip = val;
        return true;
    } else if (flat && str_ieq(k, "udpport")) {
        if (!key_once(p, K_UDPPORT, key)) {
            return false;
        }
        flat->port_line = key->line;
        return parse_uint(p, key, val, 1, 65535, &flat->port);
    }
    *known = false;
    return true;
}

enum block_kind {
    B_TOP, B_SFLOW, B_COLLECTOR, B_DNSSD, B_OVS, B_KVM, B_XEN, B_NFLOG, B_ULOG, B_SKIP
};

static bool parse_scope(struct parser *p, enum block_kind kind, const struct token *open,
                        int depth);

static bool
block_key(struct parser *p, enum block_kind kind, const struct token *key,
          const struct token *val, struct pending_collector *pc)
{
    struct hsconfig *c = p->cfg;
    const char *k = key->text;
    switch (kind) {
    case B_COLLECTOR:
        if (str_ieq(k, "ip")) {
            if (pc->ip) {
                parser_error(p, key->line, "ip given twice in one collector");
                return false;
            }
            pc->ip = val;
            return parse_ip(p, key, val);
        } else if (str_ieq(k, "udpport") || str_ieq(k, "port")) {
            if (pc->port_line) {
                parser_error(p, key->line, "udpport given twice in one collector");
                return false;
            }
            pc->port_line = key->line;
            return parse_uint(p, key, val, 1, 65535, &pc->port);
        }
        break;
    case B_DNSSD:
        if (str_ieq(k, "domain")) {
            return sflow_key(p, &(struct token) { .text = "DNSSD_domain", .line = key->line },
                             val, NULL, &(bool) { false });
        } else if (str_ieq(k, "server")) {
            return str_key(p, K_DNSSD_SERVER, key, val, parse_server, &c->dnssd_server);
        } else if (str_ieq(k, "DNSSD") || str_ieq(k, "enable")) {
            return key_once(p, K_DNSSD, key) && parse_bool(p, key, val, &c->dnssd);
        }
        break;
    case B_KVM:
    case B_XEN:
        if (str_ieq(k, "uri")) {
            return str_key(p, kind == B_KVM ? K_KVM_URI : K_XEN_URI, key, val, NULL,
                           kind == B_KVM ? &c->kvm_uri : &c->xen_uri);
        }
        break;
    case B_NFLOG:
    case B_ULOG:
        if (str_ieq(k, "group")) {
            return key_once(p, K_NFLOG_GROUP, key)
                   && parse_uint(p, key, val, 0, 65535, &c->nflog_group);
        } else if (str_ieq(k, "probability")) {
            p->nflog_prob_set = true;
            return key_once(p, K_NFLOG_PROB, key)
                   && parse_probability(p, key, val, &c->nflog_probability);
        } else if (str_ieq(k, "rcvbuf")) {
            return key_once(p, K_NFLOG_RCVBUF, key)
                   && parse_uint(p, key, val, 0, 1U << 30, &c->nflog_rcvbuf);
        }
        break;
    case B_SKIP:
        return true;
    case B_TOP:
    case B_SFLOW:
    case B_OVS:
        break;
    }
    parser_error(p, key->line, "unknown key '%s'", k);
    return false;
}

static bool
open_block(struct parser *p, enum block_kind parent, const struct token *name,
           const struct token *brace, int depth)
{
    const char *n = name->text;
    enum block_kind kind;
    if (parent == B_SKIP) {
        kind = B_SKIP;
    } else if (parent == B_COLLECTOR || parent == B_DNSSD || parent == B_OVS
               || parent == B_KVM || parent == B_XEN || parent == B_NFLOG
               || parent == B_ULOG) {
        parser_error(p, name->line, "block '%s' not allowed inside another block", n);
        return false;
    } else if (str_ieq(n, "sflow")) {
        if (parent != B_TOP) {
            parser_error(p, name->line, "sflow block inside sflow");
            return false;
        }
        kind = B_SFLOW;
    } else if (str_ieq(n, "collector")) {
        kind = B_COLLECTOR;
    } else if (str_ieq(n, "dns-sd") || str_ieq(n, "dnssd")) {
        kind = B_DNSSD;
    } else if (str_ieq(n, "ovs")) {
        kind = B_OVS;
        p->cfg->ovs = true;
    } else if (str_ieq(n, "kvm")) {
        kind = B_KVM;
        p->cfg->kvm = true;
    } else if (str_ieq(n, "xen")) {
        kind = B_XEN;
        p->cfg->xen = true;
    } else if (str_ieq(n, "nflog")) {
        kind = B_NFLOG;
        p->cfg->nflog = true;
    } else if (str_ieq(n, "ulog")) {
        kind = B_ULOG;
        p->cfg->nflog = true;
        parser_notice(p, name->line, "ulog { } is mapped onto nflog { } (ULOG is gone "
                      "from current kernels)");
    } else {
        kind = B_SKIP;
        parser_notice(p, name->line, "module '%s' is not supported here; block skipped", n);
    }
    if (kind == B_NFLOG || kind == B_ULOG) {
        for (int i = K_NFLOG_GROUP; i <= K_NFLOG_RCVBUF; i++) {
            if (p->seen[i]) {
                parser_error(p, name->line, "second nflog/ulog setting (first on line %d)",
                             p->seen[i]);
                return false;
            }
        }
    }
    return parse_scope(p, kind, brace, depth + 1);
}

/* Parses statements until the '}' matching OPEN (or the end of the tokens at
 * the top level, OPEN == NULL). */
static bool
parse_scope(struct parser *p, enum block_kind kind, const struct token *open, int depth)
{
    if (depth > MAX_DEPTH) {
        parser_error(p, open->line, "blocks nested too deeply");
        return false;
    }
    struct pending_collector pc = { NULL, 0, 0 };
    bool flat = kind == B_TOP || kind == B_SFLOW;
    while (p->pos < p->n_toks) {
        const struct token *t = &p->toks[p->pos++];
        if (!strcmp(t->text, "}")) {
            if (!open) {
                parser_error(p, t->line, "'}' without a matching '{'");
                return false;
            }
            if (kind == B_COLLECTOR && !pc.ip) {
                parser_error(p, open->line, "collector without ip");
                return false;
            }
            return collector_finish(p, &pc, t->line);
        }
        if (!strcmp(t->text, "{")) {
            parser_error(p, t->line, "'{' without a block name");
            return false;
        }
        if (p->pos < p->n_toks && !strcmp(p->toks[p->pos].text, "{")) {
            const struct token *brace = &p->toks[p->pos++];
            if (!open_block(p, kind, t, brace, depth)) {
                return false;
            }
            continue;
        }
        if (kind == B_SKIP) {
            continue;               /* words of an unknown module: not ours to judge */
        }
        const struct token *val = take_value(p, t);
        if (!val) {
            return false;
        }
        if (flat) {
            bool known;
            if (!sflow_key(p, t, val, &pc, &known)) {
                return false;
            }
            if (!known) {
                parser_error(p, t->line, "unknown key '%s'", t->text);
                return false;
            }
        } else if (!block_key(p, kind, t, val, &pc)) {
            return false;
        }
    }
    if (open) {
        parser_error(p, open->line, "block not closed: '{' without a matching '}'");
        return false;
    }
    return collector_finish(p, &pc, p->n_toks ? p->toks[p->n_toks - 1].line : 1);
}

/* ---- public --------------------------------------------------------------- */

void
hsconfig_init(struct hsconfig *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->dnssd = true;
    cfg->polling = HSCONFIG_DEFAULT_POLLING;
    cfg->sampling = HSCONFIG_DEFAULT_SAMPLING;
    cfg->header_bytes = HSCONFIG_DEFAULT_HEADER;
    cfg->datagram_bytes = HSCONFIG_DEFAULT_DATAGRAM;
    cfg->sub_agent_id = HSCONFIG_DEFAULT_SUB_AGENT_ID;
}

void
hsconfig_destroy(struct hsconfig *cfg)
{
    free(cfg->dnssd_domain);
    free(cfg->dnssd_server);
    for (size_t i = 0; i < cfg->n_samplings; i++) {
        free(cfg->samplings[i].name);
    }
    free(cfg->samplings);
    for (size_t i = 0; i < cfg->n_pollings; i++) {
        free(cfg->pollings[i].name);
    }
    free(cfg->pollings);
    free(cfg->agent_ip);
    free(cfg->agent_dev);
    free(cfg->agent_cidr);
    free(cfg->collectors);
    free(cfg->kvm_uri);
    free(cfg->xen_uri);
    for (size_t i = 0; i < cfg->n_notices; i++) {
        free(cfg->notices[i]);
    }
    free(cfg->notices);
    hsconfig_init(cfg);
}

bool
hsconfig_parse(const char *filename, const char *text, size_t len, struct hsconfig *out,
               char **err)
{
    struct parser p;
    memset(&p, 0, sizeof p);
    p.filename = filename;
    p.cfg = out;
    hsconfig_init(out);
    hsauto_settings_init(&p.scratch);

    if (len > HSCONFIG_MAX_FILE) {
        parser_error(&p, 1, "file larger than %d bytes", HSCONFIG_MAX_FILE);
    } else if (tokenize(&p, text, len)) {
        parse_scope(&p, B_TOP, NULL, 0);
    }

    if (!p.err) {
        /* Move the lists out of the scratch settings. */
        out->collectors = p.scratch.collectors;
        out->n_collectors = p.scratch.n_collectors;
        out->samplings = p.scratch.samplings;
        out->n_samplings = p.scratch.n_samplings;
        out->pollings = p.scratch.pollings;
        out->n_pollings = p.scratch.n_pollings;
        p.scratch.collectors = NULL;
        p.scratch.samplings = p.scratch.pollings = NULL;
        p.scratch.n_collectors = p.scratch.n_samplings = p.scratch.n_pollings = 0;
        if (out->kvm && !out->kvm_uri) {
            out->kvm_uri = xstrdup(HSCONFIG_DEFAULT_KVM_URI);
        }
        if (out->xen && !out->xen_uri) {
            out->xen_uri = xstrdup(HSCONFIG_DEFAULT_XEN_URI);
        }
        if (out->nflog && !p.nflog_prob_set) {
            out->nflog_probability = out->sampling ? 1.0 / out->sampling : 1.0;
        }
        out->notices = p.notices;
        out->n_notices = p.n_notices;
        p.notices = NULL;
        p.n_notices = 0;
    }
    hsauto_settings_destroy(&p.scratch);
    for (size_t i = 0; i < p.n_toks; i++) {
        free(p.toks[i].text);
    }
    free(p.toks);
    for (size_t i = 0; i < p.n_notices; i++) {
        free(p.notices[i]);
    }
    free(p.notices);
    if (p.err) {
        hsconfig_destroy(out);
        *err = p.err;
        return false;
    }
    return true;
}
