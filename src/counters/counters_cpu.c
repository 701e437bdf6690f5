/* counters_cpu: host_cpu (2003).
 *
 *   <root>/proc/stat      cpu times (jiffies -> ms at the clock tick rate),
 *                         cpu_num (count of cpuN lines), interrupts (intr
 *                         total), contexts (ctxt); required
 *   <root>/proc/loadavg   load averages, proc_run / proc_total; required
 *   <root>/proc/uptime    uptime in whole seconds (0 when absent); on the
 *                         live path CLOCK_BOOTTIME, the clock it prints
 *                         (unless a file is mounted over it, as LXCFS does)
 *   <root>/proc/cpuinfo   cpu_speed from the first "cpu MHz"; only its first
 *                         8 KB are read (the first processor's block), else
 *   <root>/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq (kHz);
 *                         0 when neither says */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <time.h>

#include <linux/magic.h>

#include "counters/counters_cpu.h"
#include "counters/counters_scan.h"
#include "counters/counters_state.h"

#define HSC_CPUINFO_MAX 8192
#define HSC_CPUINFO_EVERY 60

static bool
hsc_scan_float(const char **p, float *v)
{
    char *end;
    hsc_skip_blanks(p);
    if ((**p < '0' || **p > '9') && **p != '.') {
        return false;
    }
    double d = strtod(*p, &end);
    if (end == *p || !(d >= 0 && d < 1e30)) {
        return false;
    }
    *p = end;
    *v = (float) d;
    return true;
}

bool
hsc_parse_loadavg(const char *text, struct sflow_host_cpu *cpu)
{
    const char *p = text;
    float l1, l5, l15;
    uint64_t run, total;
    if (!hsc_scan_float(&p, &l1) || !hsc_scan_float(&p, &l5) || !hsc_scan_float(&p, &l15)
        || !hsc_scan_u64(&p, &run) || *p++ != '/' || !hsc_scan_u64(&p, &total)) {
        return false;
    }
    cpu->load_one = l1;
    cpu->load_five = l5;
    cpu->load_fifteen = l15;
    cpu->proc_run = (uint32_t) run;
    cpu->proc_total = (uint32_t) total;
    return true;
}

static uint32_t
hsc_jiffies_to_ms(uint64_t j, long hz)
{
    /* Split so that huge counts do not overflow before the division. */
    uint64_t h = (uint64_t) hz;
    return (uint32_t) ((j / h) * 1000 + (j % h) * 1000 / h);
}

bool
hsc_parse_stat(const char *text, long hz, struct sflow_host_cpu *cpu)
{
    bool have_cpu = false;
    uint32_t ncpu = 0;
    if (hz <= 0) {
        hz = 100;
    }
    for (const char *p = text; *p; p = hsc_next_line(p)) {
        const char *rest;
        uint64_t v[7];
        if (hsc_line_word(p, "cpu", &rest)) {
            size_t n = 0;
            while (n < 7 && hsc_scan_u64(&rest, &v[n])) {
                n++;
            }
            if (n < 4) {
                continue;               /* truncated: skipped */
            }
            while (n < 7) {
                v[n++] = 0;             /* older kernels: fewer columns */
            }
            cpu->cpu_user = hsc_jiffies_to_ms(v[0], hz);
            cpu->cpu_nice = hsc_jiffies_to_ms(v[1], hz);
            cpu->cpu_system = hsc_jiffies_to_ms(v[2], hz);
            cpu->cpu_idle = hsc_jiffies_to_ms(v[3], hz);
            cpu->cpu_wio = hsc_jiffies_to_ms(v[4], hz);
            cpu->cpu_intr = hsc_jiffies_to_ms(v[5], hz);
            cpu->cpu_sintr = hsc_jiffies_to_ms(v[6], hz);
            have_cpu = true;
        } else if (!strncmp(p, "cpu", 3) && p[3] >= '0' && p[3] <= '9') {
            ncpu++;
        } else if (hsc_line_word(p, "intr", &rest) && hsc_scan_u64(&rest, &v[0])) {
            cpu->interrupts = (uint32_t) v[0];
        } else if (hsc_line_word(p, "ctxt", &rest) && hsc_scan_u64(&rest, &v[0])) {
            cpu->contexts = (uint32_t) v[0];
        }
    }
    cpu->cpu_num = ncpu;
    return have_cpu;
}

