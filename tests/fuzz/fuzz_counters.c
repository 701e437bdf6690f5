/* Fuzz target for the host counter parsers. The first byte picks the parser
 * (the file it reads), the rest is that file's text. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "counters/counters_cpu.h"
#include "counters/counters_descr.h"
#include "counters/counters_disk.h"
#include "counters/counters_ifaces.h"
#include "counters/counters_memory.h"
#include "counters/counters_mib2.h"
#include "counters/counters_mounts.h"
#include "counters/counters_netdev.h"
#include "counters/counters_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
fuzz_statvfs(const char *path, struct statvfs *st)
{
    /* Sizes from the path, so that every branch of the sums is reached. */
    size_t n = strlen(path);
    memset(st, 0, sizeof *st);
    st->f_frsize = n % 3 ? 4096 : 0;
    st->f_bsize = 512;
    st->f_blocks = n % 2 ? UINT64_MAX / (n + 1) : n * 1000;
    st->f_bfree = st->f_blocks / (n % 7 + 1);
    st->f_bavail = st->f_bfree / 2;
    return n % 5 == 0 ? -1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';

    union {
        struct sflow_host_descr descr;
        struct sflow_host_cpu cpu;
        struct sflow_host_memory mem;
        struct sflow_host_disk_io disk;
        struct sflow_host_net_io net;
        struct sflow_if_counters ifc;
    } u;
    struct sflow_mib2_ip ip;
    struct sflow_mib2_icmp icmp;
    struct sflow_mib2_tcp tcp;
    struct sflow_mib2_udp udp;
    struct hsc_netdev nd;
    uint8_t bytes[16];
    uint32_t v32;
    const char disks[][32] = { "sda", "nvme0n1" };
    memset(&u, 0, sizeof u);

    switch (data[0] % 12) {
    case 0:
        hsc_parse_hostname(text, &u.descr);
        hsc_parse_osrelease(text, &u.descr);
        break;
    case 1:
        hsc_parse_machine_id(text, bytes);
        hsc_parse_dmi_uuid(text, bytes);
        hsc_machine_type(text);
        break;
    case 2:
        hsc_parse_loadavg(text, &u.cpu);
        hsc_parse_uptime(text, &v32);
        break;
    case 3:
        hsc_parse_stat(text, (long) size % 1000, &u.cpu);
        break;
    case 4:
        hsc_parse_cpuinfo_mhz(text);
        break;
    case 5:
        hsc_parse_meminfo(text, &u.mem);
        hsc_parse_vmstat(text, &u.mem);
        break;
    case 6:
        hsc_parse_diskstats(text, &u.disk);
        hsc_disk_counts(text, disks, 2);
        break;
    case 7:
        hsc_parse_mounts(text, "/fuzz", fuzz_statvfs, &u.disk);
        break;
    case 8:
        for (const char *p = text; *p; p = hsc_next_line(p)) {
            if (hsc_parse_netdev_line(p, &nd)) {
                hsc_netdev_add_net_io(&nd, &u.net);
                hsc_netdev_to_if_counters(&nd, &u.ifc);
            }
        }
        break;
    case 9:
        hsc_parse_snmp(text, &ip, &icmp, &tcp, &udp);
        break;
    case 10:
        hsc_parse_mac(text, bytes);
        hsc_parse_speed(text);
        break;
    default: {
        char line[8];
        hsc_first_line(text, line, sizeof line);
        break;
    }
    }
    free(text);
    return 0;
}
