/* hspve: the Proxmox VE module (see hspve.h).
 *
 * A polling cycle: list CONFIG/qemu-server and CONFIG/lxc; for each VM whose
 * QEMU runs, read its config, process, tap counters into a struct
 * sflow_guest and queue a QMP exchange; for each container whose cgroup has
 * processes, read its config, cgroup (CPU, memory, block I/O) and veth
 * counters and emit it. The QMP
 * exchanges then run side by side (at most HSPVE_MAX_OPEN sockets at once)
 * from hspve_run(); each VM is emitted when its exchange is DONE.
 *
 * Each VM slot: QUEUED (exchange not started) -> ASKING (pve_qmp under way)
 * -> emitted or skipped; a new cycle skips whatever is left. */
#include <config.h>

#include "pve/hspve.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/logonce.h"
#include "common/util.h"
#include "pve/pve_cgio.h"
#include "pve/pve_conf.h"
#include "pve/pve_qmp.h"
#include "pve/pve_sys.h"
#include "pve/pve_uuid.h"
#include "sflow/sflow_guest.h"

#define MAX_GUEST_ID 999999999u

enum vm_slot_state { SLOT_QUEUED, SLOT_ASKING, SLOT_FINISHED };

/* One running VM of the current cycle. Owned by struct hspve. */
struct vm_slot {
    uint32_t vmid;
    enum vm_slot_state state;
    uint64_t rss_bytes;
    struct sflow_guest guest;           /* all but state, memory, disk */
    struct pve_qmp qmp;
};

/* Owned by the caller of hspve_create(); owns the option copies, the slots,
 * the netdev table and the log memory. */
struct hspve {
    char *qemu_dir, *lxc_dir, *run_dir, *cgroup_dir, *sysroot;
    long long timeout_ms;
    struct vm_slot *slots;
    size_t n_slots, cap_slots;
    size_t next_queued;                 /* slots below it have been started */
    size_t n_open;
    struct pve_netdevs netdevs;
    struct sflow_guest scratch;         /* containers */
    struct logonce logonce;
    /* For operators (hspve_show). */
    size_t last_vms, last_cts;          /* running at the last poll */
    unsigned long vms_sent, cts_sent, qmp_missed, conf_errors, io_errors;
};

struct hspve *
hspve_create(const struct hspve_options *o)
{
    struct hspve *p = xzalloc(sizeof *p);
    const char *cfg = o->config_dir ? o->config_dir : HSPVE_DEFAULT_CONFIG_DIR;
    p->qemu_dir = xasprintf("%s/qemu-server", cfg);
    p->lxc_dir = xasprintf("%s/lxc", cfg);
    p->run_dir = xstrdup(o->run_dir ? o->run_dir : HSPVE_DEFAULT_RUN_DIR);
    p->cgroup_dir = xstrdup(o->cgroup_dir ? o->cgroup_dir : HSPVE_DEFAULT_CGROUP_DIR);
    p->sysroot = xstrdup(o->sysroot ? o->sysroot : "/");
    p->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : HSPVE_DEFAULT_TIMEOUT_MS;
    return p;
}

static void
slots_clear(struct hspve *p)
{
    for (size_t i = 0; i < p->n_slots; i++) {
        pve_qmp_close(&p->slots[i].qmp);
    }
    p->n_slots = 0;
    p->next_queued = 0;
    p->n_open = 0;
}

void
hspve_destroy(struct hspve *p)
{
    if (!p) {
        return;
    }
    slots_clear(p);
    free(p->slots);
    pve_netdevs_destroy(&p->netdevs);
    logonce_destroy(&p->logonce);
    free(p->qemu_dir);
    free(p->lxc_dir);
    free(p->run_dir);
    free(p->cgroup_dir);
    free(p->sysroot);
    free(p);
}

bool
hspve_busy(const struct hspve *p)
{
    for (size_t i = 0; i < p->n_slots; i++) {
        if (p->slots[i].state != SLOT_FINISHED) {
            return true;
        }
    }
    return false;
}

/* ---- listing ---------------------------------------------------------------- */

/* "<id>.conf" with id 1-999999999 (no leading zero): the id, else 0. */
static uint32_t
conf_id(const char *name)
{
    const char *dot = strchr(name, '.');
    if (!dot || strcmp(dot, ".conf") || dot == name || name[0] == '0' || dot - name > 9) {
        return 0;
    }
    char digits[10];
    memcpy(digits, name, (size_t) (dot - name));
    digits[dot - name] = '\0';
    unsigned long long v;
    return str_to_uint(digits, 1, MAX_GUEST_ID, &v) ? (uint32_t) v : 0;
}

