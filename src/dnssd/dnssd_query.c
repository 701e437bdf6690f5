/* dnssd_query: sending the queries of a DNS-SD refresh and taking their
 * answers in (see dnssd_query.h). */
#include <config.h>

#include "dnssd/dnssd_query.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "dnssd/dnssd_msg.h"
#include "dnssd/dnssd_txt.h"

void
dnssd_note_failure(struct dnssd *d, const char *fmt, ...)
{
    if (d->error) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    d->error = xvasprintf(fmt, ap);
    va_end(ap);
}

static void
dnssd_note_ttl(struct dnssd *d, uint32_t ttl)
{
    if (ttl < d->min_ttl) {
        d->min_ttl = ttl;
    }
}

/* Notes the TTL of the answer ABUF; on a malformed answer returns false
 * with *ERR set. */
static bool
dnssd_walk_ttl(struct dnssd *d, const uint8_t *abuf, int alen, uint16_t type, char **err)
{
    uint32_t ttl;
    if (alen < 0) {
        *err = xstrdup("negative answer length");
        return false;
    }
    if (!dnssd_msg_min_ttl(abuf, (size_t) alen, type, &ttl, err)) {
        return false;
    }
    dnssd_note_ttl(d, ttl);
    return true;
}

/* The TXT record could not be used: its settings from the last good result
 * stay (the collectors still follow the SRV records). */
static void
dnssd_txt_keep(struct dnssd *d, const char *why)
{
    LOG_RL(LOG_WARNING, "DNS-SD: TXT record at %s rejected, keeping the previous settings: %s",
           d->qname, why);
    d->txt = DNSSD_TXT_KEPT;
}

void
dnssd_answer_srv(struct dnssd *d, const uint8_t *abuf, int alen)
{
    struct ares_srv_reply *srv = NULL;
    int rc = ares_parse_srv_reply(abuf, alen, &srv);
    if (rc != ARES_SUCCESS) {
        dnssd_note_failure(d, "SRV answer for %s: %s", d->qname, ares_strerror(rc));
        return;
    }
    char *err = NULL;
    if (!dnssd_walk_ttl(d, abuf, alen, ns_t_srv, &err)) {
        dnssd_note_failure(d, "SRV answer for %s: %s", d->qname, err);
        free(err);
    } else {
        for (struct ares_srv_reply *s = srv; s; s = s->next) {
            if (!s->host[0] || !strcmp(s->host, ".")) {
                d->srv_no_service = true;       /* RFC 2782: not available */
            } else if (!s->port) {
                LOG_RL(LOG_WARNING, "DNS-SD: SRV target %s at %s has port 0, ignored",
                       s->host, d->qname);
            } else if (d->n_targets < DNSSD_MAX_TARGETS) {
                struct dnssd_target *t = &d->targets[d->n_targets++];
                t->host = xstrdup(s->host);
                t->port = s->port;
                t->answered = 0;
                t->error = NULL;
            } else {
                LOG_RL(LOG_WARNING, "DNS-SD: more than %d SRV targets at %s, ignoring %s",
                       DNSSD_MAX_TARGETS, d->qname, s->host);
            }
        }
    }
    ares_free_data(srv);
}

static void
dnssd_answer_txt(struct dnssd *d, const uint8_t *abuf, int alen)
{
    struct ares_txt_ext *txt = NULL;
    char *err = NULL;
    int rc = ares_parse_txt_reply_ext(abuf, alen, &txt);
    if (rc != ARES_SUCCESS) {
        dnssd_txt_keep(d, ares_strerror(rc));
        return;
    }
    if (!dnssd_walk_ttl(d, abuf, alen, ns_t_txt, &err)) {
        dnssd_txt_keep(d, err);
        free(err);
        ares_free_data(txt);
        return;
    }
    const char *strs[DNSSD_MAX_TXT_STRINGS + 1];
    size_t n = 0;
    for (struct ares_txt_ext *t = txt; t; t = t->next) {
        if (n > DNSSD_MAX_TXT_STRINGS) {
            break;      /* the parser rejects DNSSD_MAX_TXT_STRINGS + 1 */
        }
        if (memchr(t->txt, '\0', t->length)) {
            err = xasprintf("TXT string %zu contains a NUL byte", n + 1);
            break;
        }
        strs[n++] = (const char *) t->txt;
    }
    if (!err && dnssd_txt_parse(strs, n, &d->building, &err)) {
        d->txt = DNSSD_TXT_PARSED;
    } else {
        dnssd_txt_keep(d, err);
    }
    free(err);
    ares_free_data(txt);
}

