/* pve_sys: what the Proxmox module reads from the host besides the guest
 * configs and QMP: QEMU pid files and processes (/proc/PID), container
 * cgroups (v2 and v1), and the host side of guest interfaces (/proc/net/dev,
 * /sys/class/net/DEV/ifindex). Every reader takes its root as a parameter
 * (hsflowd's sysroot, or the cgroup mount), so tests feed recorded trees.
 * The parsers are pure and exported for the unit tests.
 *
 * Ownership: struct pve_netdevs owns its array (pve_netdevs_destroy). */
#ifndef PVE_SYS_H
#define PVE_SYS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "counters/counters_netdev.h"
#include "counters/counters_scan.h"

/* ---- QEMU processes -------------------------------------------------------- */

/* A pid file's text: a decimal pid 1-4194304, optional white space. */
bool pve_sys_parse_pid(const char *text, uint32_t *pid);
/* True if ARGV (LEN bytes of NUL-separated /proc/PID/cmdline) has
 * "-pidfile" followed by a path whose last component is PIDFILE_NAME. */
bool pve_sys_cmdline_has_pidfile(const char *argv, size_t len, const char *pidfile_name);

struct pve_proc_stat {
    char state;                 /* R, S, D, T (stopped), t, Z ... */
    uint64_t cpu_ms;            /* utime + stime */
    uint64_t rss_bytes;
};
/* /proc/PID/stat (the command name may hold spaces and ')'). */
bool pve_sys_parse_stat(const char *text, long hz, long page_size, struct pve_proc_stat *st);

/* The QEMU of VMID: reads PIDFILE, checks that the process lives under
 * SYSROOT/proc and was started with that pid file, and reads its stat.
 * False when it does not run (no pid file, no such process, another
 * program under that pid). */
bool pve_sys_qemu(const char *sysroot, const char *pidfile, const char *pidfile_name,
                  uint32_t *pid, struct pve_proc_stat *st);

/* ---- container cgroups -------------------------------------------------------- */

struct pve_cgroup {
    bool v2;                    /* the unified hierarchy (else v1 controllers) */
    bool populated;             /* has processes: the container runs */
    bool frozen;
    bool has_cpu;
    uint64_t cpu_ns;            /* v2 cpu.stat usage_usec, v1 cpuacct.usage */
    bool has_memory;
    uint64_t memory_bytes;      /* v2 memory.current, v1 memory.usage_in_bytes */
};
/* v2: "populated N" and "frozen N" lines of cgroup.events. */
void pve_cgroup_parse_events(const char *text, struct pve_cgroup *cg);
/* v2: the "usage_usec N" line of cpu.stat, in ns. */
bool pve_cgroup_parse_cpu_stat(const char *text, uint64_t *ns);
/* A file holding one decimal number (cpuacct.usage, memory.current...). */
bool pve_cgroup_parse_number(const char *text, uint64_t *v);

/* Reads container CTID under the cgroup mount ROOT: v2 (ROOT/cgroup.controllers
 * exists) at ROOT/lxc/CTID/, else v1 at ROOT/<controller>/lxc/CTID/
 * (cpuacct or cpu,cpuacct; memory; freezer). False when the container has no
 * cgroup (not running). */
bool pve_cgroup_read(const char *root, uint32_t ctid, struct pve_cgroup *cg);

/* ---- host side of guest interfaces ------------------------------------------- */

struct pve_netdevs {
    struct hsc_netdev *devs;
    size_t n, cap;
};
/* Reads SYSROOT/proc/net/dev (replacing what ND held). False if unreadable. */
bool pve_netdevs_read(struct pve_netdevs *nd, const char *sysroot);
/* Parses the text of /proc/net/dev into ND. */
void pve_netdevs_parse(struct pve_netdevs *nd, const char *text);
const struct hsc_netdev *pve_netdevs_find(const struct pve_netdevs *nd, const char *name);
void pve_netdevs_destroy(struct pve_netdevs *nd);
/* SYSROOT/sys/class/net/NAME/ifindex, 0 if unknown. */
uint32_t pve_sys_ifindex(const char *sysroot, const char *name);

/* Reads a small file ROOT + REL (bounded to MAX bytes) into a malloc'd
 * NUL-terminated string, or NULL (caller frees). */
char *pve_sys_read(const char *root, const char *rel, size_t max, size_t *len);

#endif
