/* counters_memory: host_memory (2004).
 *
 *   <root>/proc/meminfo   MemTotal, MemFree, Shmem, Buffers, Cached,
 *                         SwapTotal, SwapFree in kB -> bytes; required, and
 *                         MemTotal must be there
 *   <root>/proc/vmstat    pgpgin, pgpgout, pswpin, pswpout (0 when absent) */
#include <config.h>

#include <stddef.h>
#include <string.h>

#include "counters/counters_memory.h"
#include "counters/counters_scan.h"
#include "counters/counters_state.h"

bool
hsc_parse_meminfo(const char *text, struct sflow_host_memory *m)
{
    static const struct {
        const char *name;
        size_t off;
    } fields[] = {
        { "MemTotal:", offsetof(struct sflow_host_memory, mem_total) },
        { "MemFree:", offsetof(struct sflow_host_memory, mem_free) },
        { "Shmem:", offsetof(struct sflow_host_memory, mem_shared) },
        { "Buffers:", offsetof(struct sflow_host_memory, mem_buffers) },
        { "Cached:", offsetof(struct sflow_host_memory, mem_cached) },
        { "SwapTotal:", offsetof(struct sflow_host_memory, swap_total) },
        { "SwapFree:", offsetof(struct sflow_host_memory, swap_free) },
    };
    const unsigned all = (1u << (sizeof fields / sizeof fields[0])) - 1;
    unsigned have = 0;
    /* Stops once every field is seen: they all come early in the file. */
    for (const char *p = text; *p && have != all; p = hsc_next_line(p)) {
        size_t len = strcspn(p, ":\n");
        if (p[len] != ':') {
            continue;
        }
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
            const char *rest = p + len + 1;
            uint64_t kb;
            if (!(have & (1u << i)) && !strncmp(p, fields[i].name, len + 1)
                && hsc_scan_u64(&rest, &kb)) {
                uint64_t bytes = kb * 1024;     /* wraps like the fields do */
                memcpy((char *) m + fields[i].off, &bytes, sizeof bytes);
                have |= 1u << i;
                break;
            }
        }
    }
    return have & 1;
}

size_t
hsc_parse_vmstat(const char *text, struct sflow_host_memory *m)
{
    unsigned have = 0;
    const char *p;
    for (p = text; *p && have != 15; p = hsc_next_line(p)) {
        const char *rest;
        uint64_t v;
        if (p[0] != 'p' || (p[1] != 'g' && p[1] != 's')) {
            continue;                   /* cheap filter: pg... and ps... only */
        }
        if (hsc_line_word(p, "pgpgin", &rest) && hsc_scan_u64(&rest, &v)) {
            m->page_in = (uint32_t) v;
            have |= 1;
        } else if (hsc_line_word(p, "pgpgout", &rest) && hsc_scan_u64(&rest, &v)) {
            m->page_out = (uint32_t) v;
            have |= 2;
        } else if (hsc_line_word(p, "pswpin", &rest) && hsc_scan_u64(&rest, &v)) {
            m->swap_in = (uint32_t) v;
            have |= 4;
        } else if (hsc_line_word(p, "pswpout", &rest) && hsc_scan_u64(&rest, &v)) {
            m->swap_out = (uint32_t) v;
            have |= 8;
        }
    }
    return have == 15 ? (size_t) (p - text) : 0;
}

/* /proc/vmstat's four counters come about 75 lines into its ~190: on the
 * live path the file is read only that far (the kernel then formats
 * fewer lines, and the read that would see the end is not needed). The
 * length is learned from a whole read, with room for the lines before
 * them to grow; a prefix that lacks one of them is read again whole. */
#define HSC_VMSTAT_SLACK 512

static void
hsc_read_vmstat(struct hscounters *c, struct sflow_host_memory *m)
{
    if (c->vmstat_prefix) {
        const char *text = sysroot_read(&c->sys, "proc/vmstat", c->vmstat_prefix, HSC_SRC_VMSTAT);
        if (!text) {
            return;
        }
        /* Only whole lines: the read may end inside one. */
        const char *nl = strrchr(text, '\n');
        size_t len = nl ? (size_t) (nl - text) + 1 : 0;
        c->sys.buf[len] = '\0';
        struct sflow_host_memory tmp = *m;
        size_t end = hsc_parse_vmstat(text, &tmp);
        if (end) {
            *m = tmp;
            c->vmstat_prefix = end + HSC_VMSTAT_SLACK;
            return;
        }
    }
    const char *text = sysroot_read(&c->sys, "proc/vmstat", 0, HSC_SRC_VMSTAT);
    if (text) {
        size_t end = hsc_parse_vmstat(text, m);
        if (c->sys.live && c->ift) {
            c->vmstat_prefix = end ? end + HSC_VMSTAT_SLACK : 0;
        }
    }
}

bool
hsc_read_host_memory(struct hscounters *c, struct sflow_host_memory *m)
{
    const char *text = sysroot_read(&c->sys, "proc/meminfo", 0, HSC_SRC_MEMINFO);
    if (!text || !hsc_parse_meminfo(text, m)) {
        return false;
    }
    hsc_read_vmstat(c, m);
    return true;
}
