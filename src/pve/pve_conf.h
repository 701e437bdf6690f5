/* pve_conf: the facts hsflowd needs from one Proxmox VE guest config,
 * /etc/pve/local/qemu-server/<vmid>.conf or /etc/pve/local/lxc/<ctid>.conf.
 * Pure: text in, struct out.
 *
 * Format: one `key: value` a line; `#` lines are comments (the guest's
 * description); blank lines are skipped; a line starting with `[` opens a
 * snapshot (or pending) section, and that line and everything after it are
 * ignored, since the current config comes first. Keys read:
 *
 *   VM (qemu-server)            container (lxc)
 *   name: vm1                   hostname: ct1
 *   smbios1: uuid=U,...         (no UUID: see pve_uuid_name)
 *   ostype: l26|win10|...       ostype: debian|alpine|...
 *   arch: x86_64|aarch64        arch: amd64|arm64|...
 *   memory: [current=]MiB       memory: MiB
 *   cores: N  sockets: N  vcpus: N   cores: N
 *   netN: virtio=MAC,bridge=... netN: name=eth0,hwaddr=MAC,...
 *                               rootfs: VOLUME,size=8G
 *                               mpN: VOLUME,mp=/path,size=32G
 *
 * Other keys are ignored. Every file is hostile: the file and each line are
 * bounded, a line that is not `key: value`, a key read here given twice, a
 * value out of range or malformed is an error "FILE:LINE: what".
 *
 * Ownership: struct pve_conf is a plain value; it owns no heap memory. */
#ifndef PVE_CONF_H
#define PVE_CONF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PVE_CONF_MAX_FILE (1u << 20)
#define PVE_CONF_MAX_LINE 8192
#define PVE_CONF_MAX_NETS 32            /* net0 .. net31 */
#define PVE_CONF_NAME_MAX 64
#define PVE_CONF_MAX_MPS 256           /* mp0 .. mp255 */

enum pve_kind { PVE_QEMU, PVE_LXC };

struct pve_net {
    uint32_t index;                     /* N of netN */
    bool has_mac;
    uint8_t mac[6];
};

struct pve_conf {
    char name[PVE_CONF_NAME_MAX + 1];   /* name: / hostname:, "" if none */
    bool has_uuid;                      /* smbios1: uuid= (VMs only) */
    uint8_t uuid[16];
    uint32_t os_name;                   /* SFLOW_OS_* from ostype: */
    uint32_t machine_type;              /* SFLOW_MT_* from arch: (x86_64 if none) */
    uint64_t memory_mib;                /* memory:, default 512 */
    uint32_t cores, sockets, vcpus;     /* 0 = not given */
    size_t n_nets;                      /* in the order of the file */
    struct pve_net nets[PVE_CONF_MAX_NETS];
    uint64_t disk_bytes;                /* containers: rootfs: and mpN: size=, summed
                                         * (K/M/G/T = 2^10.., none = bytes); a bind
                                         * mount has no size and counts 0 */
};

/* Parses LEN bytes of TEXT (need not be NUL-terminated) as a config of KIND.
 * FILE is used in messages only. Returns false with *ERR a malloc'd
 * "FILE:LINE: what is wrong" (caller frees); OUT is then unspecified. */
bool pve_conf_parse(enum pve_kind kind, const char *file, const char *text, size_t len,
                    struct pve_conf *out, char **err);

/* The guest's vCPUs: a VM's vcpus, else cores x sockets (each 1 when not
 * given); a container's cores, else HOST_CPUS (it may use them all). */
uint32_t pve_conf_vcpus(enum pve_kind kind, const struct pve_conf *c, uint32_t host_cpus);

/* SFLOW_OS_* for an ostype value of KIND. */
uint32_t pve_conf_os(enum pve_kind kind, const char *ostype);

#endif
