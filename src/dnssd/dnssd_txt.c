/* dnssd_txt: the pure parser of the TXT strings at _sflow._udp.<domain>.
 *
 * Each string is "key=value". Keys are case-insensitive:
 *   txtvers=1                 (any other version is rejected; absent = 1)
 *   sampling=N                1 .. 2^32-1
 *   sampling.<x>=N            1 .. 2^32-1
 *   polling=N, polling.<x>=N  0 .. DNSSD_MAX_POLLING seconds
 *   headerBytes=N             0 .. DNSSD_MAX_HEADER
 *   agentIP=ADDR              numeric IPv4 or IPv6
 *   agent=DEVICE              interface name (< IFNAMSIZ, no '/' or blanks)
 *   agent.cidr=ADDR/LEN       IPv4 or IPv6 prefix
 * Empty strings and unknown keys are ignored (so that newer records keep
 * working). A value out of range, a malformed one, a key given twice, a string
 * longer than a DNS character-string or too many strings reject the whole
 * record: the caller keeps the settings it had. */
#include <config.h>

#include "dnssd/dnssd_txt.h"

#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/netaddr.h"
#include "common/util.h"

enum txt_key {
    TXT_VERS,
    TXT_SAMPLING,
    TXT_POLLING,
    TXT_HEADER,
    TXT_AGENT_IP,
    TXT_AGENT,
    TXT_AGENT_CIDR,
    TXT_N_KEYS
};

static const char *const txt_key_names[TXT_N_KEYS] = {
    [TXT_VERS] = "txtvers",
    [TXT_SAMPLING] = "sampling",
    [TXT_POLLING] = "polling",
    [TXT_HEADER] = "headerBytes",
    [TXT_AGENT_IP] = "agentIP",
    [TXT_AGENT] = "agent",
    [TXT_AGENT_CIDR] = "agent.cidr",
};

/* Values quoted in messages are cut, so that a hostile 255-byte value does
 * not make a 255-byte log line. */
#define VAL "'%.40s%s'"
#define VAL_ARG(v) (v), strlen(v) > 40 ? "..." : ""

/* Printable ASCII without blanks: what every value we accept consists of. */
static bool
txt_printable(const char *s)
{
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
        if (*p <= ' ' || *p >= 0x7f) {
            return false;
        }
    }
    return true;
}

static bool
txt_dev_ok(const char *v)
{
    return *v && strlen(v) < IFNAMSIZ && !strchr(v, '/') && strcmp(v, ".")
           && strcmp(v, "..");
}

/* Applies one known KEY with value V to R. */
static bool
txt_apply(struct dnssd_result *r, enum txt_key key, const char *v, char **err)
{
    unsigned long long u;
    switch (key) {
    case TXT_VERS:
        if (!str_to_uint(v, 1, 1, &u)) {
            return dnssd_fail(err, "unsupported txtvers " VAL " (only 1 is known)",
                              VAL_ARG(v));
        }
        return true;
    case TXT_SAMPLING:
        if (!str_to_uint(v, 1, UINT32_MAX, &u)) {
            return dnssd_fail(err, "sampling " VAL " is not a number in 1..%u", VAL_ARG(v),
                              UINT32_MAX);
        }
        r->settings.sampling = (uint32_t) u;
        r->sampling_given = true;
        return true;
    case TXT_POLLING:
        if (!str_to_uint(v, 0, DNSSD_MAX_POLLING, &u)) {
            return dnssd_fail(err, "polling " VAL " is not a number in 0..%d", VAL_ARG(v),
                              DNSSD_MAX_POLLING);
        }
        r->settings.polling = (uint32_t) u;
        r->polling_given = true;
        return true;
    case TXT_HEADER:
        if (!str_to_uint(v, 0, DNSSD_MAX_HEADER, &u)) {
            return dnssd_fail(err, "headerBytes " VAL " is not a number in 0..%d", VAL_ARG(v),
                              DNSSD_MAX_HEADER);
        }
        r->settings.header = (uint32_t) u;
        r->header_given = true;
        return true;
    case TXT_AGENT_IP:
        if (!netaddr_is_numeric(v)) {
            return dnssd_fail(err, "agentIP " VAL " is not a numeric IP address", VAL_ARG(v));
        }
        r->settings.agent_ip = xstrdup(v);
        return true;
    case TXT_AGENT:
        if (!txt_dev_ok(v)) {
            return dnssd_fail(err, "agent " VAL " is not an interface name", VAL_ARG(v));
        }
        r->settings.agent_dev = xstrdup(v);
        return true;
    case TXT_AGENT_CIDR:
        if (!netaddr_parse_cidr(v, NULL, NULL, NULL)) {
            return dnssd_fail(err, "agent.cidr " VAL " is not ADDR/PREFIXLEN", VAL_ARG(v));
        }
        r->agent_cidr = xstrdup(v);
        return true;
    case TXT_N_KEYS:
    default:
        break;
    }
    return true;
}

