/* hsconfig: the /etc/hsflowd.conf parser. See hsconfig.h for the syntax.
 *
 * Two passes over the text: a tokenizer that records each token with its line
 * (tokens split on whitespace, '=' and ';'; '{' and '}' are tokens of their
 * own; '#' to the end of the line is a comment), then a recursive descent over
 * the tokens. A key and its value must be on the same line, so that a key
 * whose value was left out (`ip =`) is reported on its own line instead of
 * swallowing the next key. The first error stops the parse.
 *
 * What each key and block means is not here: it is a row of the tables in
 * hsconfig_keys.c, which this file looks keys up in; hsconfig_value.c checks
 * and stores a value by its row. */
#include <config.h>

#include "hsflowd/hsconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/util.h"
#include "hsflowd/hsconfig_int.h"

#define MAX_TOKEN 255
#define MAX_DEPTH 8

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
            size_t start = i, end;
            bool quoted = c == '"';
            if (quoted) {
                /* "..." keeps separators, braces and '#' (regexes); one line. */
                start = ++i;
                while (i < len && text[i] != '"' && text[i] != '\n' && text[i] != '\0') {
                    i++;
                }
                if (i >= len || text[i] != '"') {
                    parser_error(p, line, "'\"' without a closing '\"' on the line");
                    return false;
                }
                end = i++;
            } else if (c == '{' || c == '}') {
                end = ++i;
            } else {
                while (i < len && !is_sep(text[i]) && text[i] != '#' && text[i] != '{'
                       && text[i] != '}' && text[i] != '"' && text[i] != '\0') {
                    i++;
                }
                end = i;
            }
            for (size_t j = start; j < end; j++) {
                if ((unsigned char) text[j] < 0x20 || text[j] == 0x7f) {
                    parser_error(p, line, "control character 0x%02x",
                                 (unsigned) (unsigned char) text[j]);
                    return false;
                }
            }
            if (end - start > MAX_TOKEN) {
                parser_error(p, line, "word longer than %d characters", MAX_TOKEN);
                return false;
            }
            if (p->n_toks == cap) {
                cap = cap ? cap * 2 : 64;
                p->toks = xreallocarray(p->toks, cap, sizeof *p->toks);
            }
            p->toks[p->n_toks].text = xstrndup(text + start, end - start);
            p->toks[p->n_toks].line = line;
            p->toks[p->n_toks].quoted = quoted;
            p->n_toks++;
        }
    }
    return true;
}

/* ---- tokens -------------------------------------------------------------------- */

static bool
is_tok(const struct token *t, const char *brace)
{
    return !t->quoted && !strcmp(t->text, brace);
}

static bool
is_brace(const struct token *t)
{
    return is_tok(t, "{") || is_tok(t, "}");
}

/* ---- statements ----------------------------------------------------------- */

static bool
key_once(struct parser *p, enum hsconfig_once id, const struct token *key)
{
    if (id == ONCE_NONE) {
        return true;
    }
    if (p->seen[id]) {
        parser_error(p, key->line, "%s given twice (first on line %d)", key->text,
                     p->seen[id]);
        return false;
    }
    p->seen[id] = key->line;
    return true;
}

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
    struct hsconfig *c = p->cfg;
    struct hsconfig_collector n;
    memset(&n, 0, sizeof n);
    size_t hl = strlen(pc->ip->text);
    if (hl > 1 && pc->ip->text[hl - 1] == '.') {
        hl--;                       /* a rooted name: the same name */
    }
    memcpy(n.host, pc->ip->text, hl);
    n.port = (uint16_t) (pc->port ? pc->port : HSAUTO_DEFAULT_PORT);
    if (pc->dev) {
        snprintf(n.dev, sizeof n.dev, "%s", pc->dev->text);
    }
    for (size_t i = 0; i < c->n_collectors; i++) {
        if (!strcasecmp(c->collectors[i].host, n.host) && c->collectors[i].port == n.port
            && !strcmp(c->collectors[i].dev, n.dev)) {
            return true;
        }
    }
    if (c->n_collectors >= HSAUTO_MAX_COLLECTORS) {
        parser_error(p, line, "too many collectors (at most %d)", HSAUTO_MAX_COLLECTORS);
        return false;
    }
    c->collectors = xreallocarray(c->collectors, c->n_collectors + 1, sizeof *c->collectors);
    c->collectors[c->n_collectors++] = n;
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

/* The row for the key NAME in a scope of KIND, or NULL. */
static const struct hsconfig_key *
key_find(enum hsconfig_block kind, const char *name)
{
    for (size_t i = 0; i < hsconfig_n_keys; i++) {
        const struct hsconfig_key *k = &hsconfig_keys[i];
        size_t n = strlen(k->name);
        if ((k->blocks & HB(kind))
            && (k->name[n - 1] == '.' ? !strncasecmp(name, k->name, n)
                                      : str_ieq(name, k->name))) {
            return k;
        }
    }
    return NULL;
}

/* One "KEY VALUE" statement in a scope of KIND. */
static bool
statement(struct parser *p, enum hsconfig_block kind, const struct token *key,
          const struct token *val, struct pending_collector *pc)
{
    const struct hsconfig_key *k = key_find(kind, key->text);
    if (!k) {
        parser_error(p, key->line, "unknown key '%s'", key->text);
        return false;
    }
    if (k->effect != HE_SET) {
        parser_notice(p, key->line, "%s %s", key->text, k->notice);
    }
    if (k->flag != HSCONFIG_NO_FIELD) {
        *(bool *) ((char *) p->cfg + k->flag) = true;
    }
    union hsconfig_value v;
    if (!key_once(p, k->once, key) || !hsconfig_value_check(p, k, key, val, &v)) {
        return false;
    }
    if (k->apply) {
        return k->apply(p, k, key, val, &v, pc);
    }
    if (k->field != HSCONFIG_NO_FIELD) {
        hsconfig_value_store(p, k, &v);
    }
    return true;
}

