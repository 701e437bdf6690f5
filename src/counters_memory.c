/* counters_memory: host_memory (2004).
 *
 *   <root>/proc/meminfo   MemTotal, MemFree, Shmem, Buffers, Cached,
 *                         SwapTotal, SwapFree in kB -> bytes; required, and
 *                         MemTotal must be there
 *   <root>/proc/vmstat    pgpgin, pgpgout, pswpin, pswpout (0 when absent) */
#include <config.h>

#include <stddef.h>
#include <string.h>

#include "counters_int.h"

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
    bool have_total = false;
    for (const char *p = text; *p; p = hsc_next_line(p)) {
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
            const char *rest;
            uint64_t kb;
            if (hsc_line_word(p, fields[i].name, &rest) && hsc_scan_u64(&rest, &kb)) {
                uint64_t bytes = kb * 1024;     /* wraps like the fields do */
                memcpy((char *) m + fields[i].off, &bytes, sizeof bytes);
                have_total |= i == 0;
                break;
            }
        }
    }
    return have_total;
}

void
hsc_parse_vmstat(const char *text, struct sflow_host_memory *m)
{
    for (const char *p = text; *p; p = hsc_next_line(p)) {
        const char *rest;
        uint64_t v;
        if (p[0] != 'p') {
            continue;                   /* cheap filter: all four start with p */
        }
        if (hsc_line_word(p, "pgpgin", &rest) && hsc_scan_u64(&rest, &v)) {
            m->page_in = (uint32_t) v;
        } else if (hsc_line_word(p, "pgpgout", &rest) && hsc_scan_u64(&rest, &v)) {
            m->page_out = (uint32_t) v;
        } else if (hsc_line_word(p, "pswpin", &rest) && hsc_scan_u64(&rest, &v)) {
            m->swap_in = (uint32_t) v;
        } else if (hsc_line_word(p, "pswpout", &rest) && hsc_scan_u64(&rest, &v)) {
            m->swap_out = (uint32_t) v;
        }
    }
}

bool
hsc_read_host_memory(struct hscounters *c, struct sflow_host_memory *m)
{
    const char *text = hsc_read(c, "proc/meminfo", 0, HSC_SRC_MEMINFO);
    if (!text || !hsc_parse_meminfo(text, m)) {
        return false;
    }
    text = hsc_read(c, "proc/vmstat", 0, HSC_SRC_VMSTAT);
    if (text) {
        hsc_parse_vmstat(text, m);
    }
    return true;
}
