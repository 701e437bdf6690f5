/* xen_ctl: the narrow interface between the Xen module and the hypervisor
 * (libxenctrl): list the domains, read the host's physical info. Nothing
 * else in hsflowd names libxenctrl.
 *
 * hsflowd links the real implementation, xen_ctl.c: a thin adapter that
 * loads "libxenctrl.so.4.17" with dlopen() when a xen { } block without a
 * URI first asks for it. The tests link their own implementation of these
 * four functions instead (tests/tools/xen_ctl_recorded.c, domain lists
 * recorded in files): a link-time choice, so no production binary can be
 * switched to it.
 *
 * Ownership: the handle belongs to the caller of xen_ctl_open() until
 * xen_ctl_close(). Error strings are static or owned by the handle; they stay
 * valid until the next call. */
#ifndef XEN_CTL_H
#define XEN_CTL_H 1

#include <stddef.h>
#include <stdint.h>

/* The libxenctrl soname hsflowd is built for (Xen's minor version). */
#define XEN_CTL_LIBRARY "libxenctrl.so.4.17"

/* Domain state bits, as XEN_DOMINF_* (xen/domctl.h). */
#define XEN_CTL_DYING (1u << 0)
#define XEN_CTL_SHUTDOWN (1u << 2)
#define XEN_CTL_PAUSED (1u << 3)
#define XEN_CTL_BLOCKED (1u << 4)
#define XEN_CTL_RUNNING (1u << 5)
#define XEN_CTL_SHUTDOWN_SHIFT 16           /* reason = (flags >> 16) & 255 */
#define XEN_CTL_SHUTDOWN_CRASH 3            /* SHUTDOWN_crash (xen/sched.h) */

#define XEN_CTL_PAGE_SIZE 4096u             /* XC_PAGE_SIZE on x86 */

/* One domain, from xc_domain_getinfolist(). */
struct xen_ctl_domain {
    uint32_t domid;
    uint32_t flags;                 /* XEN_CTL_* bits and the shutdown reason */
    uint64_t tot_pages, max_pages;
    uint64_t cpu_time_ns;           /* summed over the vCPUs */
    uint32_t online_vcpus;
    uint8_t handle[16];             /* the VM's UUID */
};

/* From xc_physinfo(). */
struct xen_ctl_phys {
    uint32_t nr_cpus, cpu_khz;
    uint64_t total_pages, free_pages;
};

struct xen_ctl;

/* Opens the hypervisor interface (loading the library the first time).
 * NULL with *ERR set when the library is missing, is of another Xen version
 * or the hypervisor cannot be reached. */
struct xen_ctl *xen_ctl_open(const char **err);
void xen_ctl_close(struct xen_ctl *x);
/* Fills OUT with at most MAX domains, in domid order. Returns their number,
 * or -1 with *ERR set. */
int xen_ctl_list(struct xen_ctl *x, struct xen_ctl_domain *out, size_t max, const char **err);
/* Returns 0, or -1 with *ERR set. */
int xen_ctl_physinfo(struct xen_ctl *x, struct xen_ctl_phys *out, const char **err);

#endif