static int
cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
    return (x > y) - (x < y);
}

/* The ids of DIR's <id>.conf files, sorted; *N of them (caller frees). */
static uint32_t *
list_ids(struct hspve *p, const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        char *key = xasprintf("dir:%s", dir);
        if (logonce_first(&p->logonce, key)) {
            log_info("proxmox: no %s; no guests of that kind", dir);
        }
        free(key);
        return NULL;
    }
    uint32_t *ids = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        uint32_t id = conf_id(e->d_name);
        if (!id) {
            continue;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            ids = xreallocarray(ids, cap, sizeof *ids);
        }
        ids[(*n)++] = id;
    }
    closedir(d);
    if (*n) {
        qsort(ids, *n, sizeof *ids, cmp_u32);
    }
    return ids;
}

/* Reads and parses DIR/<id>.conf; false (logged once per distinct error)
 * when it cannot be read or is malformed. */
static bool
read_conf(struct hspve *p, enum pve_kind kind, const char *dir, uint32_t id,
          struct pve_conf *conf)
{
    char *path = xasprintf("%s/%u.conf", dir, id);
    char *err = NULL;
    size_t len = 0;
    char *text = read_file_bounded(path, PVE_CONF_MAX_FILE, &len, &err);
    bool ok = text && pve_conf_parse(kind, path, text, len, conf, &err);
    if (!ok) {
        p->conf_errors++;
        if (logonce_first(&p->logonce, err)) {
            log_warn("proxmox: %s (%s %u left out)", err, kind == PVE_QEMU ? "VM" : "container",
                     id);
        }
        free(err);
    }
    free(text);
    free(path);
    return ok;
}

/* ---- filling a guest ------------------------------------------------------------ */

/* Name, UUID, OS, arch, vCPUs, max memory, adaptors and interface counters
 * (tap<id>i<n> or veth<id>i<n>, seen from the guest). */
static void
fill_from_conf(struct hspve *p, enum pve_kind kind, uint32_t id, const struct pve_conf *c,
               const struct hspve_host *host, struct sflow_guest *g)
{
    sflow_guest_reset(g);
    if (c->name[0]) {
        snprintf(g->descr.hostname, sizeof g->descr.hostname, "%s", c->name);
    } else {
        snprintf(g->descr.hostname, sizeof g->descr.hostname, "%s%u",
                 kind == PVE_QEMU ? "vm" : "ct", id);
    }
    if (c->has_uuid) {
        memcpy(g->descr.uuid, c->uuid, 16);
    } else {
        char name[32];
        snprintf(name, sizeof name, "%s/%u", kind == PVE_QEMU ? "qemu" : "lxc", id);
        pve_uuid_name(host->uuid, name, g->descr.uuid);
    }
    g->descr.machine_type = c->machine_type;
    g->descr.os_name = c->os_name;
    g->cpu.nrVirtCpu = pve_conf_vcpus(kind, c, host->cpus);
    g->memory.maxMemory = c->memory_mib * 1024 * 1024;
    for (size_t i = 0; i < c->n_nets; i++) {
        char dev[32];
        snprintf(dev, sizeof dev, "%s%ui%u", kind == PVE_QEMU ? "tap" : "veth", id,
                 c->nets[i].index);
        if (c->nets[i].has_mac) {
            sflow_guest_add_adaptor(g, pve_sys_ifindex(p->sysroot, dev), c->nets[i].mac);
        }
        const struct hsc_netdev *d = pve_netdevs_find(&p->netdevs, dev);
        if (!d) {
            continue;
        }
        hsc_netdev_add_guest_net_io(d, &g->net);
    }
}

static uint32_t
qemu_state(const char *status)
{
    static const struct {
        const char *status;
        uint32_t state;
    } map[] = {
        { "running", SFLOW_VIRT_RUNNING }, { "paused", SFLOW_VIRT_PAUSED },
        { "prelaunch", SFLOW_VIRT_PAUSED }, { "suspended", SFLOW_VIRT_PMSUSPENDED },
        { "inmigrate", SFLOW_VIRT_PAUSED }, { "postmigrate", SFLOW_VIRT_PAUSED },
        { "finish-migrate", SFLOW_VIRT_PAUSED }, { "save-vm", SFLOW_VIRT_PAUSED },
        { "restore-vm", SFLOW_VIRT_PAUSED }, { "debug", SFLOW_VIRT_PAUSED },
        { "watchdog", SFLOW_VIRT_PAUSED }, { "colo", SFLOW_VIRT_PAUSED },
        { "shutdown", SFLOW_VIRT_SHUTDOWN }, { "guest-panicked", SFLOW_VIRT_CRASHED },
        { "internal-error", SFLOW_VIRT_CRASHED }, { "io-error", SFLOW_VIRT_PAUSED },
    };
    for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
        if (!strcmp(status, map[i].status)) {
            return map[i].state;
        }
    }
    return SFLOW_VIRT_NOSTATE;
}

