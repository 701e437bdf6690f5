/* hsxen: the Xen module's connection and polling cycle (see hsxen.h).
 *
 *   BACKOFF --run/poll, now >= retry_at, xen_ctl and xen_store open--> CONNECTED
 *   BACKOFF --run/poll, now >= retry_at, an open fails--> BACKOFF
 *   CONNECTED --a hypervisor or xenstore call fails--> BACKOFF
 *
 * Every failure doubles the wait (HSXEN_BACKOFF_MIN_MS .. _MAX_MS); a poll
 * that reads the domain list resets it.
 */
#include <config.h>

#include "xen/hsxen.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/logonce.h"
#include "common/util.h"
#include "pve/pve_sys.h"
#include "sflow/sflow_guest.h"
#include "virt/virt_index.h"
#include "xen/xen_ctl.h"
#include "xen/xen_guest.h"
#include "xen/xen_store.h"

enum hsxen_state { HSXEN_BACKOFF, HSXEN_CONNECTED };

/* Owned by the caller of hsxen_create(); owns both handles, the scratch
 * space and the log memory. */
struct hsxen {
    char *sysroot;
    enum hsxen_state state;
    struct xen_ctl *ctl;                /* both non-NULL exactly in CONNECTED */
    struct xen_store *store;
    long long retry_at, backoff;
    unsigned failures;                  /* failed opens in a row */
    bool ever_connected;
    struct logonce logonce;
    struct xen_ctl_domain *doms;        /* HSXEN_MAX_DOMAINS */
    uint8_t (*uuids)[16];
    uint32_t *ix;
    long long forget_ms;                /* forgetVMs */
    struct virt_index_memory memory;    /* UUIDs seen within forget_ms */
    struct xen_devs devs;
    struct pve_netdevs netdevs;
    struct sflow_guest guest;
    int last_guests;                    /* -1: no poll read Xen yet */
    unsigned long polls, poll_errors, guests_left_out;
    char last_error[256];
};

struct hsxen *
hsxen_create(const char *sysroot)
{
    struct hsxen *x = xzalloc(sizeof *x);
    x->sysroot = xstrdup(sysroot ? sysroot : "/");
    x->state = HSXEN_BACKOFF;
    x->backoff = HSXEN_BACKOFF_MIN_MS;
    x->doms = xcalloc(HSXEN_MAX_DOMAINS, sizeof *x->doms);
    x->uuids = xcalloc(HSXEN_MAX_DOMAINS, sizeof *x->uuids);
    x->ix = xcalloc(HSXEN_MAX_DOMAINS, sizeof *x->ix);
    x->last_guests = -1;
    x->forget_ms = HSXEN_DEFAULT_FORGET_MS;
    return x;
}

void
hsxen_set_forget(struct hsxen *x, long long forget_ms)
{
    x->forget_ms = forget_ms > 0 ? forget_ms : HSXEN_DEFAULT_FORGET_MS;
}

static void
hsxen_close(struct hsxen *x)
{
    xen_ctl_close(x->ctl);
    xen_store_close(x->store);
    x->ctl = NULL;
    x->store = NULL;
}

void
hsxen_destroy(struct hsxen *x)
{
    if (!x) {
        return;
    }
    hsxen_close(x);
    logonce_destroy(&x->logonce);
    virt_index_memory_destroy(&x->memory);
    xen_devs_destroy(&x->devs);
    pve_netdevs_destroy(&x->netdevs);
    free(x->doms);
    free(x->uuids);
    free(x->ix);
    free(x->sysroot);
    free(x);
}

/* Logs WHY once (until a poll succeeds again) and remembers it for show. */
static void
hsxen_failed(struct hsxen *x, const char *why)
{
    snprintf(x->last_error, sizeof x->last_error, "%s", why);
    char *key = xasprintf("fail:%s", why);
    if (logonce_first(&x->logonce, key)) {
        log_warn("xen: %s; host counters go on, retrying with backoff (up to %d s)", why,
                 HSXEN_BACKOFF_MAX_MS / 1000);
    }
    free(key);
}

/* After a successful poll: a failure logged before is worth a line again. */
static void
hsxen_recovered(struct hsxen *x)
{
    if (!x->last_error[0]) {
        return;
    }
    char *key = xasprintf("fail:%s", x->last_error);
    logonce_forget(&x->logonce, key);
    free(key);
    x->last_error[0] = '\0';
    log_notice("xen: reading the hypervisor through %s and %s again (after retrying)",
               XEN_CTL_LIBRARY, XEN_STORE_LIBRARY);
}

/* BACKOFF -> BACKOFF or CONNECTED */
static void
hsxen_open(struct hsxen *x, long long now)
{
    const char *err = NULL;
    x->ctl = xen_ctl_open(&err);
    if (x->ctl) {
        x->store = xen_store_open(&err);
    }
    if (!x->ctl || !x->store) {
        hsxen_close(x);
        x->failures++;
        hsxen_failed(x, err ? err : "cannot open Xen's libraries");
        x->retry_at = now + x->backoff;
        x->backoff = x->backoff * 2 > HSXEN_BACKOFF_MAX_MS ? HSXEN_BACKOFF_MAX_MS
                                                            : x->backoff * 2;
        return;
    }
    if (!x->ever_connected) {
        log_notice("xen: reading the hypervisor through %s and %s", XEN_CTL_LIBRARY,
                   XEN_STORE_LIBRARY);
    }
    x->ever_connected = true;
    x->state = HSXEN_CONNECTED;
    x->failures = 0;
}

