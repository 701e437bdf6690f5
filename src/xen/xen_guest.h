/* xen_guest: one Xen domain as a struct sflow_guest: its name and vifs from
 * xenstore, its interface counters from /proc/net/dev, its disks from
 * blkback's sysfs and tapdisk3's /dev/shm files (see hsxen.h for the paths).
 *
 * Ownership: struct xen_devs owns its array (xen_devs_destroy); every
 * string returned through WHY is malloc'd and the caller's. */
#ifndef XEN_GUEST_H
#define XEN_GUEST_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pve/pve_sys.h"
#include "sflow/sflow_guest.h"
#include "xen/xen_ctl.h"
#include "xen/xen_parse.h"
#include "xen/xen_store.h"

/* The disks dom0 serves, from one scan per poll. */
enum xen_dev_kind { XEN_DEV_BLKBACK, XEN_DEV_TAPDISK };
struct xen_dev {
    enum xen_dev_kind kind;
    uint32_t domid, devid;
};
struct xen_devs {
    struct xen_dev *v;
    size_t n, cap;
};
/* Lists SYSROOT/sys/bus/xen-backend/devices/vbd-D-N and SYSROOT/dev/shm/vbd3-D-N. */
void xen_devs_scan(struct xen_devs *d, const char *sysroot);
void xen_devs_destroy(struct xen_devs *d);

/* What filling a guest needs. */
struct xen_guest_ctx {
    struct xen_store *store;
    const char *sysroot;
    const struct pve_netdevs *netdevs;
    const struct xen_devs *devs;
};

enum xen_guest_result {
    XEN_GUEST_OK,
    XEN_GUEST_REJECTED,             /* malformed values or files: *WHY says which */
    XEN_GUEST_STORE_FAILED,         /* xenstore itself failed: *WHY */
};

/* The state of a domain for virt_cpu, from its flags. */
uint32_t xen_guest_state(uint32_t flags);

/* Fills G from DOM and what CTX reads. */
enum xen_guest_result xen_guest_fill(const struct xen_guest_ctx *ctx,
                                     const struct xen_ctl_domain *dom, struct sflow_guest *g,
                                     char **why);

#endif
