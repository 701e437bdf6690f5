/* Unit tests for the Proxmox module's host readers, on recorded trees
 * (tests/data/pve): cgroup v2 and v1, /proc/PID, pid files, /proc/net/dev,
 * name-based UUIDs; and hspve's whole cycle over them (containers are sent
 * from the recorded cgroups; a VM whose QMP socket is missing is left out). */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"
#include "pve/hspve.h"
#include "pve/pve_sys.h"
#include "pve/pve_uuid.h"
#include "sflow/sflow.h"
#include "check_run.h"

static char *
data(const char *rel)
{
    const char *top = getenv("top_srcdir");
    return xasprintf("%s/tests/data/pve/%s", top ? top : "..", rel);
}

START_TEST(test_cgroup_v2)
{
    char *root = data("cgroup-v2");
    struct pve_cgroup cg;
    ck_assert(pve_cgroup_read(root, 101, &cg));
    ck_assert(cg.populated);
    ck_assert(!cg.frozen);
    ck_assert(cg.has_cpu);
    ck_assert_uint_eq(cg.cpu_ns, 7250000000ull);
    ck_assert(cg.has_memory);
    ck_assert_uint_eq(cg.memory_bytes, 73400320);
    ck_assert(pve_cgroup_read(root, 103, &cg));     /* a cgroup left behind, empty */
    ck_assert(!cg.populated);
    ck_assert(!cg.has_memory);
    ck_assert(!pve_cgroup_read(root, 102, &cg));    /* no cgroup: not running */
    free(root);

    memset(&cg, 0, sizeof cg);
    pve_cgroup_parse_events("populated 1\nfrozen 1\n", &cg);
    ck_assert(cg.populated && cg.frozen);
    pve_cgroup_parse_events("populatedx 0\nfrozen\n", &cg);    /* malformed: unchanged */
    ck_assert(cg.populated && cg.frozen);
    uint64_t v;
    ck_assert(!pve_cgroup_parse_cpu_stat("user_usec 5\n", &v));
    ck_assert(pve_cgroup_parse_number("12345\n", &v));
    ck_assert_uint_eq(v, 12345);
    ck_assert(!pve_cgroup_parse_number("12345 x\n", &v));
    ck_assert(!pve_cgroup_parse_number("", &v));
}
END_TEST

START_TEST(test_cgroup_v1)
{
    char *root = data("cgroup-v1");
    struct pve_cgroup cg;
    ck_assert(pve_cgroup_read(root, 102, &cg));
    ck_assert(cg.populated);
    ck_assert(cg.frozen);
    ck_assert_uint_eq(cg.cpu_ns, 98765432100ull);
    ck_assert_uint_eq(cg.memory_bytes, 52428800);
    ck_assert(pve_cgroup_read(root, 104, &cg));
    ck_assert(!cg.populated);                       /* no process in it */
    ck_assert(!cg.has_memory);
    ck_assert(!pve_cgroup_read(root, 101, &cg));
    free(root);
}
END_TEST

