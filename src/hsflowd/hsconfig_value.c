/* hsconfig_value: a value of hsflowd.conf checked against the type of its
 * key's row and stored where the row says (see hsconfig_int.h), and the
 * parser's "file:line: ..." errors and notices. Pure. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/netaddr.h"
#include "common/util.h"
#include "hsflowd/hsconfig_int.h"

void
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

void
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

static bool
check_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "1" };
    static const char *const no[] = { "off", "no", "false", "0" };
    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (str_ieq(s, yes[i])) {
            *out = true;
            return true;
        }
        if (str_ieq(s, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool
check_probability(const char *s, double *out)
{
    for (const char *q = s; *q; q++) {
        if (!isdigit((unsigned char) *q) && *q != '.' && *q != 'e' && *q != 'E'
            && *q != '-') {
            return false;
        }
    }
    char *end = NULL;
    errno = 0;
    double d = *s ? strtod(s, &end) : NAN;
    if (!end || *end || errno || !(d > 0.0) || d > 1.0) {
        return false;
    }
    *out = d;
    return true;
}

/* An OVSDB remote: "unix:/PATH" or "tcp:ADDRESS:PORT". */
static bool
check_remote(const char *s)
{
    if (!strncmp(s, "unix:", 5)) {
        return s[5] == '/';
    }
    const char *colon = !strncmp(s, "tcp:", 4) ? strrchr(s + 4, ':') : NULL;
    unsigned long long port;
    return colon && colon > s + 4 && str_to_uint(colon + 1, 1, 65535, &port);
}

/* "ADDR", "ADDR:PORT" or "[V6ADDR]:PORT". */
static bool
check_server(const char *s)
{
    char *addr;
    const char *port = NULL;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || (close[1] && close[1] != ':')) {
            return false;
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
    bool ok = netaddr_is_numeric(addr) && (!port || str_to_uint(port, 1, 65535, &v));
    free(addr);
    return ok;
}

/* A numeric address, or a DNS name: labels of letters, digits, '-' and '_'
 * (1-63 bytes each) joined by '.', at most HSCONFIG_MAX_HOST bytes, one
 * trailing '.' allowed; a last label of digits only is a mistyped address. */
static bool
check_host(const char *s)
{
    if (netaddr_is_numeric(s)) {
        return true;
    }
    size_t n = strlen(s), label = 0;
    if (n && s[n - 1] == '.') {
        n--;
    }
    if (!n || n > HSCONFIG_MAX_HOST) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (!label) {
                return false;
            }
            label = 0;
        } else if ((isalnum((unsigned char) s[i]) || s[i] == '-' || s[i] == '_')
                   && ++label <= 63) {
            continue;
        } else {
            return false;
        }
    }
    size_t k = n;
    while (k > 0 && isdigit((unsigned char) s[k - 1])) {
        k--;
    }
    return label > 0 && k > 0 && s[k - 1] != '.';
}

/* A decimal number in [MIN, MAX], with an optional K, M or G (x 1000,
 * x 10^6, x 10^9) as the older agent takes them: "10K". */
