/* hsconfig_int: what the parser (hsconfig.c) and its key and block tables
 * (hsconfig_keys.c) share. Not for other modules.
 *
 * Adding a key is adding a row to hsconfig_keys[]: its name, the blocks that
 * take it, the type of its value (which says how it is checked and stored),
 * where it goes in struct hsconfig, and whether it acts silently, acts with a
 * notice (a mapped spelling) or only leaves a notice (no effect here, and
 * why). Adding a block is adding an enum hsconfig_block value and a row to
 * hsconfig_blocks[]. */
#ifndef HSCONFIG_INT_H
#define HSCONFIG_INT_H 1

#include <stdbool.h>
#include <stddef.h>

#include "hsflowd/hsconfig.h"

struct token {
    char *text;
    int line;
    bool quoted;                /* was "..." in the file: never a brace */
};

/* The scopes a key can appear in. HB_SKIP is the inside of a block we do not
 * act on: its words are not ours to judge. */
enum hsconfig_block {
    HB_TOP, HB_SFLOW, HB_COLLECTOR, HB_DNSSD, HB_OVS, HB_KVM, HB_XEN, HB_PVE, HB_NFLOG,
    HB_ULOG, HB_PCAP, HB_SKIP, HB_N
};
#define HB(kind) (1u << (kind))
#define HB_FLAT (HB(HB_TOP) | HB(HB_SFLOW))  /* the sflow scope and the top level */

/* Singular keys: each may be given once in the whole file; a row names its
 * slot (spellings of one setting share a slot). */
enum hsconfig_once {
    ONCE_NONE, ONCE_DNSSD, ONCE_DNSSD_DOMAIN, ONCE_DNSSD_SERVER, ONCE_POLLING,
    ONCE_SAMPLING, ONCE_HEADER, ONCE_DATAGRAM, ONCE_SUBAGENT, ONCE_AGENT, ONCE_AGENT_IP,
    ONCE_NFLOG_GROUP, ONCE_NFLOG_PROB, ONCE_NFLOG_RCVBUF, ONCE_KVM_URI,
    ONCE_XEN_URI, ONCE_IP, ONCE_UDPPORT, ONCE_OVS_DB, ONCE_UUID, ONCE_REFRESH_ADAPTORS,
    ONCE_REFRESH_VMS, ONCE_FORGET_VMS, ONCE_KVM_REFRESH_VMS, ONCE_KVM_FORGET_VMS,
    ONCE_XEN_REFRESH_VMS, ONCE_XEN_FORGET_VMS,
    ONCE_PVE_CONFIG, ONCE_PVE_RUN, ONCE_PVE_CGROUP, ONCE_PVE_TIMEOUT,
    ONCE_N
};

/* How a value is checked, and what FIELD points at. */
enum hsconfig_type {
    HT_UINT,        /* uint32_t, decimal in [MIN, MAX] */
    HT_BOOL,        /* bool: on/off, yes/no, true/false, 1/0 */
    HT_PROB,        /* double in (0, 1] */
    HT_IP,          /* char *: a numeric IPv4 or IPv6 address */
    HT_CIDR,        /* char *: ADDRESS/PREFIXLEN */
    HT_IFNAME,      /* char *: a device name */
    HT_SERVER,      /* char *: ADDRESS[:PORT] or [V6ADDRESS]:PORT */
    HT_DOMAIN,      /* char *: a DNS domain; one leading '.' dropped */
    HT_REMOTE,      /* char *: an OVSDB remote, unix:/PATH or tcp:ADDRESS:PORT */
    HT_HOST,        /* a numeric address or a DNS name (stored by an apply) */
    HT_UUID,        /* uint8_t[16]: 8-4-4-4-12 hex digits */
    HT_DIRECTION,   /* in, out or both (not stored) */
    HT_PATH,        /* char *: an absolute path */
    HT_STR,         /* char *: any word */
    HT_ANY,         /* any word, not stored (keys with no effect here) */
};

/* What giving the key does. */
enum hsconfig_effect {
    HE_SET,         /* stored, silently */
    HE_MAPPED,      /* stored, with the notice "KEY NOTICE" (another spelling) */
    HE_IGNORED,     /* accepted, not stored, with the notice "KEY NOTICE" (why) */
};