START_TEST(test_qemu_process)
{
    struct pve_proc_stat st;
    ck_assert(pve_sys_parse_stat("1 (a) b) c) R 1 1 1 0 -1 0 0 0 0 0 100 50 0 0 20 0 1 0 1 1 3\n",
                                 100, 4096, &st));
    ck_assert_int_eq(st.state, 'R');
    ck_assert_uint_eq(st.cpu_ms, 1500);
    ck_assert_uint_eq(st.rss_bytes, 3 * 4096);
    ck_assert(!pve_sys_parse_stat("1 (a) R 1 2 3\n", 100, 4096, &st));    /* cut short */
    ck_assert(!pve_sys_parse_stat("no parens", 100, 4096, &st));

    uint32_t pid;
    ck_assert(pve_sys_parse_pid("4242\n", &pid));
    ck_assert_uint_eq(pid, 4242);
    ck_assert(!pve_sys_parse_pid("0\n", &pid));
    ck_assert(!pve_sys_parse_pid("-5\n", &pid));
    ck_assert(!pve_sys_parse_pid("99999999\n", &pid));
    ck_assert(!pve_sys_parse_pid("", &pid));

    static const char argv[] = "kvm\0-pidfile\0/var/run/qemu-server/100.pid\0-name\0x";
    ck_assert(pve_sys_cmdline_has_pidfile(argv, sizeof argv, "100.pid"));
    ck_assert(!pve_sys_cmdline_has_pidfile(argv, sizeof argv, "10.pid"));
    ck_assert(!pve_sys_cmdline_has_pidfile(argv, sizeof argv, "x"));
    /* The path without -pidfile before it does not count; a cut argv is safe. */
    static const char other[] = "sleep\0/var/run/qemu-server/100.pid\0-pidfile";
    ck_assert(!pve_sys_cmdline_has_pidfile(other, sizeof other - 1, "100.pid"));

    char *sysroot = data("sysroot"), *pidfile = data("run/100.pid"), *other_pid = data("run/105.pid");
    ck_assert(pve_sys_qemu(sysroot, pidfile, "100.pid", &pid, &st));
    ck_assert_uint_eq(pid, 4242);
    ck_assert_int_eq(st.state, 'S');
    ck_assert_uint_eq(st.cpu_ms, (1500 + 250) * 1000 / (uint64_t) sysconf(_SC_CLK_TCK));
    /* 105.pid names a process that is not that QEMU (a reused pid). */
    ck_assert(!pve_sys_qemu(sysroot, other_pid, "105.pid", &pid, &st));
    ck_assert(!pve_sys_qemu(sysroot, "/nonexistent/1.pid", "1.pid", &pid, &st));
    free(sysroot);
    free(pidfile);
    free(other_pid);
}
END_TEST

START_TEST(test_netdevs)
{
    char *sysroot = data("sysroot");
    struct pve_netdevs nd = { 0 };
    ck_assert(pve_netdevs_read(&nd, sysroot));
    ck_assert_uint_eq(nd.n, 4);
    const struct hsc_netdev *d = pve_netdevs_find(&nd, "veth101i0");
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(d->tx_bytes, 222222);
    ck_assert_ptr_null(pve_netdevs_find(&nd, "veth101i1"));
    ck_assert_uint_eq(pve_sys_ifindex(sysroot, "veth101i0"), 17);
    ck_assert_uint_eq(pve_sys_ifindex(sysroot, "nonexistent0"), 0);
    pve_netdevs_parse(&nd, "garbage\n");
    ck_assert_uint_eq(nd.n, 0);
    pve_netdevs_destroy(&nd);
    free(sysroot);
}
END_TEST

START_TEST(test_uuid_v5)
{
    /* RFC 4122's DNS namespace: uuid5(NAMESPACE_DNS, "python.org") */
    static const uint8_t dns[16] = { 0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                     0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8 };
    static const uint8_t want[16] = { 0x88, 0x63, 0x13, 0xe1, 0x3b, 0x8a, 0x53, 0x72,
                                      0x9b, 0x90, 0x0c, 0x9a, 0xee, 0x19, 0x9e, 0x5d };
    uint8_t u[16];
    pve_uuid_name(dns, "python.org", u);
    ck_assert_mem_eq(u, want, 16);
    uint8_t h[20];
    pve_sha1("abc", 3, h);              /* FIPS 180 */
    ck_assert_uint_eq(h[0], 0xa9);
    ck_assert_uint_eq(h[19], 0x9d);
    pve_sha1("", 0, h);
    ck_assert_uint_eq(h[0], 0xda);
    ck_assert_uint_eq(h[19], 0x09);
}
END_TEST

/* ---- hspve's cycle over the recorded trees ---------------------------------- */

#define MAX_SEEN 8
struct seen {
    size_t n;
    uint32_t ids[MAX_SEEN];
    struct sflow_counter_rec recs[MAX_SEEN][7];
    struct sflow_adaptor adaptors[MAX_SEEN][4];
};

