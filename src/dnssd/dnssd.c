/* dnssd: the DNS-SD refresher, a state machine over asynchronous c-ares
 * queries. See dnssd.h for what it looks up.
 *
 * States and transitions (one function each):
 *
 *   IDLE ------ dnssd_start_refresh() ----------> QUERYING   (SRV + TXT sent)
 *   IDLE ------ dnssd_start_refresh() ----------> IDLE       (no domain, no
 *                                                             resolver: backoff)
 *   QUERYING -- dnssd_finish_querying() --------> RESOLVING  (A + AAAA sent for
 *                                                             every SRV target)
 *   QUERYING -- dnssd_finish_querying() --------> IDLE       (failed: backoff;
 *                                                             or SRV says "."
 *                                                             (no service): published)
 *   RESOLVING - dnssd_finish_resolving() -------> IDLE       (published, next
 *                                                             refresh at the TTL;
 *                                                             or failed: backoff)
 *
 * A refresh that fails (timeout, SERVFAIL, NXDOMAIN or no SRV record, a
 * malformed answer, a target whose A and AAAA queries both fail, no address
 * at all) keeps the last good result and
 * retries after DNSSD_BACKOFF_MIN_MS, doubling up to DNSSD_BACKOFF_MAX_MS.
 * A TXT record that is present but rejected, or a TXT query that fails,
 * keeps the TXT settings of the last good result (the collectors still follow
 * the SRV records); a TXT record that is absent means no TXT settings.
 *
 * A fresh c-ares channel is made for each refresh, so that changes to
 * /etc/resolv.conf are picked up without a restart. The queries and what
 * their answers do are in dnssd_query.c; this file holds the machine. */
#include <config.h>

#include "dnssd/dnssd.h"
#include "dnssd/dnssd_query.h"
#include "dnssd/dns_channel.h"

#include <arpa/nameser.h>
#include <ares.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"
#include "dnssd/dnssd_txt.h"

#define DNSSD_BACKOFF_MIN_MS (5 * 1000LL)
#define DNSSD_BACKOFF_MAX_MS (600 * 1000LL)
#define DNSSD_REFRESH_TIMEOUT_MS (20 * 1000LL)   /* watchdog over c-ares' own timeouts */
#define DNSSD_SERVICE "_sflow._udp."
#define DNSSD_START_DELAY_ENV "HSFLOWD_DNSSD_START_DELAY_MS"

/* ---- pure helpers ---------------------------------------------------------- */

bool
dnssd_server_parse(const char *s, char addr_out[46], uint16_t *port)
{
    return dns_channel_server_parse(s, addr_out, port);
}

static long long
dnssd_refresh_interval(uint32_t ttl)
{
    return dns_refresh_interval(ttl, DNSSD_MIN_REFRESH_MS, DNSSD_MAX_REFRESH_MS);
}

static long long
dnssd_backoff_interval(unsigned int failures)
{
    return dns_backoff_interval(failures, DNSSD_BACKOFF_MIN_MS, DNSSD_BACKOFF_MAX_MS);
}

/* ---- creation -------------------------------------------------------------- */

struct dnssd *
dnssd_create(const char *domain, const char *server)
{
    struct ares_addr_port_node node;
    unsigned long long env_delay;

    if (server && !dns_channel_server(server, &node)) {
        log_err("DNS-SD: server '%s' is not ADDR, ADDR:PORT or [ADDR]:PORT", server);
        return NULL;
    }
    if (domain && (!*domain || strlen(domain) + sizeof DNSSD_SERVICE > 254)) {
        log_err("DNS-SD: domain '%s' is empty or too long", domain);
        return NULL;
    }
    int rc = ares_library_init(ARES_LIB_INIT_ALL);
    if (rc != ARES_SUCCESS) {
        log_err("DNS-SD: resolver library: %s", ares_strerror(rc));
        return NULL;
    }

    struct dnssd *d = xzalloc(sizeof *d);
    d->domain = domain ? xstrdup(domain) : NULL;
    if (server) {
        d->have_server = true;
        d->server = node;
    }
    d->state = DNSSD_IDLE;
    d->initial_delay = random_range(DNSSD_MAX_START_DELAY_MS + 1);
    const char *env = getenv(DNSSD_START_DELAY_ENV);
    if (env && str_to_uint(env, 0, DNSSD_MAX_REFRESH_MS, &env_delay)) {
        d->initial_delay = (long long) env_delay;
    }
    dnssd_result_init(&d->building);
    dnssd_result_init(&d->result);
    return d;
}

void
dnssd_set_initial_delay(struct dnssd *d, long long ms)
{
    d->initial_delay = ms < 0 ? 0 : ms;
}

static void
dnssd_clear_refresh(struct dnssd *d)
{
    for (size_t i = 0; i < d->n_targets; i++) {
        free(d->targets[i].host);
        free(d->targets[i].error);
    }
    d->n_targets = 0;
    d->srv_no_service = false;
    free(d->qname);
    d->qname = NULL;
    free(d->error);
    d->error = NULL;
    free(d->txt_error);
    d->txt_error = NULL;
    dnssd_result_destroy(&d->building);
    d->pending = 0;
}

