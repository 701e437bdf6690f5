/* hsvirt: the libvirt connection and the polling cycle (see hsvirt.h).
 *
 * Connection state machine:
 *
 *   BACKOFF --run, now >= retry_at, open succeeds--> CONNECTED
 *   BACKOFF --run, now >= retry_at, open fails----> BACKOFF (backoff doubled, capped)
 *   CONNECTED --run or poll finds it dead---------> BACKOFF (retry after the minimum)
 *
 * A new hsvirt starts in BACKOFF with retry_at 0, so the first run connects.
 * The wait between attempts starts at HSVIRT_BACKOFF_MIN_MS and doubles on
 * each failure up to HSVIRT_BACKOFF_MAX_MS; a success resets it. */
#include <config.h>

#include "virt/hsvirt.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "virt/virt_dl.h"
#include "virt/virt_domain.h"
#include "virt/virt_index.h"

#define HSVIRT_BACKOFF_MIN_MS 1000
#define HSVIRT_BACKOFF_MAX_MS 60000
#define HSVIRT_DEFAULT_FORGET_MS (180 * 1000LL)   /* forgetVMs, as the older agent */

enum hsvirt_state {
    HSVIRT_BACKOFF,             /* not connected; next attempt at retry_at */
    HSVIRT_CONNECTED,
};

/* Owned by the caller of hsvirt_create(); owns the connection, the URI copy
 * and the scratch buffers. */
struct hsvirt {
    char *uri;
    enum hsvirt_state state;
    virConnectPtr conn;         /* non-NULL exactly in CONNECTED */
    long long retry_at;         /* BACKOFF: msec of the next attempt */
    long long backoff;          /* msec to wait after the next failure */
    unsigned int failures;      /* consecutive failed opens */
    struct log_ratelimit open_rl;
    struct logonce logonce;
    struct virt_domain_sample scratch;
    int last_domains;           /* at the last poll; -1 = none yet */
    unsigned long polls, poll_errors, domain_errors, lists;
    /* The active domains as last listed, and their indices; kept between
     * polls for refresh_ms (refreshVMs; 0: listed at every poll). */
    virDomainPtr *doms;
    int n_doms;
    uint32_t *ix;
    bool listed;
    long long listed_at;
    long long refresh_ms, forget_ms;
    struct virt_index_memory memory;    /* UUIDs seen within forget_ms (forgetVMs) */
};

struct hsvirt *
hsvirt_create(const char *uri)
{
    struct hsvirt *v = xzalloc(sizeof *v);
    v->uri = xstrdup(uri);
    v->state = HSVIRT_BACKOFF;
    v->retry_at = 0;
    v->backoff = HSVIRT_BACKOFF_MIN_MS;
    v->last_domains = -1;
    v->forget_ms = HSVIRT_DEFAULT_FORGET_MS;
    return v;
}

void
hsvirt_set_timers(struct hsvirt *v, long long refresh_ms, long long forget_ms)
{
    v->refresh_ms = refresh_ms > 0 ? refresh_ms : 0;
    v->forget_ms = forget_ms > 0 ? forget_ms : HSVIRT_DEFAULT_FORGET_MS;
    v->listed = false;
}

static void
free_domains(virDomainPtr *doms, int n)
{
    for (int i = 0; i < n; i++) {
        virDomainFree(doms[i]);
    }
    free(doms);
}

/* Drops the domain list kept between polls. */
static void
hsvirt_forget_list(struct hsvirt *v)
{
    free_domains(v->doms, v->n_doms);
    free(v->ix);
    v->doms = NULL;
    v->ix = NULL;
    v->n_doms = 0;
    v->listed = false;
}

static void
hsvirt_close(struct hsvirt *v)
{
    hsvirt_forget_list(v);
    if (v->conn) {
        virConnectClose(v->conn);
        v->conn = NULL;
    }
}