static bool
check_uint(const char *s, unsigned long long min, unsigned long long max,
           unsigned long long *out)
{
    size_t n = strlen(s);
    if (str_to_uint(s, min, max, out)) {
        return true;
    }
    static const char suffix[] = "KMG";
    const char *k = n > 1 ? strchr(suffix, toupper((unsigned char) s[n - 1])) : NULL;
    if (!k || !*k) {
        return false;
    }
    char digits[32];
    unsigned long long v;
    if (n - 1 >= sizeof digits) {
        return false;
    }
    memcpy(digits, s, n - 1);
    digits[n - 1] = '\0';
    if (!str_to_uint(digits, 0, UINT32_MAX, &v)) {
        return false;
    }
    for (const char *m = suffix; m <= k; m++) {
        v *= 1000;
    }
    if (v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

/* 8-4-4-4-12 hex digits. */
static bool
check_uuid(const char *s, uint8_t out[16])
{
    size_t nibble = 0;
    for (size_t i = 0; s[i]; i++) {
        bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_here != (s[i] == '-')) {
            return false;
        }
        if (dash_here) {
            continue;
        }
        if (!isxdigit((unsigned char) s[i]) || nibble >= 32) {
            return false;
        }
        char digit[2] = { s[i], '\0' };
        uint8_t v = (uint8_t) strtoul(digit, NULL, 16);
        out[nibble / 2] = nibble % 2 ? (uint8_t) (out[nibble / 2] | v) : (uint8_t) (v << 4);
        nibble++;
    }
    return nibble == 32;
}

/* Checks VAL of KEY against row K; on failure reports what is wrong. */
bool
hsconfig_value_check(struct parser *p, const struct hsconfig_key *k, const struct token *key,
            const struct token *val, union hsconfig_value *out)
{
    const char *v = val->text;
    unsigned long long u;
    out->s = v;
    switch (k->type) {
    case HT_UINT:
        if (check_uint(v, k->min, k->max, &u)) {
            out->u = (uint32_t) u;
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not a number in %llu-%llu", key->text, v,
                     k->min, k->max);
        return false;
    case HT_BOOL:
        if (check_bool(v, &out->b)) {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not on or off", key->text, v);
        return false;
    case HT_PROB:
        if (check_probability(v, &out->d)) {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not a probability in (0, 1]", key->text, v);
        return false;
    case HT_IP:
        if (netaddr_is_numeric(v)) {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not a numeric IPv4 or IPv6 address",
                     key->text, v);
        return false;
    case HT_CIDR:
        if (netaddr_parse_cidr(v + (v[0] == '!'), NULL, NULL, NULL)) {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not [!]ADDRESS/PREFIXLEN", key->text, v);
        return false;
    case HT_IFNAME:
        if (netaddr_is_ifname(v)) {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not a device name", key->text, v);
        return false;
    case HT_SERVER:
        if (check_server(v)) {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not ADDRESS[:PORT]", key->text, v);
        return false;
    case HT_REMOTE:
        if (check_remote(v)) {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not unix:/PATH or tcp:ADDRESS:PORT",
                     key->text, v);
        return false;
    case HT_DOMAIN:
        out->s = v[0] == '.' ? v + 1 : v;
        if (*out->s) {
            return true;
        }
        parser_error(p, val->line, "%s: empty domain", key->text);
        return false;
    case HT_HOST:
        if (check_host(v)) {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not a numeric IPv4 or IPv6 address or a host name",
                     key->text, v);
        return false;
    case HT_UUID:
        if (check_uuid(v, out->uuid)) {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not a UUID (8-4-4-4-12 hex digits)",
                     key->text, v);
        return false;
    case HT_DIRECTION:
        if (str_ieq(v, "in") || str_ieq(v, "out") || str_ieq(v, "both")) {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not in, out or both", key->text, v);
        return false;
    case HT_PATH:
        if (v[0] == '/') {
            return true;
        }
        parser_error(p, val->line, "%s: '%s' is not an absolute path", key->text, v);
        return false;
    case HT_STR:
    case HT_ANY:
        return true;
    }
    return true;
}

/* Stores a checked value V into the field of row K. */
void
hsconfig_value_store(struct parser *p, const struct hsconfig_key *k, const union hsconfig_value *v)
{
    char *field = (char *) p->cfg + k->field;
    switch (k->type) {
    case HT_UINT:
        *(uint32_t *) field = v->u;
        break;
    case HT_BOOL:
        *(bool *) field = v->b;
        break;
    case HT_PROB:
        *(double *) field = v->d;
        break;
    case HT_IP:
    case HT_CIDR:
    case HT_IFNAME:
    case HT_SERVER:
    case HT_REMOTE:
    case HT_DOMAIN:
    case HT_PATH:
    case HT_STR:
        free(*(char **) field);
        *(char **) field = xstrdup(v->s);
        break;
    case HT_UUID:
        memcpy(field, v->uuid, sizeof v->uuid);
        break;
    case HT_HOST:
    case HT_DIRECTION:
    case HT_ANY:
        break;
    }
}
