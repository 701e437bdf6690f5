/* hspve: per-VM and per-container counters on a Proxmox VE host, without
 * libvirt. Proxmox runs each VM as a plain QEMU process (qemu-server) and
 * each container with LXC; hspve reads what they leave on the host:
 *
 *   CONFIG/qemu-server/<vmid>.conf, CONFIG/lxc/<ctid>.conf   (pve_conf)
 *   RUN/<vmid>.pid and /proc/PID: which VMs run, their CPU time and RSS
 *   RUN/<vmid>.qmp: QMP status, balloon, block stats and sizes (pve_qmp)
 *   CGROUP/lxc/<ctid>/ (v2) or CGROUP/<ctrl>/lxc/<ctid>/ (v1): which
 *     containers run, their CPU time, memory and freezer state
 *   /proc/net/dev, /sys/class/net: tap<vmid>i<n> and veth<ctid>i<n>
 *
 * Every running VM (pid file + live QEMU started with it) and every running
 * container is data source 3:N with N its VMID/CTID, with the records of the
 * libvirt module (sflow_guest). hspve_poll() starts a polling cycle: the
 * containers are sent at once, each VM when its QEMU has answered on QMP;
 * hspve_run() moves the QMP exchanges on, never blocking, and a QEMU that
 * has not answered by its deadline is left out of that poll (logged once
 * until it answers again). A guest whose config is malformed is left out
 * and logged ("FILE:LINE: what"); the others go on.
 *
 * Ownership: the caller owns struct hspve (hspve_destroy). The sample passed
 * to EMIT belongs to hspve and is valid only during the call. */
#ifndef HSPVE_H
#define HSPVE_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common/poll_loop.h"
#include "sflow/sflow.h"

#define HSPVE_DEFAULT_CONFIG_DIR "/etc/pve/local"
#define HSPVE_DEFAULT_RUN_DIR "/var/run/qemu-server"
#define HSPVE_DEFAULT_CGROUP_DIR "/sys/fs/cgroup"
#define HSPVE_DEFAULT_TIMEOUT_MS 2000
#define HSPVE_MAX_OPEN 32               /* QMP sockets open at once */

struct hspve_options {
    const char *config_dir;             /* holds qemu-server/ and lxc/ */
    const char *run_dir;                /* QEMU pid files and QMP sockets */
    const char *cgroup_dir;             /* the cgroup mount */
    const char *sysroot;                /* /proc and /sys under it ("/") */
    long long timeout_ms;               /* per QMP exchange */
};

/* What hspve needs from the host's own counters. */
struct hspve_host {
    uint8_t uuid[16];                   /* namespace of the containers' UUIDs */
    uint32_t cpus;                      /* a container without cores: may use all */
};

typedef void hspve_emit_fn(void *aux, const struct sflow_counters_sample *s);

struct hspve;
/* Copies the options. */
struct hspve *hspve_create(const struct hspve_options *opts);
void hspve_destroy(struct hspve *p);
/* Starts a polling cycle (ending what is left of the last one: those VMs are
 * skipped). Emits each running container; returns the number of running
 * guests (VMs and containers), for virt_node. */
uint32_t hspve_poll(struct hspve *p, long long now, const struct hspve_host *host,
                    hspve_emit_fn *emit, void *aux);
/* Moves the QMP exchanges on; emits each VM whose answers are complete. */
void hspve_run(struct hspve *p, long long now, hspve_emit_fn *emit, void *aux);
void hspve_wait(struct hspve *p, struct poll_loop *loop);
/* True while exchanges of the current cycle are under way or queued. */
bool hspve_busy(const struct hspve *p);
/* Writes, for an operator: guests running at the last poll, samples sent,
 * VMs left out and configs rejected so far. */
void hspve_show(const struct hspve *p, FILE *out);

#endif