/* ---- VMs ---------------------------------------------------------------------- */

static void
poll_vm(struct hspve *p, uint32_t vmid, const struct hspve_host *host)
{
    char *pidfile = xasprintf("%s/%u.pid", p->run_dir, vmid);
    char name[24];
    snprintf(name, sizeof name, "%u.pid", vmid);
    uint32_t pid;
    struct pve_proc_stat st;
    bool running = pve_sys_qemu(p->sysroot, pidfile, name, &pid, &st);
    free(pidfile);
    struct pve_conf conf;
    if (!running || !read_conf(p, PVE_QEMU, p->qemu_dir, vmid, &conf)) {
        return;
    }
    if (p->n_slots == p->cap_slots) {
        size_t old = p->cap_slots;
        p->cap_slots = old ? old * 2 : 16;
        p->slots = xreallocarray(p->slots, p->cap_slots, sizeof *p->slots);
        for (size_t i = old; i < p->cap_slots; i++) {
            pve_qmp_init(&p->slots[i].qmp);
        }
    }
    struct vm_slot *s = &p->slots[p->n_slots++];
    s->vmid = vmid;
    s->state = SLOT_QUEUED;
    s->rss_bytes = st.rss_bytes;
    fill_from_conf(p, PVE_QEMU, vmid, &conf, host, &s->guest);
    s->guest.cpu.cpuTime = (uint32_t) st.cpu_ms;
}

/* QUEUED -> ASKING, as long as sockets are free. */
static void
start_queued(struct hspve *p, long long now)
{
    while (p->next_queued < p->n_slots && p->n_open < HSPVE_MAX_OPEN) {
        struct vm_slot *s = &p->slots[p->next_queued++];
        char *path = xasprintf("%s/%u.qmp", p->run_dir, s->vmid);
        pve_qmp_start(&s->qmp, path, now, p->timeout_ms);
        free(path);
        s->state = SLOT_ASKING;
        p->n_open++;
    }
}

/* ASKING -> FINISHED: emits the VM when QMP answered, else logs it once. */
static void
finish_vm(struct hspve *p, struct vm_slot *s, hspve_emit_fn *emit, void *aux)
{
    char key[32];
    snprintf(key, sizeof key, "qmp:%u", s->vmid);
    s->state = SLOT_FINISHED;
    p->n_open--;
    if (s->qmp.state != PVE_QMP_DONE) {
        p->qmp_missed++;
        if (logonce_first(&p->logonce, key)) {
            log_warn("proxmox: VM %u left out of this poll: QMP: %s (logged once until it "
                     "answers again)", s->vmid, s->qmp.error);
        }
        pve_qmp_close(&s->qmp);
        return;
    }
    logonce_forget(&p->logonce, key);
    const struct pve_qmp_result *r = &s->qmp.result;
    struct sflow_guest *g = &s->guest;
    g->cpu.state = qemu_state(r->status);
    g->memory.memory = r->has_balloon ? r->balloon_actual : s->rss_bytes;
    g->disk = r->disk;
    pve_qmp_close(&s->qmp);
    p->vms_sent++;
    emit(aux, sflow_guest_sample(g, s->vmid));
}

void
hspve_run(struct hspve *p, long long now, hspve_emit_fn *emit, void *aux)
{
    start_queued(p, now);
    for (size_t i = 0; i < p->next_queued; i++) {
        struct vm_slot *s = &p->slots[i];
        if (s->state != SLOT_ASKING) {
            continue;
        }
        pve_qmp_run(&s->qmp, now);
        if (pve_qmp_finished(&s->qmp)) {
            finish_vm(p, s, emit, aux);
            start_queued(p, now);
        }
    }
}

void
hspve_wait(struct hspve *p, struct poll_loop *loop)
{
    if (p->next_queued < p->n_slots && p->n_open < HSPVE_MAX_OPEN) {
        poll_loop_immediate_wake(loop);
    }
    for (size_t i = 0; i < p->next_queued; i++) {
        if (p->slots[i].state == SLOT_ASKING) {
            pve_qmp_wait(&p->slots[i].qmp, loop);
        }
    }
}

/* ---- containers ------------------------------------------------------------------ */

/* The block I/O counters of container CTID; false (logged once until they
 * read again) when its cgroup's files are unreadable or malformed. With no
 * files at all (no io/blkio controller there) the counters are 0. */
