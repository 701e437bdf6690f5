/* xen_ctl_recorded: the xen_ctl interface (src/xen/xen_ctl.h) answered from
 * a recorded domain list instead of libxenctrl, for tests only: linked into
 * tests/tools/hsflowd-xenrec in place of src/xen/libxenctl.a. The file
 * named by $HSFLOWD_XEN_RECORDED is read again on every call, so a test
 * changes the host between polls by rewriting it (atomically: write a
 * temporary file, rename it). Lines:
 *
 *   phys NR_CPUS CPU_KHZ TOTAL_PAGES FREE_PAGES
 *   dom DOMID STATE TOT_PAGES MAX_PAGES CPU_TIME_NS ONLINE_VCPUS UUID
 *       STATE: running, blocked, paused, shutdown, crashed or dying
 *   fail open|list|phys MESSAGE...     that call fails with MESSAGE
 *   # comment
 *
 * A missing file makes xen_ctl_open() fail, as a missing library would. */
#include <config.h>

#include "xen/xen_ctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

struct xen_ctl {
    char error[256];
};

/* Finds the line "fail WHAT ..." in the recording; returns its message. */
static const char *
recorded_failure(FILE *f, const char *what, char *buf, size_t size)
{
    char line[512];
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        char kind[16];
        int off = 0;
        if (sscanf(line, "fail %15s %n", kind, &off) == 1 && !strcmp(kind, what)) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(buf, size, "%s", line + off);
            return buf;
        }
    }
    return NULL;
}

static FILE *
recorded_open(char *err, size_t size)
{
    const char *path = getenv("HSFLOWD_XEN_RECORDED");
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f) {
        snprintf(err, size, "no recorded domain list (%s)", path ? path : "unset");
    }
    return f;
}

struct xen_ctl *
xen_ctl_open(const char **err)
{
    static char failure[256];
    FILE *f = recorded_open(failure, sizeof failure);
    if (!f) {
        *err = failure;
        return NULL;
    }
    const char *why = recorded_failure(f, "open", failure, sizeof failure);
    fclose(f);
    if (why) {
        *err = why;
        return NULL;
    }
    return xzalloc(sizeof(struct xen_ctl));
}

void
xen_ctl_close(struct xen_ctl *x)
{
    free(x);
}

static bool
parse_uuid(const char *s, uint8_t out[16])
{
    size_t n = 0;
    for (const char *p = s; *p && n < 32; p++) {
        if (*p == '-') {
            continue;
        }
        unsigned v;
        if (sscanf(p, "%1x", &v) != 1) {
            return false;
        }
        out[n / 2] = (uint8_t) (n % 2 ? out[n / 2] | v : v << 4);
        n++;
    }
    return n == 32;
}

static uint32_t
state_flags(const char *state)
{
    if (!strcmp(state, "running")) {
        return XEN_CTL_RUNNING;
    } else if (!strcmp(state, "blocked")) {
        return XEN_CTL_BLOCKED;
    } else if (!strcmp(state, "paused")) {
        return XEN_CTL_PAUSED;
    } else if (!strcmp(state, "shutdown")) {
        return XEN_CTL_SHUTDOWN;
    } else if (!strcmp(state, "crashed")) {
        return XEN_CTL_SHUTDOWN | XEN_CTL_SHUTDOWN_CRASH << XEN_CTL_SHUTDOWN_SHIFT;
    } else if (!strcmp(state, "dying")) {
        return XEN_CTL_DYING;
    }
    return 0;
}

/* The recording, rewound, for call WHAT; NULL with *ERR set when it is
 * missing or says that WHAT fails. */
static FILE *
recorded_call(struct xen_ctl *x, const char *what, const char **err)
{
    FILE *f = recorded_open(x->error, sizeof x->error);
    if (!f) {
        *err = x->error;
        return NULL;
    }
    const char *why = recorded_failure(f, what, x->error, sizeof x->error);
    if (why) {
        fclose(f);
        *err = why;
        return NULL;
    }
    rewind(f);
    return f;
}

int
xen_ctl_list(struct xen_ctl *x, struct xen_ctl_domain *out, size_t max, const char **err)
{
    FILE *f = recorded_call(x, "list", err);
    if (!f) {
        return -1;
    }
    char line[512];
    size_t n = 0;
    while (n < max && fgets(line, sizeof line, f)) {
        struct xen_ctl_domain d;
        char state[16], uuid[64];
        unsigned long long tot, maxp, cpu;
        unsigned domid, vcpus;
        memset(&d, 0, sizeof d);
        if (sscanf(line, "dom %u %15s %llu %llu %llu %u %63s", &domid, state, &tot, &maxp, &cpu,
                   &vcpus, uuid) == 7 && parse_uuid(uuid, d.handle)) {
            d.domid = domid;
            d.flags = state_flags(state);
            d.tot_pages = tot;
            d.max_pages = maxp;
            d.cpu_time_ns = cpu;
            d.online_vcpus = vcpus;
            out[n++] = d;
        }
    }
    fclose(f);
    return (int) n;
}

int
xen_ctl_physinfo(struct xen_ctl *x, struct xen_ctl_phys *out, const char **err)
{
    FILE *f = recorded_call(x, "phys", err);
    if (!f) {
        return -1;
    }
    char line[512];
    int found = -1;
    while (fgets(line, sizeof line, f)) {
        unsigned cpus, khz;
        unsigned long long total, free_pages;
        if (sscanf(line, "phys %u %u %llu %llu", &cpus, &khz, &total, &free_pages) == 4) {
            out->nr_cpus = cpus;
            out->cpu_khz = khz;
            out->total_pages = total;
            out->free_pages = free_pages;
            found = 0;
        }
    }
    fclose(f);
    if (found < 0) {
        snprintf(x->error, sizeof x->error, "xc_physinfo: no phys line recorded");
        *err = x->error;
    }
    return found;
}