static void
dnssd_answer_addr(struct dnssd *d, struct dnssd_target *t, bool v6, const uint8_t *abuf,
                  int alen)
{
    struct ares_addrttl ttl4[HSAUTO_MAX_COLLECTORS];
    struct ares_addr6ttl ttl6[HSAUTO_MAX_COLLECTORS];
    int n = HSAUTO_MAX_COLLECTORS;
    int rc = v6 ? ares_parse_aaaa_reply(abuf, alen, NULL, ttl6, &n)
                : ares_parse_a_reply(abuf, alen, NULL, ttl4, &n);
    if (rc == ARES_ENODATA) {
        t->answered++;
        return;
    }
    if (rc != ARES_SUCCESS) {
        if (!t->error) {
            t->error = xasprintf("%s answer for %s: %s", v6 ? "AAAA" : "A", t->host,
                                 ares_strerror(rc));
        }
        return;
    }
    t->answered++;
    for (int i = 0; i < n; i++) {
        char addr[INET6_ADDRSTRLEN];
        const void *bin = v6 ? (const void *) &ttl6[i].ip6addr
                             : (const void *) &ttl4[i].ipaddr;
        int ttl = v6 ? ttl6[i].ttl : ttl4[i].ttl;
        if (!inet_ntop(v6 ? AF_INET6 : AF_INET, bin, addr, sizeof addr)) {
            continue;
        }
        dnssd_note_ttl(d, ttl < 0 ? 0 : (uint32_t) ttl);
        if (!hsauto_add_collector(&d->building.settings, addr, t->port)) {
            LOG_RL(LOG_WARNING, "DNS-SD: more than %d collectors, ignoring %s",
                   HSAUTO_MAX_COLLECTORS, addr);
        }
    }
}

static void
dnssd_query_cb(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
    struct dnssd_query *q = arg;
    struct dnssd *d = q->d;
    (void) timeouts;

    if (d->destroying || status == ARES_EDESTRUCTION) {
        free(q);
        return;
    }
    d->pending--;
    bool absent = status == ARES_ENODATA || status == ARES_ENOTFOUND;
    const char *what = q->kind == DNSSD_Q_SRV ? "SRV" : q->kind == DNSSD_Q_TXT ? "TXT"
                       : q->kind == DNSSD_Q_A ? "A" : "AAAA";
    const char *name = q->kind <= DNSSD_Q_TXT ? d->qname : d->targets[q->target].host;
    log_debug("DNS-SD: %s %s: %s (%d bytes)", what, name, ares_strerror(status), alen);

    if (status != ARES_SUCCESS && (q->kind == DNSSD_Q_A || q->kind == DNSSD_Q_AAAA)) {
        /* One family may fail (some servers refuse AAAA for a name they
         * only have A for): the target fails only if both do. */
        struct dnssd_target *t = &d->targets[q->target];
        if (absent) {
            t->answered++;
        } else if (!t->error) {
            t->error = xasprintf("%s query for %s: %s", what, name, ares_strerror(status));
        }
    } else if (status != ARES_SUCCESS && q->kind == DNSSD_Q_TXT) {
        if (absent) {
            d->txt = DNSSD_TXT_ABSENT;
        } else {
            /* Said only if the refresh otherwise succeeds. */
            d->txt = DNSSD_TXT_KEPT;
            free(d->txt_error);
            d->txt_error = xstrdup(ares_strerror(status));
        }
    } else if (status != ARES_SUCCESS) {
        dnssd_note_failure(d, "%s query for %s: %s", what, name, ares_strerror(status));
    } else if (q->kind == DNSSD_Q_SRV) {
        dnssd_answer_srv(d, abuf, alen);
    } else if (q->kind == DNSSD_Q_TXT) {
        dnssd_answer_txt(d, abuf, alen);
    } else {
        dnssd_answer_addr(d, &d->targets[q->target], q->kind == DNSSD_Q_AAAA, abuf, alen);
    }
    free(q);
}

void
dnssd_query_send(struct dnssd *d, const char *name, int type, enum dnssd_query_kind kind,
                 size_t target)
{
    struct dnssd_query *q = xmalloc(sizeof *q);
    q->d = d;
    q->kind = kind;
    q->target = target;
    d->pending++;
    ares_query(d->channel, name, ns_c_in, type, dnssd_query_cb, q);
}
