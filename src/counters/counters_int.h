/* counters_int: what the counter readers share inside libcounters, and the
 * pure parsers that the unit tests and the fuzz target call directly.
 *
 * Each parser takes the NUL-terminated text of one whole file and fills a
 * record from it without allocating. Numbers are decimal; a value that does
 * not fit its field wraps (64-bit fields modulo 2^64, 32-bit fields keep the
 * low 32 bits), as the kernel's own counters do. Lines that do not parse are
 * skipped. A parser returns false when the text lacks what the record needs;
 * the record is then left out. */
#ifndef COUNTERS_INT_H
#define COUNTERS_INT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/statvfs.h>

#include "sflow/sflow.h"

/* ---- number and line scanning (counters_scan.c) --------------------------- */

/* The value of a hex digit, or -1. */
int hsc_hex_digit(char ch);
/* Skips blanks (spaces, tabs) at *P. */
void hsc_skip_blanks(const char **p);
/* Parses an optional '-' and decimal digits at *P after blanks; the value
 * wraps modulo 2^64 (so "-1" gives UINT64_MAX). Advances *P past the number.
 * Returns false (and leaves *P) when no digit follows. */
bool hsc_scan_u64(const char **p, uint64_t *v);
/* Advances P to the start of the next line (past '\n'), or to the final NUL. */
const char *hsc_next_line(const char *p);
/* True if the line at P starts with the word W followed by a blank or ':'
 * (for W ending in ':', just a blank). Sets *REST to what follows W. */
bool hsc_line_word(const char *p, const char *w, const char **rest);
/* Copies the first line of TEXT, without surrounding white space, into OUT of
 * SIZE bytes (truncating). Returns its length (0 if empty). */
size_t hsc_first_line(const char *text, char *out, size_t size);

/* ---- pure parsers, one per file ------------------------------------------ */

/* counters_descr.c */
bool hsc_parse_hostname(const char *text, struct sflow_host_descr *d);
/* /etc/machine-id: 32 hex digits. DMI product_uuid: 8-4-4-4-12 hex digits. */
bool hsc_parse_machine_id(const char *text, uint8_t uuid[16]);
bool hsc_parse_dmi_uuid(const char *text, uint8_t uuid[16]);
/* A machine name ("x86_64", "aarch64", ...) to SFLOW_MT_*. */
uint32_t hsc_machine_type(const char *machine);
bool hsc_parse_osrelease(const char *text, struct sflow_host_descr *d);

/* counters_cpu.c */
bool hsc_parse_loadavg(const char *text, struct sflow_host_cpu *cpu);
/* /proc/stat: cpu times (jiffies at HZ ticks per second, to ms), cpu_num,
 * interrupts, contexts. Needs the aggregate "cpu" line. */
bool hsc_parse_stat(const char *text, long hz, struct sflow_host_cpu *cpu);
bool hsc_parse_uptime(const char *text, uint32_t *seconds);
/* First "cpu MHz" of /proc/cpuinfo, rounded; 0 if absent. */
uint32_t hsc_parse_cpuinfo_mhz(const char *text);

/* counters_memory.c */
bool hsc_parse_meminfo(const char *text, struct sflow_host_memory *m);
void hsc_parse_vmstat(const char *text, struct sflow_host_memory *m);

/* counters_disk.c */
bool hsc_parse_diskstats(const char *text, struct sflow_host_disk_io *d);
/* True if NAME (a /proc/diskstats device) is a whole disk that counts:
 * not a partition of a disk in DISKS (N names), not loop/ram/zram/dm/md/sr/
 * fd/nbd. */
bool hsc_disk_counts(const char *name, const char (*disks)[32], size_t n);

/* counters_mounts.c */
typedef int hsc_statvfs_fn(const char *path, struct statvfs *st);
/* /proc/mounts: for each local file system (a /dev/ source, first mount of
 * each source), calls STATVFS on ROOT + mount point and adds it to D's
 * disk_total, disk_free and part_max_used. Returns the number counted. */
size_t hsc_parse_mounts(const char *text, const char *root, hsc_statvfs_fn *statvfs_fn,
                        struct sflow_host_disk_io *d);

/* counters_netdev.c: one /proc/net/dev line. */
struct hsc_netdev {
    char name[32];
    uint64_t rx_bytes, rx_packets, rx_errs, rx_drop, rx_fifo, rx_frame, rx_compressed,
        rx_multicast;
    uint64_t tx_bytes, tx_packets, tx_errs, tx_drop, tx_fifo, tx_colls, tx_carrier,
        tx_compressed;
};
/* Parses the line at P into *D; false for the header lines and malformed
 * lines. */
bool hsc_parse_netdev_line(const char *p, struct hsc_netdev *d);
void hsc_netdev_add_net_io(const struct hsc_netdev *d, struct sflow_host_net_io *io);
void hsc_netdev_to_if_counters(const struct hsc_netdev *d, struct sflow_if_counters *ifc);

/* counters_mib2.c: /proc/net/snmp. Returns a mask of the groups found:
 * bit 0 Ip, 1 Icmp, 2 Tcp, 3 Udp. */
enum { HSC_MIB2_IP = 1, HSC_MIB2_ICMP = 2, HSC_MIB2_TCP = 4, HSC_MIB2_UDP = 8 };
unsigned hsc_parse_snmp(const char *text, struct sflow_mib2_ip *ip, struct sflow_mib2_icmp *icmp,
                        struct sflow_mib2_tcp *tcp, struct sflow_mib2_udp *udp);

/* ---- interfaces under <root>/sys/class/net (counters_ifaces.c) ------------ */