void
hsvirt_destroy(struct hsvirt *v)
{
    if (!v) {
        return;
    }
    hsvirt_close(v);
    logonce_destroy(&v->logonce);
    virt_index_memory_destroy(&v->memory);
    free(v->uri);
    free(v);
}

bool
hsvirt_is_connected(const struct hsvirt *v)
{
    return v->state == HSVIRT_CONNECTED;
}

/* BACKOFF -> CONNECTED */
static void
hsvirt_connected(struct hsvirt *v, virConnectPtr conn)
{
    v->conn = conn;
    v->state = HSVIRT_CONNECTED;
    v->backoff = HSVIRT_BACKOFF_MIN_MS;
    log_notice("libvirt: connected to %s%s", v->uri,
               v->failures ? " (after retrying)" : "");
    v->failures = 0;
}

/* BACKOFF -> BACKOFF, after a failed open. */
static void
hsvirt_open_failed(struct hsvirt *v, long long now, const char *why)
{
    v->failures++;
    v->retry_at = now + v->backoff;
    log_msg_rl(&v->open_rl, LOG_WARNING, "libvirt: cannot connect to %s: %s; retrying in %lld ms",
               v->uri, why, v->backoff);
    v->backoff = v->backoff * 2 > HSVIRT_BACKOFF_MAX_MS ? HSVIRT_BACKOFF_MAX_MS : v->backoff * 2;
}

/* CONNECTED -> BACKOFF, after the connection died. */
static void
hsvirt_dropped(struct hsvirt *v, long long now)
{
    log_warn("libvirt: lost the connection to %s; reconnecting", v->uri);
    hsvirt_close(v);
    v->state = HSVIRT_BACKOFF;
    v->backoff = HSVIRT_BACKOFF_MIN_MS;
    v->retry_at = now + v->backoff;
}

void
hsvirt_run(struct hsvirt *v, long long now)
{
    switch (v->state) {
    case HSVIRT_BACKOFF:
        if (now >= v->retry_at) {
            const char *dl_err;
            if (!virt_dl_load(&dl_err)) {
                hsvirt_open_failed(v, now, dl_err);
                break;
            }
            virConnectPtr conn = virConnectOpenReadOnly(v->uri);
            if (conn) {
                hsvirt_connected(v, conn);
            } else {
                hsvirt_open_failed(v, now, virGetLastErrorMessage());
            }
        }
        break;
    case HSVIRT_CONNECTED:
        if (virConnectIsAlive(v->conn) == 0) {
            hsvirt_dropped(v, now);
        }
        break;
    }
}

void
hsvirt_wait(struct hsvirt *v, struct poll_loop *loop)
{
    if (v->state == HSVIRT_BACKOFF) {
        poll_loop_timer_wait(loop, v->retry_at);
    }
}

/* After a failed call: a dead connection goes back to BACKOFF. */
static void
hsvirt_check_alive(struct hsvirt *v, long long now)
{
    if (v->conn && virConnectIsAlive(v->conn) != 1) {
        hsvirt_dropped(v, now);
    }
}

static void
read_node(struct hsvirt *v, struct sflow_virt_node *node)
{
    virNodeInfo ni;
    memset(node, 0, sizeof *node);
    if (virNodeGetInfo(v->conn, &ni) < 0) {
        LOG_RL(LOG_WARNING, "libvirt: no node info: %s", virGetLastErrorMessage());
    } else {
        node->mhz = ni.mhz;
        node->cpus = ni.cpus;
        node->memory = (uint64_t) ni.memory * 1024;     /* KiB */
    }
    virResetLastError();
    unsigned long long free_mem = virNodeGetFreeMemory(v->conn);
    if (free_mem == 0 && virGetLastError()
        && logonce_first(&v->logonce, "node/free-memory")) {
        log_info("libvirt: %s gives no free memory figure (%s); reporting 0", v->uri,
                 virGetLastErrorMessage());
    }
    node->memory_free = free_mem;
}