/* CONNECTED -> BACKOFF, after a failed call. */
static void
hsxen_dropped(struct hsxen *x, long long now, const char *why)
{
    hsxen_failed(x, why);
    hsxen_close(x);
    x->state = HSXEN_BACKOFF;
    x->retry_at = now + x->backoff;
    x->backoff = x->backoff * 2 > HSXEN_BACKOFF_MAX_MS ? HSXEN_BACKOFF_MAX_MS : x->backoff * 2;
}

void
hsxen_run(struct hsxen *x, long long now)
{
    if (x->state == HSXEN_BACKOFF && now >= x->retry_at) {
        hsxen_open(x, now);
    }
}

void
hsxen_wait(struct hsxen *x, struct poll_loop *loop)
{
    if (x->state == HSXEN_BACKOFF) {
        poll_loop_timer_wait(loop, x->retry_at);
    }
}

static int
hsxen_poll_failed(struct hsxen *x, long long now, const char *why)
{
    x->poll_errors++;
    hsxen_dropped(x, now, why);
    return -1;
}

int
hsxen_poll(struct hsxen *x, long long now, struct sflow_virt_node *node, hsxen_emit_fn *emit,
           void *aux)
{
    hsxen_run(x, now);
    if (x->state != HSXEN_CONNECTED) {
        return -1;
    }
    const char *err = NULL;
    struct xen_ctl_phys phys;
    if (xen_ctl_physinfo(x->ctl, &phys, &err) < 0) {
        return hsxen_poll_failed(x, now, err);
    }
    int n = xen_ctl_list(x->ctl, x->doms, HSXEN_MAX_DOMAINS, &err);
    if (n < 0) {
        return hsxen_poll_failed(x, now, err);
    }
    x->polls++;
    x->backoff = HSXEN_BACKOFF_MIN_MS;
    hsxen_recovered(x);
    /* The guests: every domain but dom0 (the host) and those being torn
     * down. Indices come from all of them and from those seen within
     * forgetVMs, as in the libvirt module: a guest left out of a poll or
     * gone does not move the others. */
    size_t m = 0;
    for (int i = 0; i < n; i++) {
        if (x->doms[i].domid != 0 && !(x->doms[i].flags & XEN_CTL_DYING)) {
            x->doms[m] = x->doms[i];
            memcpy(x->uuids[m], x->doms[i].handle, 16);
            m++;
        }
    }
    virt_index_remember(&x->memory, (const uint8_t (*)[16]) x->uuids, m, now, x->forget_ms);
    virt_index_memory_assign(&x->memory, (const uint8_t (*)[16]) x->uuids, m, x->ix);
    memset(node, 0, sizeof *node);
    node->mhz = phys.cpu_khz / 1000;
    node->cpus = phys.nr_cpus;
    node->memory = phys.total_pages * XEN_CTL_PAGE_SIZE;
    node->memory_free = phys.free_pages * XEN_CTL_PAGE_SIZE;
    node->num_domains = (uint32_t) m;

    if (!pve_netdevs_read(&x->netdevs, x->sysroot)) {
        LOG_RL(LOG_WARNING, "xen: cannot read %s/proc/net/dev: no vif counters", x->sysroot);
    }
    xen_devs_scan(&x->devs, x->sysroot);
    struct xen_guest_ctx ctx = {
        .store = x->store, .sysroot = x->sysroot, .netdevs = &x->netdevs, .devs = &x->devs,
    };
    int sent = 0;
    for (size_t i = 0; i < m; i++) {
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++) {
            dup = x->ix[j] == x->ix[i];
        }
        char *why = NULL;
        enum xen_guest_result r = dup || !x->ix[i] ? XEN_GUEST_REJECTED
                                  : xen_guest_fill(&ctx, &x->doms[i], &x->guest, &why);
        if (r == XEN_GUEST_STORE_FAILED) {
            hsxen_dropped(x, now, why);
            free(why);
            x->poll_errors++;
            break;
        }
        if (r == XEN_GUEST_OK) {
            emit(aux, sflow_guest_sample(&x->guest, x->ix[i]));
            sent++;
        } else {
            x->guests_left_out++;
            if (!why) {
                why = xstrdup(dup ? "its UUID is another domain's" : "no index left");
            }
            char *key = xasprintf("dom:%u:%s", x->doms[i].domid, why);
            if (logonce_first(&x->logonce, key)) {
                log_warn("xen: domain %u left out: %s", x->doms[i].domid, why);
            }
            free(key);
        }
        free(why);
    }
    x->last_guests = sent;
    return (int) m;
}

void
hsxen_show(const struct hsxen *x, FILE *out)
{
    fprintf(out, "VMs (Xen, %s + %s): %s", XEN_CTL_LIBRARY, XEN_STORE_LIBRARY,
            x->state == HSXEN_CONNECTED ? "connected" : "not connected");
    if (x->failures) {
        fprintf(out, ", %u failed open(s) in a row", x->failures);
    }
    if (x->last_error[0]) {
        fprintf(out, ", last error: %s", x->last_error);
    }
    if (x->last_guests >= 0) {
        fprintf(out, ", %d guest(s) sent at the last poll", x->last_guests);
    }
    fprintf(out, "\n  polls %lu, failed polls %lu, guests left out %lu\n", x->polls,
            x->poll_errors, x->guests_left_out);
}