enum hsc_if_kind {
    HSC_IF_VIRTUAL,     /* tap, veth, vif, ifb, OVS internal ports, ... */
    HSC_IF_PHYSICAL,    /* has a `device` link: a NIC (virtio counts) */
    HSC_IF_BRIDGE,      /* Linux bridge (`bridge/`) */
    HSC_IF_BOND,        /* bonding master (`bonding/`) */
};

/* One interface; owned by struct hscounters' interface table. */
struct hsc_iface {
    char name[32];
    uint32_t ifindex;
    uint32_t type;          /* ARPHRD_* from `type` */
    uint32_t flags;         /* IFF_* from `flags` */
    enum hsc_if_kind kind;
    bool has_mac;
    uint8_t mac[6];
};

/* `address` text "aa:bb:cc:dd:ee:ff" to 6 bytes; false if malformed. */
bool hsc_parse_mac(const char *text, uint8_t mac[6]);
/* `speed` text in Mb/s to b/s; -1, empty or garbage give 0. */
uint64_t hsc_parse_speed(const char *text);

/* ---- the reader state (counters.c) ---------------------------------------- */

/* host_adaptors lists at most this many, so that the host sample fits a
 * default datagram (16 bytes each). */
#define HSC_MAX_ADAPTORS 32

/* Owned by the caller of hscounters_create; everything inside is owned by
 * it and freed by hscounters_destroy. */
struct hscounters {
    char *root;             /* sysroot, no trailing '/' ("" for "/") */
    bool live;              /* sysroot is "/" */
    long hz;                /* USER_HZ for /proc/stat */
    hsc_statvfs_fn *statvfs_fn; /* NULL: skip file system sizes */
    char *buf;              /* file read buffer, NUL-terminated */
    size_t buf_cap;
    uint32_t missing;       /* bit per HSC_SRC_*: logged as missing */
    struct hsc_iface *ifs;  /* interfaces of the last scan */
    size_t n_ifs, cap_ifs;
    /* What the last host_adaptors record points to; only that reader
     * writes it, so an interface poll in between leaves it intact. */
    struct sflow_adaptor adaptors[HSC_MAX_ADAPTORS];
};

/* Sources whose absence is logged once. */
enum {
    HSC_SRC_HOSTNAME, HSC_SRC_OSRELEASE, HSC_SRC_UUID, HSC_SRC_NET, HSC_SRC_LOADAVG,
    HSC_SRC_STAT, HSC_SRC_MEMINFO, HSC_SRC_VMSTAT, HSC_SRC_DISKSTATS, HSC_SRC_MOUNTS,
    HSC_SRC_NETDEV, HSC_SRC_SNMP, HSC_SRC_ADAPTORS_CAP,
};

/* Reads <root>/REL into c->buf (whole file, at most MAX bytes, NUL-terminated;
 * MAX 0 = up to the size limit). Returns the text, or NULL if it cannot be
 * read; when SRC >= 0, a failure is logged once per source. */
const char *hsc_read(struct hscounters *c, const char *rel, size_t max, int src);
/* Same into a caller's small buffer (sysfs attributes); no logging. */
bool hsc_read_small(const struct hscounters *c, const char *rel, char *out, size_t size);
/* Same for a whole PATH. */
bool hsc_read_path(const char *path, char *out, size_t size);
/* Concatenates A, B and C into OUT of SIZE bytes; returns the length, or 0
 * (and an empty OUT) when it does not fit. */
#define HSC_PATH_MAX 4096
size_t hsc_join(char *out, size_t size, const char *a, const char *b, const char *c);
/* Notes that SRC was read fine again (so a later failure is logged). */
void hsc_source_ok(struct hscounters *c, int src);
/* Logs once (until hsc_source_ok) that SRC is missing; SRC < 0: never. */
void hsc_source_missing(struct hscounters *c, int src, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The record fillers, one per file; each returns false to leave its record
 * out. */
bool hsc_read_host_descr(struct hscounters *c, struct sflow_host_descr *d);
bool hsc_read_host_cpu(struct hscounters *c, struct sflow_host_cpu *cpu);
bool hsc_read_host_memory(struct hscounters *c, struct sflow_host_memory *m);
bool hsc_read_host_disk_io(struct hscounters *c, struct sflow_host_disk_io *d);
/* Rescans <root>/sys/class/net into c->ifs. */
bool hsc_scan_ifaces(struct hscounters *c);
/* The interface called NAME in the last scan, or NULL. */
const struct hsc_iface *hsc_find_iface(const struct hscounters *c, const char *name);
/* Fills the sysfs part of C's if_counters for IFC (ifIndex, ifType, speed,
 * direction, status, promiscuous mode). */
void hsc_iface_fill_if_counters(const struct hscounters *c, const struct hsc_iface *ifc,
                                struct sflow_if_counters *out);
bool hsc_read_host_adaptors(struct hscounters *c, struct sflow_host_adaptors *a);
bool hsc_read_host_net_io(struct hscounters *c, struct sflow_host_net_io *io);
unsigned hsc_read_mib2(struct hscounters *c, struct sflow_mib2_ip *ip, struct sflow_mib2_icmp *icmp,
                       struct sflow_mib2_tcp *tcp, struct sflow_mib2_udp *udp);
size_t hsc_read_if_counters(struct hscounters *c, struct sflow_counter_rec *recs, size_t max);

/* Test hooks: the clock tick rate for /proc/stat, and the statvfs used for
 * file system sizes (NULL = none). The defaults are sysconf(_SC_CLK_TCK),
 * and statvfs(3) for "/" but none for any other sysroot, so that a recorded
 * sysroot gives the same records on every machine. */
void hscounters_set_clock_ticks(struct hscounters *c, long hz);
void hscounters_set_statvfs(struct hscounters *c, hsc_statvfs_fn *fn);

#endif