/* Lists the domains again: keeps the active ones (and their indices) in V.
 * Indices are assigned over all defined domains, active or not, and those
 * seen within forget_ms, so a domain's index does not move when another one
 * starts, stops or goes away. */
static bool
hsvirt_list(struct hsvirt *v, long long now)
{
    virDomainPtr *active = NULL, *inactive = NULL;
    int n_active = virConnectListAllDomains(v->conn, &active, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    if (n_active < 0) {
        LOG_RL(LOG_WARNING, "libvirt: cannot list domains: %s", virGetLastErrorMessage());
        return false;
    }
    int n_inactive = virConnectListAllDomains(v->conn, &inactive,
                                              VIR_CONNECT_LIST_DOMAINS_INACTIVE);
    if (n_inactive < 0) {
        LOG_RL(LOG_WARNING, "libvirt: cannot list inactive domains: %s",
               virGetLastErrorMessage());
        n_inactive = 0;
        inactive = NULL;
    }
    v->lists++;
    size_t n_all = (size_t) n_active + (size_t) n_inactive;
    uint8_t (*uuids)[16] = xcalloc(n_all ? n_all : 1, sizeof *uuids);
    for (size_t i = 0; i < n_all; i++) {
        virDomainPtr d = i < (size_t) n_active ? active[i] : inactive[i - (size_t) n_active];
        unsigned char u[VIR_UUID_BUFLEN];
        if (virDomainGetUUID(d, u) == 0) {
            memcpy(uuids[i], u, 16);
        }
    }
    virt_index_remember(&v->memory, (const uint8_t (*)[16]) uuids, n_all, now, v->forget_ms);

    hsvirt_forget_list(v);
    v->doms = active;
    v->n_doms = n_active;
    v->ix = xcalloc(n_active ? (size_t) n_active : 1, sizeof *v->ix);
    virt_index_memory_assign(&v->memory, (const uint8_t (*)[16]) uuids, (size_t) n_active, v->ix);
    v->listed = true;
    v->listed_at = now;
    free(uuids);
    free_domains(inactive, n_inactive);
    return true;
}

int
hsvirt_poll(struct hsvirt *v, long long now, struct sflow_virt_node *node,
            void (*emit)(void *aux, const struct sflow_counters_sample *s), void *aux)
{
    if (v->state != HSVIRT_CONNECTED) {
        return -1;
    }
    if ((!v->listed || now - v->listed_at >= v->refresh_ms || now < v->listed_at)
        && !hsvirt_list(v, now)) {
        v->poll_errors++;
        hsvirt_check_alive(v, now);
        return -1;
    }
    v->polls++;
    v->last_domains = v->n_doms;
    read_node(v, node);
    node->num_domains = (uint32_t) v->n_doms;
    bool vanished = false;
    for (int i = 0; i < v->n_doms; i++) {
        if (v->ix[i] && virt_domain_read(v->doms[i], v->ix[i], &v->logonce, &v->scratch)) {
            emit(aux, &v->scratch.guest.sample);
        } else {
            v->domain_errors++;
            vanished = true;
        }
    }
    if (vanished) {
        v->listed = false;      /* a domain kept from the last list went away: look again */
    }
    return v->n_doms;
}

void
hsvirt_show(const struct hsvirt *v, FILE *out)
{
    fprintf(out, "VMs (libvirt %s): %s", v->uri,
            v->state == HSVIRT_CONNECTED ? "connected" : "not connected");
    if (v->failures) {
        fprintf(out, ", %u failed open(s) in a row", v->failures);
    }
    if (v->last_domains >= 0) {
        fprintf(out, ", %d guest(s) at the last poll", v->last_domains);
    }
    fprintf(out, "\n  polls %lu, failed polls %lu, guests not read %lu, domain lists %lu "
            "(every %s), %zu UUID(s) remembered for %lld s\n", v->polls, v->poll_errors,
            v->domain_errors, v->lists, v->refresh_ms ? "refreshVMs" : "poll", v->memory.n,
            v->forget_ms / 1000);
}
