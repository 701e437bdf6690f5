/* xen_parse: the pure parsers of the Xen module, for what dom0 exposes about
 * its guests: tapdisk3's binary statistics files (/dev/shm), blkback's sysfs
 * counters, device names (vbd-D-N, vbd3-D-N, vifD.N) and xenstore values
 * (guest names, MACs). All input is hostile: every function checks lengths
 * and says why it refused. Pure; fuzzed by tests/fuzz/fuzz_xen_stats.c.
 *
 * The binary layouts (little-endian, x86_64 alignment; blktap3 sources):
 *   /dev/shm/vbd3-D-N/statistics (struct blkback_stats, include/blktap3.h):
 *     14 u64: ds_req f_req oo_req rd_req rd_cnt rd_sect rd_sum_usecs
 *     rd_max_usecs wr_req wr_cnt wr_sect wr_sum_usecs wr_max_usecs flags;
 *     older tapdisks lack flags (104 bytes). The file is one page.
 *   /dev/shm/td3-PID/vbd-D-N (struct stats, drivers/tapdisk-metrics-stats.h):
 *     u32 version (1) + 4 bytes padding, then u64 oo_reqs
 *     read_reqs_submitted read_reqs_completed read_sectors read_total_ticks
 *     write_reqs_submitted write_reqs_completed write_sectors
 *     write_total_ticks io_errors flags (96 bytes). */
#ifndef XEN_PARSE_H
#define XEN_PARSE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XEN_SECTOR_BYTES 512u
#define XEN_VBD3_MIN 104u               /* blkback_stats without flags */
#define XEN_VBD3_MAX 4096u              /* the page tapdisk maps */
#define XEN_TD3_SIZE 96u
#define XEN_TD3_MAX 4096u

/* One disk's (or one guest's summed) counters. */
struct xen_disk {
    uint64_t rd_req, rd_bytes, wr_req, wr_bytes, errs;
};

/* Adds B to A. */
void xen_disk_add(struct xen_disk *a, const struct xen_disk *b);

/* /dev/shm/vbd3-D-N/statistics: requests, sectors x 512, oo_req as errors.
 * False with *WHY set when LEN is not 104..4096 bytes. */
bool xen_parse_vbd3(const uint8_t *buf, size_t len, struct xen_disk *d, const char **why);
/* /dev/shm/td3-PID/vbd-D-N: submitted requests, sectors x 512, io_errors.
 * False with *WHY set when too short, too long or not version 1. */
bool xen_parse_td3(const uint8_t *buf, size_t len, struct xen_disk *d, const char **why);
/* blkback's sysfs files: one decimal number and a newline. */
bool xen_parse_number(const char *text, uint64_t *v);

/* "PREFIX<domid>SEP<devid>" with both decimal (no sign, no leading junk,
 * domid <= 65535, devid <= UINT32_MAX), e.g. ("vbd3-", '-') for
 * "vbd3-3-51712", ("vif", '.') for "vif3.0". */
bool xen_parse_devname(const char *name, const char *prefix, char sep, uint32_t *domid,
                       uint32_t *devid);

/* A guest name from xenstore (LEN bytes, NUL-terminated): 1..64 bytes of
 * UTF-8 without control characters or NUL. False with *WHY set. */
bool xen_check_name(const char *v, size_t len, const char **why);
/* A MAC from xenstore: "aa:bb:cc:dd:ee:ff". */
bool xen_parse_mac(const char *v, size_t len, uint8_t mac[6]);

#endif