static void
dnssd_close_channel(struct dnssd *d)
{
    if (d->channel) {
        /* Callbacks of queries still in flight run now, with
         * ARES_EDESTRUCTION; they only free their query. */
        d->destroying = true;
        ares_destroy(d->channel);
        d->channel = NULL;
        d->destroying = false;
    }
}

void
dnssd_destroy(struct dnssd *d)
{
    if (!d) {
        return;
    }
    dnssd_close_channel(d);
    dnssd_clear_refresh(d);
    dnssd_result_destroy(&d->result);
    free(d->domain);
    free(d);
    ares_library_cleanup();
}

static bool
dnssd_open_channel(struct dnssd *d, char **err)
{
    return dns_channel_open(&d->channel, d->have_server ? &d->server : NULL, err);
}

/* The domain to look in: the configured one, else the resolver's first
 * search domain (resolv.conf "search"/"domain", or LOCALDOMAIN). */
static char *
dnssd_pick_domain(struct dnssd *d)
{
    if (d->domain) {
        return xstrdup(d->domain);
    }
    struct ares_options opts;
    int mask = 0;
    char *domain = NULL;
    if (ares_save_options(d->channel, &opts, &mask) == ARES_SUCCESS) {
        if ((mask & ARES_OPT_DOMAINS) && opts.ndomains > 0 && opts.domains[0]
            && *opts.domains[0]
            && strlen(opts.domains[0]) + sizeof DNSSD_SERVICE <= 254) {
            domain = xstrdup(opts.domains[0]);
        }
        ares_destroy_options(&opts);
    }
    return domain;
}

/* ---- transitions -------------------------------------------------------------- */

/* Any state -> IDLE after a failed refresh: the last good result stays. */
static void
dnssd_refresh_failed(struct dnssd *d, long long now, const char *why)
{
    d->failures++;
    long long retry = dnssd_backoff_interval(d->failures);
    LOG_RL(LOG_WARNING, "DNS-SD: refresh failed (%s); %s; retry in %lld s", why,
           d->have_result ? "keeping the last good settings" : "no settings yet",
           retry / 1000);
    dnssd_close_channel(d);
    dnssd_clear_refresh(d);
    d->state = DNSSD_IDLE;
    d->next_due = now + retry;
}

/* QUERYING/RESOLVING -> IDLE with a new result. */
static void
dnssd_publish(struct dnssd *d, long long now)
{
    d->building.ttl = d->min_ttl == UINT32_MAX ? 0 : d->min_ttl;
    if (!d->have_result || !dnssd_result_equal(&d->building, &d->result)) {
        const struct hsauto_settings *s = &d->building.settings;
        log_notice("DNS-SD: %s: %zu collector(s)%s%s, sampling %u%s, polling %u%s, TTL %u s",
                   d->qname, s->n_collectors, s->n_collectors ? " first " : "",
                   s->n_collectors ? s->collectors[0].addr : "", s->sampling,
                   d->building.sampling_given ? "" : " (not given)", s->polling,
                   d->building.polling_given ? "" : " (not given)", d->building.ttl);
        d->generation++;
    }
    dnssd_result_destroy(&d->result);
    d->result = d->building;
    dnssd_result_init(&d->building);
    d->have_result = true;
    d->failures = 0;
    d->next_due = now + dnssd_refresh_interval(d->result.ttl);
    dnssd_close_channel(d);
    dnssd_clear_refresh(d);
    d->state = DNSSD_IDLE;
}

/* IDLE -> QUERYING (or IDLE on failure). */
static void
dnssd_start_refresh(struct dnssd *d, long long now)
{
    char *err = NULL;
    dnssd_clear_refresh(d);
    if (!dnssd_open_channel(d, &err)) {
        dnssd_refresh_failed(d, now, err);
        free(err);
        return;
    }
    char *domain = dnssd_pick_domain(d);
    if (!domain) {
        dnssd_refresh_failed(d, now, "no domain: set DNSSD_domain, or a search domain "
                             "in /etc/resolv.conf");
        return;
    }
    size_t dl = strlen(domain);
    if (dl > 1 && domain[dl - 1] == '.') {
        domain[dl - 1] = '\0';
    }
    d->qname = xasprintf("%s%s", DNSSD_SERVICE, domain);
    free(domain);

    /* Start from the last good result: its TXT settings stay if the TXT
     * record is rejected; collectors always come from this refresh. */
    dnssd_result_copy(&d->building, &d->result);
    free(d->building.settings.collectors);
    d->building.settings.collectors = NULL;
    d->building.settings.n_collectors = 0;
    d->min_ttl = UINT32_MAX;
    d->txt = DNSSD_TXT_KEPT;
    d->state = DNSSD_QUERYING;
    d->deadline = now + DNSSD_REFRESH_TIMEOUT_MS;
    log_debug("DNS-SD: querying SRV and TXT at %s", d->qname);
    dnssd_query_send(d, d->qname, ns_t_srv, DNSSD_Q_SRV, 0);
    dnssd_query_send(d, d->qname, ns_t_txt, DNSSD_Q_TXT, 0);
}