static void
collect(void *aux, const struct sflow_counters_sample *s)
{
    struct seen *seen = aux;
    ck_assert_uint_lt(seen->n, MAX_SEEN);
    ck_assert_uint_eq(s->ds_class, SFLOW_DS_VM);
    ck_assert_uint_eq(s->n_recs, 7);
    seen->ids[seen->n] = s->ds_index;
    memcpy(seen->recs[seen->n], s->recs, sizeof seen->recs[0]);
    const struct sflow_host_adaptors *a = &s->recs[1].u.host_adaptors;
    ck_assert_uint_le(a->n_adaptors, 4);
    memcpy(seen->adaptors[seen->n], a->adaptors, a->n_adaptors * sizeof *a->adaptors);
    seen->recs[seen->n][1].u.host_adaptors.adaptors = seen->adaptors[seen->n];
    seen->n++;
}

static struct hspve *
recorded(const char *cgroup)
{
    char *etc = data("etc"), *run = data("run"), *cg = data(cgroup), *sysroot = data("sysroot");
    struct hspve_options o = {
        .config_dir = etc, .run_dir = run, .cgroup_dir = cg, .sysroot = sysroot,
        .timeout_ms = 100,
    };
    struct hspve *p = hspve_create(&o);
    free(etc);
    free(run);
    free(cg);
    free(sysroot);
    return p;
}

START_TEST(test_cycle_v2)
{
    struct hspve *p = recorded("cgroup-v2");
    struct hspve_host host = { .uuid = { 1, 2, 3 }, .cpus = 8 };
    struct seen seen = { 0 };
    /* VM 100 runs (pid file, its QEMU in /proc) and container 101. */
    ck_assert_uint_eq(hspve_poll(p, 1000, &host, collect, &seen), 2);
    hspve_run(p, 1000, collect, &seen);
    /* VM 100's QMP socket is not there: left out; the container is sent. */
    ck_assert(!hspve_busy(p));
    ck_assert_uint_eq(seen.n, 1);
    ck_assert_uint_eq(seen.ids[0], 101);
    const struct sflow_counter_rec *r = seen.recs[0];
    ck_assert_str_eq(r[0].u.host_descr.hostname, "ct-101.example.com");
    uint8_t u[16];
    pve_uuid_name(host.uuid, "lxc/101", u);
    ck_assert_mem_eq(r[0].u.host_descr.uuid, u, 16);
    ck_assert_uint_eq(r[0].u.host_descr.os_name, SFLOW_OS_LINUX);
    ck_assert_uint_eq(r[1].u.host_adaptors.n_adaptors, 2);
    ck_assert_uint_eq(r[1].u.host_adaptors.adaptors[0].ifIndex, 17);
    ck_assert_uint_eq(r[1].u.host_adaptors.adaptors[0].macs[0][5], 0x01);
    ck_assert_uint_eq(r[1].u.host_adaptors.adaptors[1].ifIndex, 0);     /* no veth101i2 */
    ck_assert_uint_eq(r[2].u.host_parent.container_type, 2);
    ck_assert_uint_eq(r[3].u.virt_cpu.state, SFLOW_VIRT_RUNNING);
    ck_assert_uint_eq(r[3].u.virt_cpu.cpuTime, 7250);
    ck_assert_uint_eq(r[3].u.virt_cpu.nrVirtCpu, 2);
    ck_assert_uint_eq(r[4].u.virt_memory.memory, 73400320);
    ck_assert_uint_eq(r[4].u.virt_memory.maxMemory, 1024ull << 20);
    /* Disk: rootfs + mount points of the config; io.stat over two devices. */
    const struct sflow_virt_disk_io *dk = &r[5].u.virt_disk_io;
    ck_assert_uint_eq(dk->capacity, (40ull << 30) + (512ull << 20));
    ck_assert_uint_eq(dk->allocation, 0);
    ck_assert_uint_eq(dk->available, 0);
    ck_assert_uint_eq(dk->rd_bytes, 1049088);
    ck_assert_uint_eq(dk->wr_bytes, 4202496);
    ck_assert_uint_eq(dk->rd_req, 257);
    ck_assert_uint_eq(dk->wr_req, 1026);
    ck_assert_uint_eq(dk->errs, 0);
    const struct sflow_host_net_io *n = &r[6].u.host_net_io;
    ck_assert_uint_eq(n->bytes_in, 222222);        /* the veth's transmit */
    ck_assert_uint_eq(n->pkts_in, 2222);
    ck_assert_uint_eq(n->errs_in, 3);
    ck_assert_uint_eq(n->drops_in, 4);
    ck_assert_uint_eq(n->bytes_out, 111111);
    ck_assert_uint_eq(n->pkts_out, 1111);
    ck_assert_uint_eq(n->drops_out, 2);
    /* The same on the next poll (indices and UUIDs are stable). */
    struct seen again = { 0 };
    ck_assert_uint_eq(hspve_poll(p, 2000, &host, collect, &again), 2);
    ck_assert_uint_eq(again.n, 1);
    ck_assert_mem_eq(again.recs[0][0].u.host_descr.uuid, u, 16);
    hspve_destroy(p);
}
END_TEST