/* sampling.<x>=N or polling.<x>=N. */
static bool
txt_apply_kv(struct dnssd_result *r, bool is_sampling, const char *name, const char *v,
             char **err)
{
    const char *what = is_sampling ? "sampling" : "polling";
    unsigned long long u;
    unsigned long long min = is_sampling ? 1 : 0;
    unsigned long long max = is_sampling ? UINT32_MAX : DNSSD_MAX_POLLING;
    struct hsauto_kv *kv = is_sampling ? r->settings.samplings : r->settings.pollings;
    size_t n = is_sampling ? r->settings.n_samplings : r->settings.n_pollings;

    if (!str_to_uint(v, min, max, &u)) {
        return dnssd_fail(err, "%s.%s " VAL " is not a number in %llu..%llu", what, name,
                          VAL_ARG(v), min, max);
    }
    for (size_t i = 0; i < n; i++) {
        if (str_ieq(kv[i].name, name)) {
            return dnssd_fail(err, "%s.%s given twice", what, name);
        }
    }
    if (!hsauto_set_kv(&r->settings, is_sampling, name, (uint32_t) u)) {
        return dnssd_fail(err, "%s.%s: bad name or more than %d entries", what, name,
                          HSAUTO_MAX_KV);
    }
    return true;
}

static bool
txt_parse_one(struct dnssd_result *r, const char *s, bool seen[TXT_N_KEYS],
              char **err)
{
    size_t len = strlen(s);
    if (!len) {
        return true;
    }
    if (len > DNSSD_MAX_TXT_LEN) {
        return dnssd_fail(err, "%zu bytes long (at most %d)", len, DNSSD_MAX_TXT_LEN);
    }
    if (!txt_printable(s)) {
        return dnssd_fail(err, "contains blanks or non-printable bytes");
    }
    const char *eq = strchr(s, '=');
    size_t klen = eq ? (size_t) (eq - s) : len;
    const char *v = eq ? eq + 1 : NULL;
    char key[DNSSD_MAX_TXT_LEN + 1];
    memcpy(key, s, klen);
    key[klen] = '\0';

    for (int k = 0; k < TXT_N_KEYS; k++) {
        if (str_ieq(key, txt_key_names[k])) {
            if (!v) {
                return dnssd_fail(err, "key '%s' has no value", key);
            }
            if (seen[k]) {
                return dnssd_fail(err, "key '%s' given twice", key);
            }
            seen[k] = true;
            return txt_apply(r, (enum txt_key) k, v, err);
        }
    }
    if (!strncasecmp(key, "sampling.", 9) || !strncasecmp(key, "polling.", 8)) {
        bool is_sampling = key[0] == 's' || key[0] == 'S';
        if (!v) {
            return dnssd_fail(err, "key '%s' has no value", key);
        }
        return txt_apply_kv(r, is_sampling, key + (is_sampling ? 9 : 8), v, err);
    }
    return true;   /* unknown key: ignored */
}

bool
dnssd_txt_parse(const char *const *txt, size_t n, struct dnssd_result *out, char **err)
{
    *err = NULL;
    if (n > DNSSD_MAX_TXT_STRINGS) {
        *err = xasprintf("%zu TXT strings (at most %d)", n, DNSSD_MAX_TXT_STRINGS);
        return false;
    }
    struct dnssd_result r;
    bool seen[TXT_N_KEYS] = { false };
    dnssd_result_init(&r);
    for (size_t i = 0; i < n; i++) {
        char *why;
        if (!txt_parse_one(&r, txt[i], seen, &why)) {
            *err = xasprintf("TXT string %zu: %s", i + 1, why);
            free(why);
            dnssd_result_destroy(&r);
            return false;
        }
    }

    /* Only the TXT fields of OUT change; collectors and TTL stay. */
    hsauto_settings_destroy(&(struct hsauto_settings) {
        .agent_ip = out->settings.agent_ip,
        .agent_dev = out->settings.agent_dev,
        .samplings = out->settings.samplings,
        .n_samplings = out->settings.n_samplings,
        .pollings = out->settings.pollings,
        .n_pollings = out->settings.n_pollings,
    });
    free(out->agent_cidr);
    out->settings.sampling = r.settings.sampling;
    out->settings.polling = r.settings.polling;
    out->settings.header = r.settings.header;
    out->settings.agent_ip = r.settings.agent_ip;
    out->settings.agent_dev = r.settings.agent_dev;
    out->settings.samplings = r.settings.samplings;
    out->settings.n_samplings = r.settings.n_samplings;
    out->settings.pollings = r.settings.pollings;
    out->settings.n_pollings = r.settings.n_pollings;
    out->agent_cidr = r.agent_cidr;
    out->sampling_given = r.sampling_given;
    out->polling_given = r.polling_given;
    out->header_given = r.header_given;
    return true;
}
