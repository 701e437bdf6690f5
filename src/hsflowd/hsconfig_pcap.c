/* hsconfig_pcap: the pcap { } block of hsflowd.conf (rows in
 * hsconfig_keys.c; see hsconfig_int.h).
 *
 *   pcap { dev = vmbr0 }              one device
 *   pcap { dev = tap.* }              every device whose whole name matches
 *   pcap { speed = 1G-1T }            every NIC from 1 Gb/s to 1 Tb/s
 *   pcap { speed = 10G }              every NIC of exactly 10 Gb/s
 *   pcap { speed = 1- }               every NIC
 *
 * with promisc = on|off, vport = on|off and sampling = N in any of them,
 * each key once a block. */
#include <config.h>

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "hsflowd/hsconfig_int.h"
#include "hsflowd/hsconfig_pcap.h"

#define PCAP_MAX_PATTERN 255

bool
hsconfig_parse_speed(const char *s, uint64_t *out)
{
    static const struct { char c; uint64_t mult; } suffix[] = {
        { 'K', 1000ULL }, { 'M', 1000000ULL }, { 'G', 1000000000ULL },
        { 'T', 1000000000000ULL },
    };
    size_t n = strlen(s);
    if (n == 0 || n > 20) {
        return false;
    }
    uint64_t mult = 1;
    char digits[24];
    memcpy(digits, s, n + 1);
    for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
        if ((digits[n - 1] & ~0x20) == suffix[i].c) {
            mult = suffix[i].mult;
            digits[--n] = '\0';
            break;
        }
    }
    unsigned long long v;
    if (!n || digits[0] < '0' || digits[0] > '9'
        || !str_to_uint(digits, 0, UINT64_MAX / mult, &v)) {
        return false;
    }
    *out = v * mult;
    return true;
}

bool
hsconfig_pcap_is_pattern(const char *name)
{
    return strpbrk(name, "*+?[](){}|^$\\") != NULL;
}

/* NULL when VAL is a device name the kernel would take (1-15 bytes, no '/',
 * ':' or space) or a pattern that compiles; else why not. */
static char *
check_dev(const char *val)
{
    size_t n = strlen(val);
    if (hsconfig_pcap_is_pattern(val)) {
        if (n > PCAP_MAX_PATTERN) {
            return xasprintf("pattern longer than %d characters", PCAP_MAX_PATTERN);
        }
        char *anchored = xasprintf("^(%s)$", val);
        regex_t re;
        int rc = regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB);
        free(anchored);
        if (rc) {
            char why[128];
            regerror(rc, &re, why, sizeof why);
            return xasprintf("'%s' is not a pattern: %s", val, why);
        }
        regfree(&re);
        return NULL;
    }
    bool ok = n >= 1 && n <= 15 && strcmp(val, ".") && strcmp(val, "..");
    for (size_t i = 0; ok && i < n; i++) {
        unsigned char c = (unsigned char) val[i];
        ok = c > 0x20 && c < 0x7f && c != '/' && c != ':';
    }
    return ok ? NULL : xasprintf("'%s' is not a device name or pattern", val);
}

/* "MIN", "MIN-MAX" or "MIN-" into PC; false if VAL is none of them. */
static bool
parse_speed_range(struct hsconfig_pcap *pc, const char *val)
{
    const char *dash = strchr(val, '-');
    char *lo = dash ? xstrndup(val, (size_t) (dash - val)) : xstrdup(val);
    uint64_t min, max = 0;
    bool ok = hsconfig_parse_speed(lo, &min);
    free(lo);
    if (ok && dash) {
        ok = dash[1] ? hsconfig_parse_speed(dash + 1, &max) && max >= min
                     : (max = UINT64_MAX, true);
    } else {
        max = min;
    }
    if (ok) {
        pc->speed_set = true;
        pc->speed_min = min;
        pc->speed_max = max;
    }
    return ok;
}

bool
hsconfig_pcap_open(struct parser *p, const struct token *name, enum hsconfig_block *kind)
{
    (void) kind;
    struct hsconfig *c = p->cfg;
    c->pcaps = xreallocarray(c->pcaps, c->n_pcaps + 1, sizeof *c->pcaps);
    c->pcaps[c->n_pcaps++] = (struct hsconfig_pcap) { .vport = -1, .line = name->line };
    return true;
}

bool
hsconfig_pcap_apply(struct parser *p, const struct hsconfig_key *k, const struct token *key,
                    const struct token *val, const union hsconfig_value *v,
                    struct pending_collector *pc)
{
    static const char *const names[] = { "dev", "speed", "promisc", "vport", "sampling" };
    (void) pc;
    struct hsconfig_pcap *b = &p->cfg->pcaps[p->cfg->n_pcaps - 1];
    size_t i = 0;
    while (i < ARRAY_SIZE(names) - 1 && strcmp(names[i], k->name)) {
        i++;
    }
    if (b->given & (1u << i)) {
        parser_error(p, key->line, "%s given twice in one pcap block", key->text);
        return false;
    }
    b->given |= 1u << i;
    char *why = NULL;
    switch (i) {
    case 0:
        if (!(why = check_dev(val->text))) {
            b->dev = xstrdup(val->text);
        }
        break;
    case 1:
        if (!parse_speed_range(b, val->text)) {
            why = xasprintf("'%s' is not SPEED, MIN-MAX or MIN- (bits/s, suffix K, M, G "
                            "or T)", val->text);
        }
        break;
    case 2:
        b->promisc = v->b;
        break;
    case 3:
        b->vport = v->b;
        break;
    default:
        b->sampling_set = true;
        b->sampling = v->u;
        break;
    }
    if (why) {
        parser_error(p, val->line, "%s: %s", key->text, why);
        free(why);
        return false;
    }
    return true;
}

bool
hsconfig_pcap_check(struct parser *p)
{
    for (size_t i = 0; i < p->cfg->n_pcaps; i++) {
        if (!p->cfg->pcaps[i].dev && !p->cfg->pcaps[i].speed_set) {
            parser_error(p, p->cfg->pcaps[i].line, "pcap block names neither dev nor speed");
            return false;
        }
    }
    return true;
}