START_TEST(test_cycle_v1)
{
    struct hspve *p = recorded("cgroup-v1");
    struct hspve_host host = { .cpus = 8 };
    struct seen seen = { 0 };
    ck_assert_uint_eq(hspve_poll(p, 0, &host, collect, &seen), 2);
    ck_assert_uint_eq(seen.n, 1);
    ck_assert_uint_eq(seen.ids[0], 102);
    const struct sflow_counter_rec *r = seen.recs[0];
    ck_assert_str_eq(r[0].u.host_descr.hostname, "frozen-ct");
    ck_assert_uint_eq(r[0].u.host_descr.os_name, SFLOW_OS_UNKNOWN);
    ck_assert_uint_eq(r[3].u.virt_cpu.state, SFLOW_VIRT_PAUSED);
    ck_assert_uint_eq(r[3].u.virt_cpu.nrVirtCpu, 8);
    ck_assert_uint_eq(r[3].u.virt_cpu.cpuTime, 98765);
    ck_assert_uint_eq(r[4].u.virt_memory.memory, 52428800);
    ck_assert_uint_eq(r[6].u.host_net_io.pkts_in, 0);   /* no veth102i0 */
    /* The _recursive blkio files (the processes are in lxc/102/ns). */
    const struct sflow_virt_disk_io *dk = &r[5].u.virt_disk_io;
    ck_assert_uint_eq(dk->capacity, 3ull << 29);
    ck_assert_uint_eq(dk->rd_bytes, 2101248);
    ck_assert_uint_eq(dk->wr_bytes, 1114112);
    ck_assert_uint_eq(dk->rd_req, 513);
    ck_assert_uint_eq(dk->wr_req, 272);
    hspve_destroy(p);
}
END_TEST

START_TEST(test_no_dirs)
{
    struct hspve_options o = {
        .config_dir = "/nonexistent/pve", .run_dir = "/nonexistent/run",
        .cgroup_dir = "/nonexistent/cg", .sysroot = "/nonexistent/root",
    };
    struct hspve *p = hspve_create(&o);
    struct hspve_host host = { .cpus = 1 };
    struct seen seen = { 0 };
    ck_assert_uint_eq(hspve_poll(p, 0, &host, collect, &seen), 0);
    ck_assert_uint_eq(seen.n, 0);
    hspve_destroy(p);
}
END_TEST

CHECK_MAIN(
    .name = "pve_sys",
    .tests = CHECK_TESTS(test_cgroup_v2, test_cgroup_v1, test_qemu_process, test_netdevs,
                         test_uuid_v5, test_cycle_v2, test_cycle_v1, test_no_dirs))
