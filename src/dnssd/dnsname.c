/* dnsname: collector names kept resolved. See dnsname.h. */
#include <config.h>

#include "dnssd/dnsname.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <ares.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"
#include "dnssd/dns_channel.h"

#define DNSNAME_ROUND_TIMEOUT_MS (20 * 1000LL)  /* belt over c-ares' own timeouts */

enum dnsname_state {
    DNSNAME_IDLE,
    DNSNAME_QUERYING,
};

struct dnsname_entry {              /* owns ERROR */
    char host[256];
    enum dnsname_state state;
    long long next_due;
    unsigned int failures;          /* lookups failed in a row */
    bool tried;                     /* looked up at least once */
    /* The lookup in progress. */
    unsigned int pending;           /* lookups in flight (0 or 1) */
    char *error;                    /* first failure of this lookup, then of the last */
    char building[DNSNAME_MAX_ADDRS][46];
    size_t n_building;
    uint32_t min_ttl;
    /* The last good addresses. */
    char addrs[DNSNAME_MAX_ADDRS][46];
    size_t n_addrs;
};

/* One query in flight; owned by c-ares, freed by its callback. */
struct dnsname_query {
    struct dnsname *r;
    size_t entry;
};

struct dnsname {
    bool have_server;
    struct ares_addr_port_node server;
    ares_channel channel;           /* NULL between rounds */
    bool destroying;
    long long now;
    long long deadline;             /* of the round in flight */
    struct dnsname_entry *names;
    size_t n_names;
    uint64_t generation;
};

struct dnsname *
dnsname_create(const char *server)
{
    struct ares_addr_port_node node;
    if (server && !dns_channel_server(server, &node)) {
        log_err("collector names: DNS server '%s' is not ADDR, ADDR:PORT or [ADDR]:PORT",
                server);
        return NULL;
    }
    int rc = ares_library_init(ARES_LIB_INIT_ALL);
    if (rc != ARES_SUCCESS) {
        log_err("collector names: resolver library: %s", ares_strerror(rc));
        return NULL;
    }
    struct dnsname *r = xzalloc(sizeof *r);
    if (server) {
        r->have_server = true;
        r->server = node;
    }
    return r;
}

/* Ends the round in flight: the callbacks run now, with ARES_EDESTRUCTION,
 * and only free their query; the entries go back to IDLE, due at once. */
static void
dnsname_close_channel(struct dnsname *r)
{
    if (r->channel) {
        r->destroying = true;
        ares_destroy(r->channel);
        r->channel = NULL;
        r->destroying = false;
    }
    for (size_t i = 0; i < r->n_names; i++) {
        struct dnsname_entry *e = &r->names[i];
        if (e->state == DNSNAME_QUERYING) {
            e->state = DNSNAME_IDLE;
            e->pending = 0;
            e->next_due = r->now;
        }
    }
}

void
dnsname_destroy(struct dnsname *r)
{
    if (!r) {
        return;
    }
    dnsname_close_channel(r);
    for (size_t i = 0; i < r->n_names; i++) {
        free(r->names[i].error);
    }
    free(r->names);
    free(r);
    ares_library_cleanup();
}

static struct dnsname_entry *
dnsname_find(const struct dnsname *r, const char *name)
{
    for (size_t i = 0; i < r->n_names; i++) {
        if (!strcasecmp(r->names[i].host, name)) {
            return &r->names[i];
        }
    }
    return NULL;
}

void
dnsname_set(struct dnsname *r, const char *const *names, size_t n)
{
    if (n > DNSNAME_MAX_NAMES) {
        n = DNSNAME_MAX_NAMES;
    }
    bool same = n == r->n_names;
    for (size_t i = 0; same && i < n; i++) {
        same = !strcasecmp(names[i], r->names[i].host);
    }
    if (same) {
        return;
    }
    dnsname_close_channel(r);       /* queries point into the old array */
    struct dnsname_entry *next = xcalloc(n ? n : 1, sizeof *next);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (strlen(names[i]) >= sizeof next->host) {
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < k && !dup; j++) {
            dup = !strcasecmp(next[j].host, names[i]);
        }
        if (dup) {
            continue;
        }
        struct dnsname_entry *old = dnsname_find(r, names[i]);
        if (old) {
            next[k] = *old;
            old->error = NULL;      /* moved */
        } else {
            snprintf(next[k].host, sizeof next[k].host, "%s", names[i]);
            next[k].next_due = r->now;
        }
        k++;
    }
    for (size_t i = 0; i < r->n_names; i++) {
        free(r->names[i].error);
    }
    free(r->names);
    r->names = next;
    r->n_names = k;
}