static bool parse_scope(struct parser *p, enum hsconfig_block kind, const struct token *open,
                        int depth);

static const struct hsconfig_block_def *
block_find(const char *name)
{
    for (size_t i = 0; i < hsconfig_n_blocks; i++) {
        if (str_ieq(name, hsconfig_blocks[i].name)) {
            return &hsconfig_blocks[i];
        }
    }
    return NULL;
}

static bool
open_block(struct parser *p, enum hsconfig_block parent, const struct token *name,
           const struct token *brace, int depth)
{
    const struct hsconfig_block_def *b = parent == HB_SKIP ? NULL : block_find(name->text);
    enum hsconfig_block kind = HB_SKIP;
    if (parent == HB_SKIP) {
        /* inside a skipped block: skipped too */
    } else if (b && (b->parents & HB(parent))) {
        kind = b->kind;
    } else if (!(HB(parent) & HB_FLAT)) {
        parser_error(p, name->line, "block '%s' not allowed inside another block",
                     name->text);
        return false;
    } else if (b) {
        parser_error(p, name->line, "%s block inside %s", name->text,
                     parent == HB_SFLOW ? "sflow" : "the top level");
        return false;
    } else {
        parser_notice(p, name->line, "module '%s' is not supported here; block skipped",
                      name->text);
    }
    if (b && b->notice && parent != HB_SKIP) {
        parser_notice(p, name->line, "%s { } %s", name->text, b->notice);
    }
    if (b && kind != HB_SKIP && b->open && !b->open(p, name, &kind)) {
        return false;
    }
    if (b && kind != HB_SKIP && b->flag != HSCONFIG_NO_FIELD) {
        *(bool *) ((char *) p->cfg + b->flag) = true;
    }
    return parse_scope(p, kind, brace, depth + 1);
}

/* Parses statements until the '}' matching OPEN (or the end of the tokens at
 * the top level, OPEN == NULL). */
static bool
parse_scope(struct parser *p, enum hsconfig_block kind, const struct token *open, int depth)
{
    if (depth > MAX_DEPTH) {
        parser_error(p, open->line, "blocks nested too deeply");
        return false;
    }
    struct pending_collector pc = { NULL, 0, 0, NULL };
    while (p->pos < p->n_toks) {
        const struct token *t = &p->toks[p->pos++];
        if (is_tok(t, "}")) {
            if (!open) {
                parser_error(p, t->line, "'}' without a matching '{'");
                return false;
            }
            if (kind == HB_COLLECTOR && !pc.ip) {
                parser_error(p, open->line, "collector without ip");
                return false;
            }
            return collector_finish(p, &pc, t->line);
        }
        if (is_tok(t, "{")) {
            parser_error(p, t->line, "'{' without a block name");
            return false;
        }
        if (p->pos < p->n_toks && is_tok(&p->toks[p->pos], "{")) {
            const struct token *brace = &p->toks[p->pos++];
            if (!open_block(p, kind, t, brace, depth)) {
                return false;
            }
            continue;
        }
        if (kind == HB_SKIP) {
            continue;               /* words of an unknown module: not ours to judge */
        }
        const struct token *val = take_value(p, t);
        if (!val || !statement(p, kind, t, val, &pc)) {
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
    cfg->refresh_adaptors = HSCONFIG_DEFAULT_REFRESH_ADAPTORS;
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
    for (size_t i = 0; i < cfg->n_agent_cidrs; i++) {
        free(cfg->agent_cidrs[i]);
    }
    free(cfg->agent_cidrs);
    free(cfg->collectors);
    free(cfg->kvm_uri);
    free(cfg->ovs_db);
    free(cfg->xen_uri);
    for (size_t i = 0; i < cfg->n_pcaps; i++) {
        free(cfg->pcaps[i].dev);
    }
    free(cfg->pcaps);
    free(cfg->pve_config);
    free(cfg->pve_run);
    free(cfg->pve_cgroup);
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
        if (parse_scope(&p, HB_TOP, NULL, 0)) {
            hsconfig_pcap_check(&p);
        }
    }

    if (!p.err) {
        /* Move the lists out of the scratch settings. */
        out->samplings = p.scratch.samplings;
        out->n_samplings = p.scratch.n_samplings;
        out->pollings = p.scratch.pollings;
        out->n_pollings = p.scratch.n_pollings;
        p.scratch.samplings = p.scratch.pollings = NULL;
        p.scratch.n_samplings = p.scratch.n_pollings = 0;
        if (out->dnssd_block && !p.seen[ONCE_DNSSD]) {
            out->dnssd = true;
        }
        if (out->kvm && !out->kvm_uri) {
            out->kvm_uri = xstrdup(HSCONFIG_DEFAULT_KVM_URI);
        }
        /* As in the older agent: no probability means the rule logs every
         * packet and hsflowd keeps 1-in-sampling of them. */
        if (out->nflog && !p.seen[ONCE_NFLOG_PROB]) {
            out->nflog_probability = 1.0;
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
