/* xen_ctl: the real xen_ctl (see xen_ctl.h): libxenctrl loaded with
 * dlopen() the first time it is needed, built against Xen's own headers
 * (Debian's libxen-dev). The only file that names libxenctrl's functions and
 * structures. Without the headers it is built as a stub that says so. */
#include <config.h>

#include "xen/xen_ctl.h"

#include <stdio.h>

#ifdef HAVE_XENCTRL_H

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <xenctrl.h>

#include "common/util.h"
#include "xen/xen_dl.h"

#define XEN_CTL_CHUNK 256u

static struct {
    bool loaded;
    __typeof__(xc_interface_open) *open;
    __typeof__(xc_interface_close) *close;
    __typeof__(xc_domain_getinfolist) *getinfolist;
    __typeof__(xc_physinfo) *physinfo;
} xc;

/* Owned by the caller of xen_ctl_open(). The logger comes first: libxenctrl
 * hands it back to xen_ctl_log(), which keeps the last message. */
struct xen_ctl {
    struct xentoollog_logger logger;
    xc_interface *xch;
    xc_domaininfo_t chunk[XEN_CTL_CHUNK];
    char error[256];                    /* libxenctrl's last message */
    char report[512];                   /* what a call returns in *ERR */
};

static void
xen_ctl_log(struct xentoollog_logger *logger, xentoollog_level level, int errnoval,
            const char *context, const char *format, va_list al)
{
    struct xen_ctl *x = (struct xen_ctl *) logger;
    (void) context;
    if (level < XTL_ERROR) {
        return;
    }
    int n = vsnprintf(x->error, sizeof x->error, format, al);
    if (n >= 0 && (size_t) n < sizeof x->error && errnoval > 0) {
        snprintf(x->error + n, sizeof x->error - (size_t) n, ": %s", strerror(errnoval));
    }
}

static bool
xen_ctl_load(const char **err)
{
    static char failure[256], message[320];
    static const char *const names[] = {
        "xc_interface_open", "xc_interface_close", "xc_domain_getinfolist", "xc_physinfo",
    };
    void *syms[4];
    if (xc.loaded) {
        return true;
    }
    if (!xen_dl_load(XEN_CTL_LIBRARY, names, syms, 4, failure, sizeof failure)) {
        snprintf(message, sizeof message, "%s (hsflowd is built for Xen 4.17)", failure);
        *err = message;
        return false;
    }
    xc.open = (__typeof__(xc.open)) syms[0];
    xc.close = (__typeof__(xc.close)) syms[1];
    xc.getinfolist = (__typeof__(xc.getinfolist)) syms[2];
    xc.physinfo = (__typeof__(xc.physinfo)) syms[3];
    xc.loaded = true;
    return true;
}

struct xen_ctl *
xen_ctl_open(const char **err)
{
    static char failure[512];
    if (!xen_ctl_load(err)) {
        return NULL;
    }
    struct xen_ctl *x = xzalloc(sizeof *x);
    x->logger.vmessage = xen_ctl_log;
    x->xch = xc.open(&x->logger, &x->logger, XC_OPENFLAG_NON_REENTRANT);
    if (!x->xch) {
        snprintf(failure, sizeof failure, "cannot open the hypervisor interface: %s",
                 x->error[0] ? x->error : strerror(errno));
        free(x);
        *err = failure;
        return NULL;
    }
    return x;
}

void
xen_ctl_close(struct xen_ctl *x)
{
    if (x) {
        xc.close(x->xch);
        free(x);
    }
}

static const char *
xen_ctl_failed(struct xen_ctl *x, const char *what)
{
    snprintf(x->report, sizeof x->report, "%s: %s", what,
             x->error[0] ? x->error : strerror(errno));
    return x->report;
}

int
xen_ctl_list(struct xen_ctl *x, struct xen_ctl_domain *out, size_t max, const char **err)
{
    size_t n = 0;
    uint32_t first = 0;
    while (n < max) {
        x->error[0] = '\0';
        int got = xc.getinfolist(x->xch, first, XEN_CTL_CHUNK, x->chunk);
        if (got < 0) {
            *err = xen_ctl_failed(x, "xc_domain_getinfolist");
            return -1;
        }
        for (int i = 0; i < got && n < max; i++) {
            const xc_domaininfo_t *d = &x->chunk[i];
            struct xen_ctl_domain *o = &out[n++];
            o->domid = d->domain;
            o->flags = d->flags;
            o->tot_pages = d->tot_pages;
            o->max_pages = d->max_pages;
            o->cpu_time_ns = d->cpu_time;
            o->online_vcpus = d->nr_online_vcpus;
            memcpy(o->handle, d->handle, 16);
            first = (uint32_t) d->domain + 1;     /* domids may be sparse */
        }
        if ((unsigned) got < XEN_CTL_CHUNK || first > UINT16_MAX) {
            break;
        }
    }
    return (int) n;
}

int
xen_ctl_physinfo(struct xen_ctl *x, struct xen_ctl_phys *out, const char **err)
{
    xc_physinfo_t p;
    memset(&p, 0, sizeof p);
    x->error[0] = '\0';
    if (xc.physinfo(x->xch, &p) < 0) {
        *err = xen_ctl_failed(x, "xc_physinfo");
        return -1;
    }
    out->nr_cpus = p.nr_cpus;
    out->cpu_khz = p.cpu_khz;
    out->total_pages = p.total_pages;
    out->free_pages = p.free_pages;
    return 0;
}

#else /* !HAVE_XENCTRL_H */

struct xen_ctl *
xen_ctl_open(const char **err)
{
    *err = "hsflowd was built without Xen's headers (libxen-dev): xen { } needs a URI "
           "(libvirt) here";
    return NULL;
}

void
xen_ctl_close(struct xen_ctl *x)
{
    (void) x;
}

int
xen_ctl_list(struct xen_ctl *x, struct xen_ctl_domain *out, size_t max, const char **err)
{
    (void) x;
    (void) out;
    (void) max;
    return xen_ctl_open(err) ? 0 : -1;
}

int
xen_ctl_physinfo(struct xen_ctl *x, struct xen_ctl_phys *out, const char **err)
{
    (void) x;
    (void) out;
    return xen_ctl_open(err) ? 0 : -1;
}

#endif