/* ---- answers ---------------------------------------------------------- */

static void __attribute__((format(printf, 2, 3)))
dnsname_note_failure(struct dnsname_entry *e, const char *fmt, ...)
{
    if (e->error) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    e->error = xvasprintf(fmt, ap);
    va_end(ap);
}

static void
dnsname_answer(struct dnsname_entry *e, const struct ares_addrinfo *res)
{
    for (const struct ares_addrinfo_node *n = res ? res->nodes : NULL;
         n && e->n_building < DNSNAME_MAX_ADDRS; n = n->ai_next) {
        const void *bin;
        if (n->ai_family == AF_INET && n->ai_addrlen >= sizeof(struct sockaddr_in)) {
            bin = &((const struct sockaddr_in *) (const void *) n->ai_addr)->sin_addr;
        } else if (n->ai_family == AF_INET6
                   && n->ai_addrlen >= sizeof(struct sockaddr_in6)) {
            bin = &((const struct sockaddr_in6 *) (const void *) n->ai_addr)->sin6_addr;
        } else {
            continue;
        }
        char text[46];
        if (!inet_ntop(n->ai_family, bin, text, sizeof text)) {
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < e->n_building && !dup; i++) {
            dup = !strcmp(e->building[i], text);
        }
        if (!dup) {
            memcpy(e->building[e->n_building++], text, sizeof text);
        }
        uint32_t ttl = n->ai_ttl < 0 ? 0 : (uint32_t) n->ai_ttl;
        if (ttl < e->min_ttl) {
            e->min_ttl = ttl;
        }
    }
}

/* ares_getaddrinfo()'s callback: A and AAAA (and the hosts file) at once. */
static void
dnsname_query_cb(void *arg, int status, int timeouts, struct ares_addrinfo *res)
{
    struct dnsname_query *q = arg;
    struct dnsname *r = q->r;
    (void) timeouts;
    if (r->destroying || status == ARES_EDESTRUCTION) {
        ares_freeaddrinfo(res);
        free(q);
        return;
    }
    struct dnsname_entry *e = &r->names[q->entry];
    e->pending--;
    if (status == ARES_SUCCESS) {
        dnsname_answer(e, res);
    } else {
        dnsname_note_failure(e, "%s: %s", e->host, ares_strerror(status));
    }
    ares_freeaddrinfo(res);
    free(q);
}

/* ---- transitions -------------------------------------------------------- */

static int
addr_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* IDLE -> QUERYING. */
static void
dnsname_start(struct dnsname *r, size_t i, long long now)
{
    struct dnsname_entry *e = &r->names[i];
    if (!r->channel) {
        char *err = NULL;
        if (!dns_channel_open(&r->channel, r->have_server ? &r->server : NULL, &err)) {
            free(e->error);
            e->error = err;
            e->failures++;
            e->tried = true;
            e->next_due = now + dns_backoff_interval(e->failures, DNSNAME_BACKOFF_MIN_MS,
                                                     DNSNAME_BACKOFF_MAX_MS);
            return;
        }
        r->deadline = now + DNSNAME_ROUND_TIMEOUT_MS;
    }
    free(e->error);
    e->error = NULL;
    e->n_building = 0;
    e->min_ttl = UINT32_MAX;
    e->pending = 1;
    e->state = DNSNAME_QUERYING;
    struct dnsname_query *q = xmalloc(sizeof *q);
    q->r = r;
    q->entry = i;
    struct ares_addrinfo_hints hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    ares_getaddrinfo(r->channel, e->host, NULL, &hints, dnsname_query_cb, q);
}