static bool
read_ct_io(struct hspve *p, uint32_t ctid, bool v2, struct pve_cgio *io)
{
    char key[32];
    snprintf(key, sizeof key, "io:%u", ctid);
    char *err = NULL;
    switch (pve_cgio_read(p->cgroup_dir, ctid, v2, io, &err)) {
    case PVE_CGIO_OK:
        logonce_forget(&p->logonce, key);
        return true;
    case PVE_CGIO_NONE:
        if (logonce_first(&p->logonce, "io:none")) {
            log_info("proxmox: container %u has no block I/O statistics in its cgroup (%s "
                     "controller); containers without them are sent with disk I/O 0", ctid,
                     v2 ? "io" : "blkio");
        }
        return true;
    case PVE_CGIO_BAD:
        break;
    }
    p->io_errors++;
    if (logonce_first(&p->logonce, key)) {
        log_warn("proxmox: container %u left out of this poll: %s (logged once until it "
                 "reads again)", ctid, err);
    }
    free(err);
    return false;
}

static bool
poll_ct(struct hspve *p, uint32_t ctid, const struct hspve_host *host, hspve_emit_fn *emit,
        void *aux)
{
    struct pve_cgroup cg;
    struct pve_conf conf;
    struct pve_cgio io;
    if (!pve_cgroup_read(p->cgroup_dir, ctid, &cg) || !cg.populated
        || !read_conf(p, PVE_LXC, p->lxc_dir, ctid, &conf)
        || !read_ct_io(p, ctid, cg.v2, &io)) {
        return false;
    }
    struct sflow_guest *g = &p->scratch;
    fill_from_conf(p, PVE_LXC, ctid, &conf, host, g);
    g->cpu.state = cg.frozen ? SFLOW_VIRT_PAUSED : SFLOW_VIRT_RUNNING;
    g->cpu.cpuTime = (uint32_t) (cg.cpu_ns / 1000000);
    g->memory.memory = cg.memory_bytes;
    /* Capacity from the config; what is in use is not known without a
     * statfs that may block (allocation, available 0); no error counts. */
    g->disk.capacity = conf.disk_bytes;
    g->disk.rd_bytes = io.rd_bytes;
    g->disk.wr_bytes = io.wr_bytes;
    g->disk.rd_req = (uint32_t) io.rd_ios;          /* 32-bit counters wrap */
    g->disk.wr_req = (uint32_t) io.wr_ios;
    p->cts_sent++;
    emit(aux, sflow_guest_sample(g, ctid));
    return true;
}

/* ---- the cycle -------------------------------------------------------------------- */

uint32_t
hspve_poll(struct hspve *p, long long now, const struct hspve_host *host,
           hspve_emit_fn *emit, void *aux)
{
    for (size_t i = 0; i < p->n_slots; i++) {
        struct vm_slot *s = &p->slots[i];
        if (s->state != SLOT_FINISHED) {
            LOG_RL(LOG_WARNING, "proxmox: VM %u had not answered when the next poll began",
                   s->vmid);
        }
    }
    slots_clear(p);
    if (!pve_netdevs_read(&p->netdevs, p->sysroot)) {
        LOG_RL(LOG_WARNING, "proxmox: cannot read %s/proc/net/dev: no interface counters",
               p->sysroot);
    }
    size_t n_vms, n_cts;
    uint32_t *vms = list_ids(p, p->qemu_dir, &n_vms);
    for (size_t i = 0; i < n_vms; i++) {
        poll_vm(p, vms[i], host);
    }
    free(vms);
    uint32_t running = (uint32_t) p->n_slots;
    p->last_vms = p->n_slots;
    uint32_t *cts = list_ids(p, p->lxc_dir, &n_cts);
    for (size_t i = 0; i < n_cts; i++) {
        running += poll_ct(p, cts[i], host, emit, aux);
    }
    free(cts);
    p->last_cts = running - p->last_vms;
    hspve_run(p, now, emit, aux);
    return running;
}

void
hspve_show(const struct hspve *p, FILE *out)
{
    fprintf(out, "guests (Proxmox VE %s, %s): %zu VM(s) and %zu container(s) running at "
            "the last poll\n", p->qemu_dir, p->lxc_dir, p->last_vms, p->last_cts);
    fprintf(out, "  samples sent: %lu of VMs, %lu of containers; VMs left out (QMP did not "
            "answer in time) %lu; configs rejected %lu; container I/O files rejected %lu\n",
            p->vms_sent, p->cts_sent, p->qmp_missed, p->conf_errors, p->io_errors);
}