/* A collector being collected: from a collector { } block or from the flat
 * ip/udpport keys of a scope. */
struct pending_collector {
    const struct token *ip;
    uint32_t port;
    int port_line;
    const struct token *dev;
};

/* A value checked against its row's type, in the form the field takes. */
union hsconfig_value {
    uint32_t u;                 /* HT_UINT */
    bool b;                     /* HT_BOOL */
    double d;                   /* HT_PROB */
    uint8_t uuid[16];           /* HT_UUID */
    const char *s;              /* the others: the word (HT_DOMAIN: without the dot) */
};

struct parser;
struct hsconfig_key;

/* Custom store for a row whose value does not go into one field, given the
 * value V already checked against the row's type (VAL is its token). */
typedef bool hsconfig_apply_fn(struct parser *, const struct hsconfig_key *,
                               const struct token *key, const struct token *val,
                               const union hsconfig_value *v, struct pending_collector *);

#define HSCONFIG_NO_FIELD ((size_t) -1)
#define HSCONFIG_FIELD(f) offsetof(struct hsconfig, f)

struct hsconfig_key {
    const char *name;           /* case-insensitive; ending in '.', a prefix */
    unsigned int blocks;        /* HB() bits of the scopes that take it */
    enum hsconfig_type type;
    unsigned long long min, max; /* HT_UINT */
    enum hsconfig_once once;    /* ONCE_NONE: may be repeated */
    size_t field;               /* where the value goes, or HSCONFIG_NO_FIELD */
    size_t flag;                /* a bool set when the key is given, or NO_FIELD */
    hsconfig_apply_fn *apply;   /* instead of FIELD, or NULL */
    enum hsconfig_effect effect;
    const char *notice;         /* HE_MAPPED / HE_IGNORED: follows the key name */
};

/* A check when a block opens: false stops the parse; it may set *KIND to
 * HB_SKIP (after a notice) to accept the block without acting on it. */
typedef bool hsconfig_open_fn(struct parser *, const struct token *name,
                              enum hsconfig_block *kind);

struct hsconfig_block_def {
    const char *name;           /* case-insensitive */
    enum hsconfig_block kind;
    unsigned int parents;       /* HB() bits of the scopes it may open in */
    size_t flag;                /* a bool set when the block opens, or NO_FIELD */
    hsconfig_open_fn *open;     /* a check when it opens, or NULL */
    const char *notice;         /* NULL, or the notice "NAME { } NOTICE"; required
                                   for HB_SKIP (a block we accept and do not act on) */
};

extern const struct hsconfig_key hsconfig_keys[];
extern const size_t hsconfig_n_keys;
extern const struct hsconfig_block_def hsconfig_blocks[];
extern const size_t hsconfig_n_blocks;

/* Parser state. Owns the token array and the partly filled config. */
struct parser {
    const char *filename;
    struct token *toks;
    size_t n_toks, pos;
    char *err;                      /* first error, "file:line: ..." */
    struct hsconfig *cfg;
    struct hsauto_settings scratch; /* collectors and sampling./polling. lists */
    int seen[ONCE_N];               /* line where each singular key was set, 0 = not */
    bool nflog_block;               /* an nflog { } was opened */
    char **notices;
    size_t n_notices;
};

/* pcap { } (hsconfig_pcap.c): each opening adds a block to cfg->pcaps, its
 * keys go into the last one, and after the parse every block must name a
 * device or a speed. */
hsconfig_open_fn hsconfig_pcap_open;
hsconfig_apply_fn hsconfig_pcap_apply;
bool hsconfig_pcap_check(struct parser *p);

/* Checks VAL of KEY against row K into *OUT; on failure reports what is
 * wrong (parser_error) and returns false. */
bool hsconfig_value_check(struct parser *p, const struct hsconfig_key *k,
                          const struct token *key, const struct token *val,
                          union hsconfig_value *out);
/* Stores V, checked against row K, into the field of row K. */
void hsconfig_value_store(struct parser *p, const struct hsconfig_key *k,
                          const union hsconfig_value *v);

void parser_error(struct parser *, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void parser_notice(struct parser *, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