bool
hsc_parse_uptime(const char *text, uint32_t *seconds)
{
    const char *p = text;
    uint64_t s;
    hsc_skip_blanks(&p);
    if (*p == '-' || !hsc_scan_u64(&p, &s)) {
        return false;
    }
    *seconds = (uint32_t) s;
    return true;
}

uint32_t
hsc_parse_cpuinfo_mhz(const char *text)
{
    for (const char *p = text; *p; p = hsc_next_line(p)) {
        const char *rest;
        if (hsc_line_word(p, "cpu MHz", &rest)) {
            hsc_skip_blanks(&rest);
            if (*rest++ != ':') {
                continue;
            }
            float mhz;
            if (hsc_scan_float(&rest, &mhz) && mhz < 4e9f) {
                return (uint32_t) (mhz + 0.5f);
            }
        }
    }
    return 0;
}

/* On the live path, whether /proc/uptime is the kernel's own (procfs), so
 * that CLOCK_BOOTTIME says the same; not when a file is mounted over it
 * (LXCFS shows a container's uptime there). Asked once. */
static bool
hsc_uptime_is_clock(struct hscounters *c)
{
    if (!c->sys.live || !c->ift) {
        return false;
    }
    if (!c->uptime_checked) {
        struct statfs st;
        c->uptime_checked = true;
        c->uptime_clock = !statfs("/proc/uptime", &st) && st.f_type == PROC_SUPER_MAGIC;
    }
    return c->uptime_clock;
}

bool
hsc_read_host_cpu(struct hscounters *c, struct sflow_host_cpu *cpu)
{
    const char *text = sysroot_read(&c->sys, "proc/stat", 0, HSC_SRC_STAT);
    if (!text || !hsc_parse_stat(text, c->hz, cpu)) {
        return false;
    }
    text = sysroot_read(&c->sys, "proc/loadavg", 4096, HSC_SRC_LOADAVG);
    if (!text || !hsc_parse_loadavg(text, cpu)) {
        return false;
    }
    /* /proc/uptime's seconds are CLOCK_BOOTTIME's (both as the time
     * namespace sees them): on the live path, the clock is asked directly
     * (no system call through the vDSO). */
    struct timespec boot;
    if (hsc_uptime_is_clock(c) && !clock_gettime(CLOCK_BOOTTIME, &boot)) {
        cpu->uptime = (uint32_t) boot.tv_sec;
    } else {
        text = sysroot_read(&c->sys, "proc/uptime", 4096, -1);
        if (!text || !hsc_parse_uptime(text, &cpu->uptime)) {
            cpu->uptime = 0;
        }
    }
    /* On the live path, /proc/cpuinfo (costly to make on a large host) is
     * read every HSC_CPUINFO_EVERY polls. */
    if (c->sys.live && c->ift && c->host_polls++ % HSC_CPUINFO_EVERY) {
        cpu->cpu_speed = c->cpu_mhz;
        return true;
    }
    text = sysroot_read(&c->sys, "proc/cpuinfo", HSC_CPUINFO_MAX, -1);
    cpu->cpu_speed = text ? hsc_parse_cpuinfo_mhz(text) : 0;
    if (!cpu->cpu_speed) {
        char khz[32];
        const char *p = khz;
        uint64_t v;
        if (sysroot_read_small(&c->sys, "sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq",
                           khz, sizeof khz)
            && hsc_scan_u64(&p, &v)) {
            cpu->cpu_speed = (uint32_t) (v / 1000);
        }
    }
    c->cpu_mhz = cpu->cpu_speed;
    return true;
}
