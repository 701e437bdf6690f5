/* ovswatch: the OVSDB side of ovsports (see ovswatch.h). */
#include <config.h>

#include "ovsports/ovswatch.h"

#include <limits.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"
#include "ovsdb/replica.h"
#include "ovsdb/session.h"
#include "ovsports/ovsports.h"

/* Owns SESSION, PORTS and OWNED. */
struct ovswatch {
    struct ovsdb_session *session;
    char *remote;
    long long ready_at;          /* ready from then on even without an answer */
    bool synced_once;
    bool ready;
    uint64_t generation;
    struct ovsports ports;       /* as OVSDB last said */
    uint32_t *owned;             /* their ifindexes, sorted, no zeros */
    size_t n_owned;
};

static int
cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
    return x < y ? -1 : x > y;
}

/* The ifindexes of W->ports: OVSDB's ifindex column, else the name looked
 * up here (ovs-vswitchd fills the column a moment after a port appears). */
static void
rebuild_owned(struct ovswatch *w)
{
    free(w->owned);
    w->owned = xcalloc(w->ports.n ? w->ports.n : 1, sizeof *w->owned);
    w->n_owned = 0;
    for (size_t i = 0; i < w->ports.n; i++) {
        uint32_t ifindex = w->ports.v[i].ifindex;
        if (!ifindex) {
            ifindex = if_nametoindex(w->ports.v[i].name);
        }
        if (ifindex) {
            w->owned[w->n_owned++] = ifindex;
        }
    }
    qsort(w->owned, w->n_owned, sizeof *w->owned, cmp_u32);
}

static void
log_ports(const struct ovswatch *w)
{
    char buf[512];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < w->ports.n && len < sizeof buf - 1; i++) {
        int r = snprintf(buf + len, sizeof buf - len, "%s%s(%u)", i ? " " : "",
                         w->ports.v[i].name, w->ports.v[i].ifindex);
        if (r < 0) {
            break;
        }
        len += (size_t) r;
    }
    log_info("ovs: ovs-vswitchd reports %zu interface(s), left to it: %s%s", w->ports.n,
             w->ports.n ? buf : "none", len >= sizeof buf - 1 ? "..." : "");
}

static void
replica_changed(void *aux, const struct ovsdb_replica *r)
{
    struct ovswatch *w = aux;
    struct ovsports now;
    ovsports_init(&now);
    json_t *bridges = ovsdb_replica_table_json(r, "Bridge");
    json_t *ports = ovsdb_replica_table_json(r, "Port");
    json_t *ifaces = ovsdb_replica_table_json(r, "Interface");
    ovsports_compute(bridges, ports, ifaces, &now);
    json_decref(bridges);
    json_decref(ports);
    json_decref(ifaces);
    bool first = !w->synced_once;
    w->synced_once = true;
    if (first || !ovsports_equal(&now, &w->ports)) {
        ovsports_clear(&w->ports);
        w->ports = now;
        rebuild_owned(w);
        w->ready = true;
        w->generation++;
        log_ports(w);
    } else {
        ovsports_clear(&now);
    }
}

static void
disconnected(void *aux)
{
    struct ovswatch *w = aux;
    LOG_RL(LOG_WARNING, "ovs: lost %s; keeping the %zu interface(s) last left to "
           "ovs-vswitchd", w->remote, w->ports.n);
}

struct ovswatch *
ovswatch_create(const char *remote, long long now)
{
    struct ovswatch *w = xzalloc(sizeof *w);
    w->remote = xstrdup(remote ? remote : OVSWATCH_DEFAULT_DB);
    w->ready_at = now + OVSWATCH_WAIT_MS;
    ovsports_init(&w->ports);
    w->owned = xcalloc(1, sizeof *w->owned);

    json_t *mon = json_pack("{s:{s:[s,s,s]},s:{s:[s,s]},s:{s:[s,s]}}",
                            "Bridge", "columns", "name", "ports", "sflow",
                            "Port", "columns", "name", "interfaces",
                            "Interface", "columns", "name", "ifindex");
    static const char *const required[] = { "Bridge", "Port", "Interface", NULL };
    struct ovsdb_session_config cfg = {
        .remote = w->remote,
        .database = "Open_vSwitch",
        .monitor_requests = mon,
        .required_tables = required,
    };
    static const struct ovsdb_session_callbacks cb = {
        .replica_changed = replica_changed,
        .disconnected = disconnected,
    };
    w->session = ovsdb_session_create(&cfg, &cb, w);
    json_decref(mon);
    log_info("ovs: learning from %s which interfaces ovs-vswitchd reports", w->remote);
    return w;
}

void
ovswatch_destroy(struct ovswatch *w)
{
    if (!w) {
        return;
    }
    ovsdb_session_destroy(w->session);
    ovsports_clear(&w->ports);
    free(w->owned);
    free(w->remote);
    free(w);
}

void
ovswatch_run(struct ovswatch *w, long long now)
{
    ovsdb_session_run(w->session, now);
    if (!w->ready && now >= w->ready_at) {
        w->ready = true;
        w->generation++;
        log_warn("ovs: no answer from %s in %lld s; reporting every interface until it "
                 "answers", w->remote, OVSWATCH_WAIT_MS / 1000);
    }
}

void
ovswatch_wait(struct ovswatch *w, struct poll_loop *loop)
{
    ovsdb_session_wait(w->session, loop);
    if (!w->ready) {
        poll_loop_timer_wait(loop, w->ready_at);
    }
}

void
ovswatch_show(const struct ovswatch *w, FILE *out)
{
    fprintf(out, "ovs: %s, %s; %zu interface(s) left to ovs-vswitchd:", w->remote,
            !w->synced_once ? (w->ready ? "no answer yet, every interface reported"
                                        : "waiting for its first answer")
            : ovsdb_session_is_synced(w->session) ? "in sync" : "reconnecting, last list kept",
            w->ports.n);
    for (size_t i = 0; i < w->ports.n; i++) {
        fprintf(out, " %s(%u)", w->ports.v[i].name, w->ports.v[i].ifindex);
    }
    fputc('\n', out);
}

uint64_t
ovswatch_generation(const struct ovswatch *w)
{
    return w->generation;
}

bool
ovswatch_ready(const struct ovswatch *w)
{
    return w->ready;
}

bool
ovswatch_owns(const struct ovswatch *w, uint32_t ifindex)
{
    return ifindex && bsearch(&ifindex, w->owned, w->n_owned, sizeof *w->owned, cmp_u32);
}