/* QUERYING -> RESOLVING, or IDLE. */
static void
dnssd_finish_querying(struct dnssd *d, long long now)
{
    if (d->error) {
        char *why = xstrdup(d->error);
        dnssd_refresh_failed(d, now, why);
        free(why);
        return;
    }
    if (d->txt_error) {
        LOG_RL(LOG_WARNING, "DNS-SD: TXT record at %s unavailable, keeping the previous "
               "settings: %s", d->qname, d->txt_error);
    }
    if (d->txt == DNSSD_TXT_ABSENT) {
        char *err;
        dnssd_txt_parse(NULL, 0, &d->building, &err);    /* clears the TXT fields */
        free(err);
    }
    if (!d->n_targets) {
        if (d->srv_no_service) {
            dnssd_publish(d, now);
        } else {
            dnssd_refresh_failed(d, now, "SRV answer without usable targets");
        }
        return;
    }
    d->state = DNSSD_RESOLVING;
    for (size_t i = 0; i < d->n_targets; i++) {
        dnssd_query_send(d, d->targets[i].host, ns_t_a, DNSSD_Q_A, i);
        dnssd_query_send(d, d->targets[i].host, ns_t_aaaa, DNSSD_Q_AAAA, i);
    }
}

/* RESOLVING -> IDLE. */
static void
dnssd_finish_resolving(struct dnssd *d, long long now)
{
    for (size_t i = 0; i < d->n_targets && !d->error; i++) {
        const struct dnssd_target *t = &d->targets[i];
        if (!t->answered) {
            dnssd_note_failure(d, "%s", t->error ? t->error : "no answer");
        } else if (t->error) {
            log_debug("DNS-SD: %s (the other address family answered)", t->error);
        }
    }
    if (d->error) {
        char *why = xstrdup(d->error);
        dnssd_refresh_failed(d, now, why);
        free(why);
    } else if (!d->building.settings.n_collectors) {
        dnssd_refresh_failed(d, now, "no SRV target has an address");
    } else {
        dnssd_publish(d, now);
    }
}

/* ---- run / wait ------------------------------------------------------------- */

void
dnssd_run(struct dnssd *d, long long now)
{
    d->now = now;
    if (!d->started) {
        d->started = true;
        d->next_due = now + d->initial_delay;
    }
    if (d->channel && d->state != DNSSD_IDLE) {
        dns_channel_process(d->channel);
        if (d->pending && now >= d->deadline) {
            /* c-ares times its queries out by itself; this is the belt to
             * its braces. The callbacks run now, with ARES_ECANCELLED. */
            dnssd_note_failure(d, "no answer within %lld s", DNSSD_REFRESH_TIMEOUT_MS / 1000);
            ares_cancel(d->channel);
        }
    }
    for (int step = 0; step < 4; step++) {
        enum dnssd_state before = d->state;
        if (d->state == DNSSD_IDLE && now >= d->next_due) {
            dnssd_start_refresh(d, now);
        } else if (d->state == DNSSD_QUERYING && !d->pending) {
            dnssd_finish_querying(d, now);
        } else if (d->state == DNSSD_RESOLVING && !d->pending) {
            dnssd_finish_resolving(d, now);
        }
        if (d->state == before) {
            break;
        }
    }
}

void
dnssd_wait(struct dnssd *d, struct poll_loop *loop)
{
    if (!d->started) {
        poll_loop_immediate_wake(loop);
        return;
    }
    if (d->state == DNSSD_IDLE) {
        poll_loop_timer_wait(loop, d->next_due);
        return;
    }
    if (!d->pending || !d->channel) {
        poll_loop_immediate_wake(loop);
        return;
    }
    dns_channel_wait(d->channel, loop, d->now);
    poll_loop_timer_wait(loop, d->deadline);
}

const struct dnssd_result *
dnssd_get(const struct dnssd *d, uint64_t *generation)
{
    if (generation) {
        *generation = d->generation;
    }
    return d->have_result ? &d->result : NULL;
}

void
dnssd_show(const struct dnssd *d, FILE *out, long long now)
{
    fprintf(out, "DNS-SD: %s, server %s\n",
            d->qname ? d->qname : d->domain ? d->domain : "(resolver's search domain)",
            d->have_server ? "configured" : "from resolv.conf");
    if (d->have_result) {
        fprintf(out, "  last good answer: %zu collector(s), TTL %u s\n",
                d->result.settings.n_collectors, (unsigned) d->result.ttl);
    } else {
        fprintf(out, "  no good answer yet\n");
    }
    if (d->state == DNSSD_IDLE) {
        long long left = d->next_due - now;
        fprintf(out, "  next lookup in %.1f s\n", (left > 0 ? left : 0) / 1000.0);
    } else {
        fprintf(out, "  lookup in progress\n");
    }
    if (d->failures) {
        fprintf(out, "  %u failed lookup(s) in a row\n", d->failures);
    }
}