/* QUERYING -> IDLE. */
static void
dnsname_finish(struct dnsname *r, struct dnsname_entry *e, long long now)
{
    e->state = DNSNAME_IDLE;
    e->tried = true;
    if (!e->error && e->n_building) {
        qsort(e->building, e->n_building, sizeof e->building[0], addr_cmp);
        if (e->n_building != e->n_addrs
            || memcmp(e->building, e->addrs, e->n_building * sizeof e->addrs[0])) {
            memcpy(e->addrs, e->building, e->n_building * sizeof e->addrs[0]);
            e->n_addrs = e->n_building;
            r->generation++;
            log_notice("collector name %s: %zu address(es), first %s, TTL %u s", e->host,
                       e->n_addrs, e->addrs[0], (unsigned) e->min_ttl);
        }
        e->failures = 0;
        e->next_due = now + dns_refresh_interval(e->min_ttl, DNSNAME_MIN_REFRESH_MS,
                                                 DNSNAME_MAX_REFRESH_MS);
        return;
    }
    if (!e->error) {
        e->error = xasprintf("no address for %s", e->host);
    }
    e->failures++;
    long long retry = dns_backoff_interval(e->failures, DNSNAME_BACKOFF_MIN_MS,
                                           DNSNAME_BACKOFF_MAX_MS);
    LOG_RL(LOG_WARNING, "collector name %s: lookup failed (%s); %s; retry in %lld s", e->host,
           e->error, e->n_addrs ? "keeping its last addresses" : "nothing sent to it yet",
           retry / 1000);
    e->next_due = now + retry;
}

/* ---- run / wait ------------------------------------------------------------ */

void
dnsname_run(struct dnsname *r, long long now)
{
    r->now = now;
    if (r->channel) {
        dns_channel_process(r->channel);
        if (now >= r->deadline) {
            for (size_t i = 0; i < r->n_names; i++) {
                if (r->names[i].pending) {
                    dnsname_note_failure(&r->names[i], "no answer within %lld s",
                                         DNSNAME_ROUND_TIMEOUT_MS / 1000);
                }
            }
            ares_cancel(r->channel);    /* the callbacks run now, ARES_ECANCELLED */
        }
    }
    bool busy = false;
    for (size_t i = 0; i < r->n_names; i++) {
        struct dnsname_entry *e = &r->names[i];
        if (e->state == DNSNAME_QUERYING && !e->pending) {
            dnsname_finish(r, e, now);
        }
        if (e->state == DNSNAME_IDLE && now >= e->next_due) {
            dnsname_start(r, i, now);
        }
        busy |= e->state == DNSNAME_QUERYING;
    }
    if (r->channel && !busy) {
        ares_destroy(r->channel);   /* nothing in flight: no callback runs */
        r->channel = NULL;
    }
}

void
dnsname_wait(struct dnsname *r, struct poll_loop *loop)
{
    for (size_t i = 0; i < r->n_names; i++) {
        const struct dnsname_entry *e = &r->names[i];
        if (e->state == DNSNAME_IDLE) {
            poll_loop_timer_wait(loop, e->next_due);
        } else if (!e->pending) {
            poll_loop_immediate_wake(loop);
        }
    }
    if (r->channel) {
        dns_channel_wait(r->channel, loop, r->now);
        poll_loop_timer_wait(loop, r->deadline);
    }
}

size_t
dnsname_lookup(const struct dnsname *r, const char *name, const char (**addrs)[46])
{
    const struct dnsname_entry *e = dnsname_find(r, name);
    if (!e) {
        return 0;
    }
    *addrs = (const char (*)[46]) e->addrs;
    return e->n_addrs;
}

uint64_t
dnsname_generation(const struct dnsname *r)
{
    return r->generation;
}

bool
dnsname_settled(const struct dnsname *r)
{
    for (size_t i = 0; i < r->n_names; i++) {
        if (!r->names[i].tried) {
            return false;
        }
    }
    return true;
}

const char *
dnsname_error(const struct dnsname *r, const char *name)
{
    const struct dnsname_entry *e = dnsname_find(r, name);
    return e && e->state == DNSNAME_IDLE ? e->error : NULL;
}
