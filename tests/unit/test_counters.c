/* Unit tests for the host counter readers: recorded sysroots read back field
 * by field, odd files (missing, huge, wrapped, truncated, malformed), the
 * pure parsers on their own, and the live host. */
#include <config.h>

#include <check.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "counters/counters.h"
#include "counters/counters_cpu.h"
#include "counters/counters_descr.h"
#include "counters/counters_disk.h"
#include "counters/counters_ifaces.h"
#include "counters/counters_memory.h"
#include "counters/counters_mib2.h"
#include "counters/counters_mounts.h"
#include "counters/counters_netdev.h"
#include "counters/counters_scan.h"
#include "counters/counters_state.h"
#include "common/util.h"
#include "sflow/sflow_enc.h"
#include "check_run.h"

#define MAX_RECS 32

static char *
data_path(const char *name)
{
    static char path[4096];
    const char *top = getenv("top_srcdir");
    snprintf(path, sizeof path, "%s/tests/data/%s", top ? top : TOP_SRCDIR, name);
    return path;
}

/* Fake statvfs: sizes by mount point (the path ends with it). */
static int
fake_statvfs(const char *path, struct statvfs *st)
{
    size_t n = strlen(path);
    memset(st, 0, sizeof *st);
    if (n >= 12 && !strcmp(path + n - 12, "/srv/my data")) {
        st->f_frsize = 512;
        st->f_blocks = 200;
        st->f_bfree = 10;
        st->f_bavail = 0;
        return 0;
    }
    if (n >= 2 && path[n - 1] == '/' && path[n - 2] != '/') {
        st->f_frsize = 4096;    /* "<root>/" */
        st->f_blocks = 1000;
        st->f_bfree = 250;
        st->f_bavail = 200;
        return 0;
    }
    return -1;
}

static const struct sflow_counter_rec *
find_rec(const struct sflow_counter_rec *recs, size_t n, uint32_t tag)
{
    for (size_t i = 0; i < n; i++) {
        if (recs[i].tag == tag) {
            return &recs[i];
        }
    }
    return NULL;
}

/* ---- the sysroot recorded from a real host (tests/data/sysroot-recorded) -- */

START_TEST(test_recorded_host)
{
    struct hscounters *c = hscounters_create(data_path("sysroot-recorded"));
    struct sflow_counter_rec recs[MAX_RECS];
    hscounters_set_clock_ticks(c, 100);
    hscounters_set_statvfs(c, fake_statvfs);
    size_t n = hscounters_host(c, recs, MAX_RECS);

    static const uint32_t tags[] = { 2000, 2001, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010 };
    ck_assert_uint_eq(n, ARRAY_SIZE(tags));
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(recs[i].tag, tags[i]);
    }

    const struct sflow_host_descr *d = &recs[0].u.host_descr;
    static const uint8_t uuid[16] = { 0x3d, 0x12, 0x19, 0xc7, 0xc4, 0xc5, 0x40, 0x4a,
                                      0xaa, 0x1f, 0x6d, 0x2a, 0x48, 0xad, 0xfd, 0xa4 };
    ck_assert_str_eq(d->hostname, "vm");
    ck_assert_mem_eq(d->uuid, uuid, 16);
    ck_assert_uint_eq(d->machine_type, SFLOW_MT_X86_64);
    ck_assert_uint_eq(d->os_name, SFLOW_OS_LINUX);
    ck_assert_str_eq(d->os_release, "6.18.44-fc-v595");

    /* eth0 (has `device`) first, then the virtual ones by ifIndex; lo out. */
    const struct sflow_host_adaptors *a = &recs[1].u.host_adaptors;
    static const uint32_t ifindexes[] = { 4, 2, 3, 5, 6 };
    static const uint8_t eth0_mac[6] = { 0x02, 0xfc, 0x00, 0x00, 0x00, 0x01 };
    static const uint8_t br0_mac[6] = { 0x5e, 0xdb, 0xac, 0x5a, 0xe4, 0x4b };
    ck_assert_uint_eq(a->n_adaptors, ARRAY_SIZE(ifindexes));
    for (size_t i = 0; i < a->n_adaptors; i++) {
        ck_assert_uint_eq(a->adaptors[i].ifIndex, ifindexes[i]);
        ck_assert_uint_eq(a->adaptors[i].n_macs, 1);
    }
    ck_assert_mem_eq(a->adaptors[0].macs[0], eth0_mac, 6);
    ck_assert_mem_eq(a->adaptors[4].macs[0], br0_mac, 6);
    /* An interface poll in between leaves the adaptor array alone. */
    struct sflow_counter_rec ifrecs[MAX_RECS];
    ck_assert_uint_eq(hscounters_interfaces(c, ifrecs, MAX_RECS), 1);
    ck_assert_uint_eq(a->adaptors[0].ifIndex, 4);
    ck_assert_mem_eq(a->adaptors[4].macs[0], br0_mac, 6);

    /* loadavg "0.74 0.30 0.10 1/94 7832"; stat "cpu  9144 0 6618 1393556 539
     * 0 59 ..." at 100 Hz; 2 cpuN lines; uptime 7062.60; cpu MHz 2596.140. */
    const struct sflow_host_cpu *cpu = &recs[2].u.host_cpu;
    ck_assert_float_eq_tol(cpu->load_one, 0.74, 1e-6);
    ck_assert_float_eq_tol(cpu->load_five, 0.30, 1e-6);
    ck_assert_float_eq_tol(cpu->load_fifteen, 0.10, 1e-6);
    ck_assert_uint_eq(cpu->proc_run, 1);
    ck_assert_uint_eq(cpu->proc_total, 94);
    ck_assert_uint_eq(cpu->cpu_num, 2);
    ck_assert_uint_eq(cpu->cpu_speed, 2596);
    ck_assert_uint_eq(cpu->uptime, 7062);
    ck_assert_uint_eq(cpu->cpu_user, 91440);
    ck_assert_uint_eq(cpu->cpu_nice, 0);
    ck_assert_uint_eq(cpu->cpu_system, 66180);
    ck_assert_uint_eq(cpu->cpu_idle, 13935560);
    ck_assert_uint_eq(cpu->cpu_wio, 5390);
    ck_assert_uint_eq(cpu->cpu_intr, 0);
    ck_assert_uint_eq(cpu->cpu_sintr, 590);
    ck_assert_uint_eq(cpu->interrupts, 362621);
    ck_assert_uint_eq(cpu->contexts, 686736);

    const struct sflow_host_memory *m = &recs[3].u.host_memory;
    ck_assert_uint_eq(m->mem_total, 24684096ULL * 1024);
    ck_assert_uint_eq(m->mem_free, 24160952ULL * 1024);
    ck_assert_uint_eq(m->mem_shared, 8788ULL * 1024);
    ck_assert_uint_eq(m->mem_buffers, 5332ULL * 1024);
    ck_assert_uint_eq(m->mem_cached, 315560ULL * 1024);
    ck_assert_uint_eq(m->swap_total, 0);
    ck_assert_uint_eq(m->swap_free, 0);
    ck_assert_uint_eq(m->page_in, 1870449);
    ck_assert_uint_eq(m->page_out, 589776);
    ck_assert_uint_eq(m->swap_in, 0);
    ck_assert_uint_eq(m->swap_out, 0);

    /* vda only (loop and zram left out); /dev/vda mounted twice counts once. */
    const struct sflow_host_disk_io *dk = &recs[4].u.host_disk_io;
    ck_assert_uint_eq(dk->reads, 42030);
    ck_assert_uint_eq(dk->bytes_read, 3740898ULL * 512);
    ck_assert_uint_eq(dk->read_time, 19277);
    ck_assert_uint_eq(dk->writes, 18611);
    ck_assert_uint_eq(dk->bytes_written, 1179552ULL * 512);
    ck_assert_uint_eq(dk->write_time, 3940);
    ck_assert_uint_eq(dk->disk_total, 1000 * 4096);
    ck_assert_uint_eq(dk->disk_free, 250 * 4096);
    ck_assert_uint_eq(dk->part_max_used, 750 * 10000 / 950);

    const struct sflow_host_net_io *io = &recs[5].u.host_net_io;
    ck_assert_uint_eq(io->bytes_in, 36607005);
    ck_assert_uint_eq(io->pkts_in, 816);
    ck_assert_uint_eq(io->errs_in, 0);
    ck_assert_uint_eq(io->drops_in, 0);
    ck_assert_uint_eq(io->bytes_out, 45476);
    ck_assert_uint_eq(io->pkts_out, 552);

    const struct sflow_mib2_ip *ip = &recs[6].u.mib2_ip;
    ck_assert_uint_eq(ip->ipForwarding, 2);
    ck_assert_uint_eq(ip->ipDefaultTTL, 64);
    ck_assert_uint_eq(ip->ipInReceives, 858);
    ck_assert_uint_eq(ip->ipInDelivers, 858);
    ck_assert_uint_eq(ip->ipOutRequests, 586);
    ck_assert_uint_eq(ip->ipOutDiscards, 6);
    ck_assert_uint_eq(ip->ipFragCreates, 0);
    const struct sflow_mib2_icmp *icmp = &recs[7].u.mib2_icmp;
    ck_assert_uint_eq(icmp->icmpInMsgs, 9);
    ck_assert_uint_eq(icmp->icmpInDestUnreachs, 9);
    ck_assert_uint_eq(icmp->icmpOutMsgs, 8);
    ck_assert_uint_eq(icmp->icmpOutDestUnreachs, 8);
    ck_assert_uint_eq(icmp->icmpInErrors, 0);
    const struct sflow_mib2_tcp *tcp = &recs[8].u.mib2_tcp;
    ck_assert_uint_eq(tcp->tcpRtoAlgorithm, 1);
    ck_assert_uint_eq(tcp->tcpRtoMin, 200);
    ck_assert_uint_eq(tcp->tcpRtoMax, 120000);
    ck_assert_uint_eq(tcp->tcpMaxConn, 0xffffffffu);
    ck_assert_uint_eq(tcp->tcpActiveOpens, 13);
    ck_assert_uint_eq(tcp->tcpPassiveOpens, 2);
    ck_assert_uint_eq(tcp->tcpInSegs, 815);
    ck_assert_uint_eq(tcp->tcpOutSegs, 545);
    ck_assert_uint_eq(tcp->tcpOutRsts, 2);
    const struct sflow_mib2_udp *udp = &recs[9].u.mib2_udp;
    ck_assert_uint_eq(udp->udpInDatagrams, 26);
    ck_assert_uint_eq(udp->udpNoPorts, 8);
    ck_assert_uint_eq(udp->udpOutDatagrams, 35);
    ck_assert_uint_eq(udp->udpInCsumErrors, 0);

    /* A second call gives the same records (no state carried over). */
    struct sflow_counter_rec again[MAX_RECS];
    ck_assert_uint_eq(hscounters_host(c, again, MAX_RECS), n);
    ck_assert_mem_eq(&again[2], &recs[2], sizeof recs[2]);
    ck_assert_mem_eq(&again[6], &recs[6], sizeof recs[6]);

    /* MAX is honoured. */
    ck_assert_uint_eq(hscounters_host(c, again, 3), 3);
    ck_assert_uint_eq(again[2].tag, SFLOW_CTR_HOST_CPU);
    hscounters_destroy(c);
}
END_TEST

START_TEST(test_recorded_interfaces)
{
    struct hscounters *c = hscounters_create(data_path("sysroot-recorded"));
    struct sflow_counter_rec recs[MAX_RECS];
    size_t n = hscounters_interfaces(c, recs, MAX_RECS);

    ck_assert_uint_eq(n, 1);       /* eth0: the only one with `device` */
    const struct sflow_if_counters *i = &recs[0].u.generic;
    ck_assert_uint_eq(recs[0].tag, SFLOW_CTR_GENERIC);
    ck_assert_uint_eq(i->ifIndex, 4);
    ck_assert_uint_eq(i->ifType, 6);
    ck_assert_uint_eq(i->ifSpeed, 0);          /* speed -1 */
    ck_assert_uint_eq(i->ifDirection, 0);      /* duplex unknown */
    ck_assert_uint_eq(i->ifStatus, 3);         /* flags 0x1003, operstate up */
    ck_assert_uint_eq(i->ifInOctets, 36607005);
    ck_assert_uint_eq(i->ifInUcastPkts, 816);
    ck_assert_uint_eq(i->ifInMulticastPkts, 0);
    ck_assert_uint_eq(i->ifInDiscards, 0);
    ck_assert_uint_eq(i->ifInErrors, 0);
    ck_assert_uint_eq(i->ifOutOctets, 45476);
    ck_assert_uint_eq(i->ifOutUcastPkts, 552);
    ck_assert_uint_eq(i->ifPromiscuousMode, 2);
    hscounters_destroy(c);
}
END_TEST

/* ---- odd files (tests/data/sysroot-odd) ----------------------------------- */

START_TEST(test_odd_host)
{
    struct hscounters *c = hscounters_create(data_path("sysroot-odd/"));
    struct sflow_counter_rec recs[MAX_RECS];
    hscounters_set_statvfs(c, fake_statvfs);
    size_t n = hscounters_host(c, recs, MAX_RECS);

    /* No loadavg: no host_cpu. Icmp's value line is short: no 2008. */
    static const uint32_t tags[] = { 2000, 2001, 2004, 2005, 2006, 2007, 2009, 2010 };
    ck_assert_uint_eq(n, ARRAY_SIZE(tags));
    for (size_t k = 0; k < n; k++) {
        ck_assert_uint_eq(recs[k].tag, tags[k]);
    }
    ck_assert_ptr_null(find_rec(recs, n, SFLOW_CTR_HOST_CPU));

    /* Hostname cut to 64; DMI uuid wins over a bad machine-id; no arch file
     * under a test sysroot: unknown machine. */
    const struct sflow_host_descr *d = &recs[0].u.host_descr;
    static const uint8_t uuid[16] = { 0x4c, 0x4c, 0x45, 0x44, 0x00, 0x42, 0x35, 0x10,
                                      0x80, 0x52, 0xb4, 0xc0, 0x4f, 0x56, 0x44, 0x33 };
    ck_assert_str_eq(d->hostname,
                     "xcp-ng-host-with-a-very-long-name-that-goes-past-sixty-four-char");
    ck_assert_mem_eq(d->uuid, uuid, 16);
    ck_assert_uint_eq(d->machine_type, SFLOW_MT_UNKNOWN);
    ck_assert_str_eq(d->os_release, "4.19.0+1");

    /* NICs, then bond and bridge, then virtual; zero MACs, lo and a
     * directory without ifindex are out. */
    const struct sflow_host_adaptors *a = &recs[1].u.host_adaptors;
    static const uint32_t ifindexes[] = { 2, 3, 4, 5, 6, 7 };
    ck_assert_uint_eq(a->n_adaptors, ARRAY_SIZE(ifindexes));
    for (size_t k = 0; k < a->n_adaptors; k++) {
        ck_assert_uint_eq(a->adaptors[k].ifIndex, ifindexes[k]);
    }
    ck_assert_uint_eq(a->adaptors[5].macs[0][0], 0xfe);

    const struct sflow_host_memory *m = &recs[2].u.host_memory;
    ck_assert_uint_eq(m->mem_total, 0);                     /* 2^54 kB: 2^64 wraps */
    ck_assert_uint_eq(m->mem_free, 1024 * 1024);            /* the garbage line skipped */
    ck_assert_uint_eq(m->mem_buffers, 0);                   /* no value */
    ck_assert_uint_eq(m->mem_cached, UINT64_MAX - 1023);    /* (2^64 - 1) * 1024 */
    ck_assert_uint_eq(m->mem_shared, 12 * 1024);
    ck_assert_uint_eq(m->swap_total, 4096 * 1024);
    ck_assert_uint_eq(m->swap_free, 2048 * 1024);
    ck_assert_uint_eq(m->page_in, 1);                       /* 2^32 + 1 */
    ck_assert_uint_eq(m->page_out, 0);
    ck_assert_uint_eq(m->swap_in, 7);
    ck_assert_uint_eq(m->swap_out, UINT32_MAX);

    /* sda, nvme0n1, xvda; partitions, loop, dm, md and short lines out. */
    const struct sflow_host_disk_io *dk = &recs[3].u.host_disk_io;
    ck_assert_uint_eq(dk->reads, 1099);                     /* 100+1000+(2^64-1) */
    ck_assert_uint_eq(dk->bytes_read, 22000 * 512);         /* + 2^55 * 512 wraps */
    ck_assert_uint_eq(dk->read_time, 331);
    ck_assert_uint_eq(dk->writes, 441);
    ck_assert_uint_eq(dk->bytes_written, 8801 * 512);
    ck_assert_uint_eq(dk->write_time, 551);
    /* "/" once (bind mount skipped) and "/srv/my data" (\040 decoded). */
    ck_assert_uint_eq(dk->disk_total, 1000 * 4096 + 200 * 512);
    ck_assert_uint_eq(dk->disk_free, 250 * 4096 + 10 * 512);
    ck_assert_uint_eq(dk->part_max_used, 10000);

    /* eth0 + eth1 (eth2's line is truncated); bond, bridge, vif out. */
    const struct sflow_host_net_io *io = &recs[4].u.host_net_io;
    ck_assert_uint_eq(io->bytes_in, 999);                   /* 2^64-1 + 1000 */
    ck_assert_uint_eq(io->pkts_in, 21);                     /* (2^32+1) + 20 */
    ck_assert_uint_eq(io->errs_in, 1);
    ck_assert_uint_eq(io->drops_in, 2);
    ck_assert_uint_eq(io->bytes_out, 2000);                 /* 2^64 wraps to 0 */
    ck_assert_uint_eq(io->pkts_out, 39);                    /* 2^32-1 + 40 */
    ck_assert_uint_eq(io->errs_out, 5);
    ck_assert_uint_eq(io->drops_out, 6);

    /* Fields by name, unknown ones ignored, 32-bit wrap, -1. */
    const struct sflow_mib2_ip *ip = &recs[5].u.mib2_ip;
    ck_assert_uint_eq(ip->ipDefaultTTL, 64);
    ck_assert_uint_eq(ip->ipForwarding, 1);
    ck_assert_uint_eq(ip->ipInReceives, 5);
    ck_assert_uint_eq(ip->ipInDelivers, 0);
    const struct sflow_mib2_tcp *tcp = &recs[6].u.mib2_tcp;
    ck_assert_uint_eq(tcp->tcpMaxConn, UINT32_MAX);
    ck_assert_uint_eq(tcp->tcpRtoAlgorithm, 1);
    ck_assert_uint_eq(tcp->tcpInSegs, 0);
    const struct sflow_mib2_udp *udp = &recs[7].u.mib2_udp;
    ck_assert_uint_eq(udp->udpInDatagrams, 1);
    ck_assert_uint_eq(udp->udpInCsumErrors, 7);
    hscounters_destroy(c);
}
END_TEST

START_TEST(test_odd_interfaces)
{
    struct hscounters *c = hscounters_create(data_path("sysroot-odd"));
    struct sflow_counter_rec recs[MAX_RECS];
    size_t n = hscounters_interfaces(c, recs, MAX_RECS);

    ck_assert_uint_eq(n, 4);       /* eth0, eth1, bond0, xenbr0 */
    const struct sflow_if_counters *e0 = &recs[0].u.generic, *e1 = &recs[1].u.generic;
    const struct sflow_if_counters *b = &recs[2].u.generic, *br = &recs[3].u.generic;
    ck_assert_uint_eq(e0->ifIndex, 2);
    ck_assert_uint_eq(e0->ifSpeed, 10000000000ULL);
    ck_assert_uint_eq(e0->ifDirection, 1);
    ck_assert_uint_eq(e0->ifStatus, 3);
    ck_assert_uint_eq(e0->ifPromiscuousMode, 1);            /* IFF_PROMISC */
    ck_assert_uint_eq(e0->ifInOctets, UINT64_MAX);
    ck_assert_uint_eq(e0->ifInMulticastPkts, 10);
    ck_assert_uint_eq(e0->ifInUcastPkts, 4294967287u);      /* 2^32+1 - 10, low 32 bits */
    ck_assert_uint_eq(e0->ifInDiscards, 2);
    ck_assert_uint_eq(e0->ifInErrors, 1 + 3 + 4);           /* errs + fifo + frame */
    ck_assert_uint_eq(e0->ifInBroadcastPkts, UINT32_MAX);   /* unknown */
    ck_assert_uint_eq(e0->ifOutOctets, 0);                  /* 2^64 wraps */
    ck_assert_uint_eq(e0->ifOutUcastPkts, UINT32_MAX);
    ck_assert_uint_eq(e0->ifOutDiscards, 6);
    ck_assert_uint_eq(e0->ifOutErrors, 5 + 7 + 8);          /* errs + fifo + carrier */

    ck_assert_uint_eq(e1->ifIndex, 3);
    ck_assert_uint_eq(e1->ifSpeed, 4294967296ULL * 1000000);
    ck_assert_uint_eq(e1->ifDirection, 2);
    ck_assert_uint_eq(e1->ifStatus, 1);                     /* admin up, oper down */
    ck_assert_uint_eq(e1->ifInMulticastPkts, 20);           /* more than packets: capped */
    ck_assert_uint_eq(e1->ifInUcastPkts, 0);
    ck_assert_uint_eq(e1->ifOutOctets, 2000);

    ck_assert_uint_eq(b->ifIndex, 5);
    ck_assert_uint_eq(b->ifSpeed, 20000000000ULL);
    ck_assert_uint_eq(br->ifIndex, 6);
    ck_assert_uint_eq(br->ifSpeed, 0);                      /* no speed file */
    ck_assert_uint_eq(br->ifStatus, 1);                     /* operstate unknown */
    ck_assert_uint_eq(br->ifInOctets, 700);

    ck_assert_uint_eq(hscounters_interfaces(c, recs, 2), 2);

    /* A virtual interface hsflowd samples packets on (vif1.0, ifIndex 7)
     * is reported too, after the others; unknown ifIndexes change nothing. */
    static const uint32_t sampled[] = { 99, 7, 1000 };
    hscounters_set_extra(c, sampled, 3);
    n = hscounters_interfaces(c, recs, MAX_RECS);
    ck_assert_uint_eq(n, 5);
    ck_assert_uint_eq(recs[4].u.generic.ifIndex, 7);
    ck_assert_uint_eq(recs[4].u.generic.ifInOctets, 9000);
    hscounters_set_extra(c, NULL, 0);
    ck_assert_uint_eq(hscounters_interfaces(c, recs, MAX_RECS), 4);
    hscounters_destroy(c);
}
END_TEST

START_TEST(test_missing_sysroot)
{
    struct hscounters *c = hscounters_create("/nonexistent/sysroot/for/counters");
    struct sflow_counter_rec recs[MAX_RECS];
    ck_assert_uint_eq(hscounters_host(c, recs, MAX_RECS), 0);
    ck_assert_uint_eq(hscounters_interfaces(c, recs, MAX_RECS), 0);
    /* Logged once: the second round finds the flags already set. */
    uint32_t missing = c->sys.missing;
    ck_assert_uint_ne(missing, 0);
    ck_assert_uint_eq(hscounters_host(c, recs, MAX_RECS), 0);
    ck_assert_uint_eq(c->sys.missing, missing);
    hscounters_destroy(c);
}
END_TEST

/* ---- encoding: what the readers fill is what the encoder takes --------- */

/* Encodes RECS as one counters sample after a datagram header into a buffer
 * of the default datagram size; returns the bytes used (0 if it did not
 * fit or a record was refused). */
static size_t
encode_size(const struct sflow_counter_rec *recs, size_t n)
{
    uint8_t buf[SFLOW_DEFAULT_DATAGRAM];
    struct xdr_buf b;
    struct sflow_datagram_header h;
    struct sflow_counters_sample s;
    memset(&h, 0, sizeof h);
    h.agent.family = AF_INET;
    h.n_samples = 1;
    memset(&s, 0, sizeof s);
    s.ds_class = SFLOW_DS_ENTITY;
    s.ds_index = 1;
    s.n_recs = (uint32_t) n;
    s.recs = recs;
    xdr_init(&b, buf, sizeof buf);
    if (!sflow_encode_datagram_header(&b, &h) || !sflow_encode_counters_sample(&b, &s, false)) {
        return 0;
    }
    return b.len;
}

static void
write_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(test_encode_fits)
{
    struct sflow_counter_rec recs[MAX_RECS];
    static const char *const roots[] = { "sysroot-recorded", "sysroot-odd" };
    for (size_t i = 0; i < ARRAY_SIZE(roots); i++) {
        struct hscounters *c = hscounters_create(data_path(roots[i]));
        hscounters_set_statvfs(c, fake_statvfs);
        size_t n = hscounters_host(c, recs, MAX_RECS);
        ck_assert_uint_gt(n, 0);
        ck_assert_uint_gt(encode_size(recs, n), 0);
        n = hscounters_interfaces(c, recs, MAX_RECS);
        for (size_t k = 0; k < n; k++) {
            ck_assert_uint_gt(encode_size(&recs[k], 1), 0);
        }
        hscounters_destroy(c);
    }

    /* A host with 100 VM interfaces: host_adaptors is cut to 32 and the
     * whole host sample still fits a default datagram. */
    char root[] = "/tmp/test_counters.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(root));
    char dir[4096], text[64];
    snprintf(dir, sizeof dir, "%s/proc", root);
    ck_assert_int_eq(symlink(data_path("sysroot-recorded/proc"), dir), 0);

    /* No sys/class/net: no adaptors, no net_io (NICs unknown), no
     * interfaces; the rest is there. */
    struct hscounters *c = hscounters_create(root);
    size_t n = hscounters_host(c, recs, MAX_RECS);
    ck_assert_uint_eq(n, 8);
    ck_assert_ptr_nonnull(find_rec(recs, n, SFLOW_CTR_HOST_DESCR));
    ck_assert_ptr_null(find_rec(recs, n, SFLOW_CTR_HOST_ADAPTORS));
    ck_assert_ptr_null(find_rec(recs, n, SFLOW_CTR_HOST_NET_IO));
    ck_assert_uint_eq(hscounters_interfaces(c, recs, MAX_RECS), 0);
    hscounters_destroy(c);

    snprintf(dir, sizeof dir, "%s/sys", root);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/sys/class", root);
    mkdir(dir, 0755);
    snprintf(dir, sizeof dir, "%s/sys/class/net", root);
    mkdir(dir, 0755);
    for (int k = 0; k < 100; k++) {
        snprintf(dir, sizeof dir, "%s/sys/class/net/vif%d.0", root, k);
        ck_assert_int_eq(mkdir(dir, 0755), 0);
        snprintf(text, sizeof text, "%d\n", 100 - k);
        write_file(dir, "ifindex", text);
        snprintf(text, sizeof text, "fe:ff:ff:ff:00:%02x\n", k);
        write_file(dir, "address", text);
        write_file(dir, "flags", "0x1003\n");
        write_file(dir, "type", "1\n");
    }
    c = hscounters_create(root);
    n = hscounters_host(c, recs, MAX_RECS);
    const struct sflow_counter_rec *a = find_rec(recs, n, SFLOW_CTR_HOST_ADAPTORS);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(a->u.host_adaptors.n_adaptors, 32);
    for (uint32_t k = 0; k < 32; k++) {
        ck_assert_uint_eq(a->u.host_adaptors.adaptors[k].ifIndex, k + 1);
    }
    ck_assert_uint_gt(encode_size(recs, n), 0);
    hscounters_destroy(c);

    for (int k = 0; k < 100; k++) {
        static const char *const files[] = { "ifindex", "address", "flags", "type" };
        for (size_t f = 0; f < ARRAY_SIZE(files); f++) {
            snprintf(dir, sizeof dir, "%s/sys/class/net/vif%d.0/%s", root, k, files[f]);
            unlink(dir);
        }
        snprintf(dir, sizeof dir, "%s/sys/class/net/vif%d.0", root, k);
        rmdir(dir);
    }
    static const char *const dirs[] = { "sys/class/net", "sys/class", "sys" };
    for (size_t k = 0; k < ARRAY_SIZE(dirs); k++) {
        snprintf(dir, sizeof dir, "%s/%s", root, dirs[k]);
        rmdir(dir);
    }
    snprintf(dir, sizeof dir, "%s/proc", root);
    unlink(dir);
    rmdir(root);
}
END_TEST

/* ---- the pure parsers ------------------------------------------------------ */

START_TEST(test_parse_stat_hz)
{
    struct sflow_host_cpu cpu;
    memset(&cpu, 0, sizeof cpu);
    /* 250 Hz: 1000 jiffies = 4000 ms; 2^40 jiffies keeps the low 32 bits of
     * its ms; truncated lines before a good one are skipped. */
    ck_assert(hsc_parse_stat("cpu 1 2\ncpu  1000 250 1099511627776 3\ncpu0 1 1 1 1\n"
                             "intr\nctxt 5", 250, &cpu));
    ck_assert_uint_eq(cpu.cpu_user, 4000);
    ck_assert_uint_eq(cpu.cpu_nice, 1000);
    ck_assert_uint_eq(cpu.cpu_system, (uint32_t) (1099511627776ULL * 4));
    ck_assert_uint_eq(cpu.cpu_idle, 12);
    ck_assert_uint_eq(cpu.cpu_wio, 0);
    ck_assert_uint_eq(cpu.cpu_num, 1);
    ck_assert_uint_eq(cpu.interrupts, 0);
    ck_assert_uint_eq(cpu.contexts, 5);
    memset(&cpu, 0, sizeof cpu);
    ck_assert(!hsc_parse_stat("cpu 1 2 3\ncpu0 1 2 3 4\n", 100, &cpu));
    ck_assert(!hsc_parse_stat("", 100, &cpu));
}
END_TEST

START_TEST(test_parse_loadavg_uptime_cpuinfo)
{
    struct sflow_host_cpu cpu;
    uint32_t up = 99;
    memset(&cpu, 0, sizeof cpu);
    ck_assert(hsc_parse_loadavg("12.50 3.00 0.01 7/4294967297 1\n", &cpu));
    ck_assert_float_eq_tol(cpu.load_one, 12.5, 1e-6);
    ck_assert_uint_eq(cpu.proc_run, 7);
    ck_assert_uint_eq(cpu.proc_total, 1);
    ck_assert(!hsc_parse_loadavg("0.1 0.2 0.3 7\n", &cpu));
    ck_assert(!hsc_parse_loadavg("0.1 0.2\n", &cpu));
    ck_assert(!hsc_parse_loadavg("nan nan nan 1/1 1\n", &cpu));
    ck_assert(hsc_parse_uptime("4294967297.5 1.0\n", &up));
    ck_assert_uint_eq(up, 1);
    ck_assert(!hsc_parse_uptime("-5 1\n", &up));
    ck_assert(!hsc_parse_uptime("", &up));
    ck_assert_uint_eq(hsc_parse_cpuinfo_mhz("processor\t: 0\ncpu MHz\t\t: 1999.6\n"), 2000);
    ck_assert_uint_eq(hsc_parse_cpuinfo_mhz("cpu MHz\t\t: junk\ncpu MHz : 800\n"), 800);
    ck_assert_uint_eq(hsc_parse_cpuinfo_mhz("cpu MHz\n"), 0);
    ck_assert_uint_eq(hsc_parse_cpuinfo_mhz("processor : 0\n"), 0);
}
END_TEST

START_TEST(test_parse_descr)
{
    struct sflow_host_descr d;
    uint8_t uuid[16];
    memset(&d, 0, sizeof d);
    ck_assert(hsc_parse_hostname("  host1 \n", &d));
    ck_assert_str_eq(d.hostname, "host1");
    ck_assert(!hsc_parse_hostname("\n", &d));
    ck_assert(hsc_parse_machine_id("0123456789abcdefABCDEF0123456789\n", uuid));
    ck_assert_uint_eq(uuid[0], 0x01);
    ck_assert_uint_eq(uuid[7], 0xef);
    ck_assert_uint_eq(uuid[8], 0xab);
    ck_assert(!hsc_parse_machine_id("0123456789abcdefABCDEF012345678\n", uuid));    /* 31 */
    ck_assert(!hsc_parse_machine_id("0123456789abcdefABCDEF01234567890\n", uuid));  /* 33 */
    ck_assert(!hsc_parse_machine_id("0123456789abcdefABCDEF012345678g", uuid));
    ck_assert(hsc_parse_dmi_uuid("00112233-4455-6677-8899-aabbccddeeff", uuid));
    ck_assert_uint_eq(uuid[15], 0xff);
    ck_assert(!hsc_parse_dmi_uuid("00112233445566778899aabbccddeeff", uuid));
    ck_assert_uint_eq(hsc_machine_type("x86_64"), SFLOW_MT_X86_64);
    ck_assert_uint_eq(hsc_machine_type("i686"), SFLOW_MT_X86);
    ck_assert_uint_eq(hsc_machine_type("aarch64"), SFLOW_MT_ARM);
    ck_assert_uint_eq(hsc_machine_type("ppc64le"), SFLOW_MT_POWERPC);
    ck_assert_uint_eq(hsc_machine_type("s390x"), SFLOW_MT_S390);
    ck_assert_uint_eq(hsc_machine_type("riscv64"), SFLOW_MT_OTHER);
    ck_assert_uint_eq(hsc_machine_type(""), SFLOW_MT_UNKNOWN);
}
END_TEST

START_TEST(test_parse_netdev)
{
    struct hsc_netdev d;
    ck_assert(!hsc_parse_netdev_line("Inter-|   Receive    |  Transmit\n", &d));
    ck_assert(!hsc_parse_netdev_line(" face |bytes packets|bytes\n", &d));
    ck_assert(!hsc_parse_netdev_line("eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n", &d));
    ck_assert(!hsc_parse_netdev_line("eth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", &d));
    ck_assert(!hsc_parse_netdev_line("eth0\n: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", &d));
    ck_assert(hsc_parse_netdev_line("eth0:1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", &d));
    ck_assert_str_eq(d.name, "eth0");
    ck_assert_uint_eq(d.rx_multicast, 8);
    ck_assert_uint_eq(d.tx_compressed, 16);
    /* An octet count past 2^64 wraps. */
    ck_assert(hsc_parse_netdev_line(" a.b-c: 18446744073709551617 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
                                    &d));
    ck_assert_str_eq(d.name, "a.b-c");
    ck_assert_uint_eq(d.rx_bytes, 1);

    struct sflow_host_net_io io;
    memset(&io, 0, sizeof io);
    d.rx_packets = 0xffffffffULL;
    hsc_netdev_add_net_io(&d, &io);
    d.rx_packets = 2;
    hsc_netdev_add_net_io(&d, &io);
    ck_assert_uint_eq(io.pkts_in, 1);                       /* 32-bit wrap */
    ck_assert_uint_eq(io.bytes_in, 2);
}
END_TEST

START_TEST(test_parse_snmp)
{
    struct sflow_mib2_ip ip;
    struct sflow_mib2_icmp icmp;
    struct sflow_mib2_tcp tcp;
    struct sflow_mib2_udp udp;
    /* Values before names, a group without values, an IcmpMsg line that
     * must not be taken for Icmp. */
    unsigned found = hsc_parse_snmp("Udp: 1 2\nIp: Forwarding\nTcp: ActiveOpens\nTcp: 9\n"
                                    "IcmpMsg: InType3\nIcmpMsg: 4\nIcmp: InMsgs OutMsgs\n"
                                    "Icmp: 3 4294967296\n",
                                    &ip, &icmp, &tcp, &udp);
    ck_assert_uint_eq(found, HSC_MIB2_TCP | HSC_MIB2_ICMP);
    ck_assert_uint_eq(tcp.tcpActiveOpens, 9);
    ck_assert_uint_eq(icmp.icmpInMsgs, 3);
    ck_assert_uint_eq(icmp.icmpOutMsgs, 0);
    ck_assert_uint_eq(hsc_parse_snmp("", &ip, &icmp, &tcp, &udp), 0);
}
END_TEST

START_TEST(test_parse_disks)
{
    const char disks[][32] = { "sda", "nvme0n1", "mmcblk0" };
    ck_assert(!hsc_disk_counts("sda1", disks, 3));
    ck_assert(!hsc_disk_counts("sda15", disks, 3));
    ck_assert(hsc_disk_counts("sdaa", disks, 3));
    ck_assert(!hsc_disk_counts("nvme0n1p3", disks, 3));
    ck_assert(!hsc_disk_counts("mmcblk0p1", disks, 3));
    ck_assert(hsc_disk_counts("nvme1n1", disks, 3));
    ck_assert(hsc_disk_counts("vdb", disks, 3));
    ck_assert(!hsc_disk_counts("loop3", disks, 0));
    ck_assert(!hsc_disk_counts("zram0", disks, 0));
    ck_assert(!hsc_disk_counts("dm-2", disks, 0));
    ck_assert(!hsc_disk_counts("md127", disks, 0));

    struct sflow_host_disk_io d;
    memset(&d, 0, sizeof d);
    ck_assert(!hsc_parse_diskstats("   8 0 sda 1 2 3\n", &d));
    ck_assert(hsc_parse_diskstats("   8 0 sda 4294967297 0 1 2 3 0 4 5\n", &d));
    ck_assert_uint_eq(d.reads, 1);
    ck_assert_uint_eq(d.bytes_read, 512);
    ck_assert_uint_eq(d.read_time, 2);
    ck_assert_uint_eq(d.writes, 3);
    ck_assert_uint_eq(d.bytes_written, 4 * 512);
    ck_assert_uint_eq(d.write_time, 5);

    /* Mounts without a statvfs are listed but add nothing. */
    memset(&d, 0, sizeof d);
    ck_assert_uint_eq(hsc_parse_mounts("/dev/sda1 / ext4 rw 0 0\n", "", NULL, &d), 0);
    ck_assert_uint_eq(d.disk_total, 0);
    ck_assert_uint_eq(hsc_parse_mounts("/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /x\\ ext4\n"
                                       "/dev/sdc1 /y\\400 ext4\n",
                                       "/r", fake_statvfs, &d), 1);
    ck_assert_uint_eq(d.disk_total, 1000 * 4096);
}
END_TEST

START_TEST(test_parse_sysfs_values)
{
    uint8_t mac[6];
    ck_assert(hsc_parse_mac("00:16:3e:Aa:bB:0f\n", mac));
    ck_assert_uint_eq(mac[3], 0xaa);
    ck_assert_uint_eq(mac[5], 0x0f);
    ck_assert(!hsc_parse_mac("00:16:3e:aa:bb\n", mac));
    ck_assert(!hsc_parse_mac("00:16:3e:aa:bb:cc:dd:ee\n", mac));       /* InfiniBand */
    ck_assert_uint_eq(hsc_parse_speed("1000\n"), 1000000000ULL);
    ck_assert_uint_eq(hsc_parse_speed("-1\n"), 0);
    ck_assert_uint_eq(hsc_parse_speed(""), 0);
    ck_assert_uint_eq(hsc_parse_speed("18446744073709551\n"), 0);     /* b/s past 2^64 */
}
END_TEST

/* ---- the live host ---------------------------------------------------------- */

START_TEST(test_live)
{
    struct hscounters *c = hscounters_create("/");
    struct sflow_counter_rec recs[MAX_RECS];
    size_t n = hscounters_host(c, recs, MAX_RECS);

    const struct sflow_counter_rec *r = find_rec(recs, n, SFLOW_CTR_HOST_CPU);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq((long) r->u.host_cpu.cpu_num, sysconf(_SC_NPROCESSORS_ONLN));

    unsigned long long kb = 0;
    FILE *f = fopen("/proc/meminfo", "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fscanf(f, "MemTotal: %llu kB", &kb), 1);
    fclose(f);
    r = find_rec(recs, n, SFLOW_CTR_HOST_MEMORY);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->u.host_memory.mem_total, kb * 1024);

    char host[256];
    ck_assert_int_eq(gethostname(host, sizeof host), 0);
    host[SFLOW_HOSTNAME_MAX] = '\0';
    r = find_rec(recs, n, SFLOW_CTR_HOST_DESCR);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->u.host_descr.hostname, host);
    ck_assert_uint_eq(r->u.host_descr.os_name, SFLOW_OS_LINUX);
    ck_assert_uint_ne(r->u.host_descr.machine_type, SFLOW_MT_UNKNOWN);

    ck_assert_ptr_nonnull(find_rec(recs, n, SFLOW_CTR_HOST_DISK_IO));
    ck_assert_ptr_nonnull(find_rec(recs, n, SFLOW_CTR_HOST_NET_IO));
    ck_assert_ptr_nonnull(find_rec(recs, n, SFLOW_CTR_MIB2_IP));

    /* Each interface record is one that sysfs lists. */
    size_t ni = hscounters_interfaces(c, recs, MAX_RECS);
    for (size_t i = 0; i < ni; i++) {
        ck_assert_uint_eq(recs[i].tag, SFLOW_CTR_GENERIC);
        ck_assert_uint_ne(recs[i].u.generic.ifIndex, 0);
    }
    hscounters_destroy(c);
}
END_TEST

CHECK_MAIN(
    .name = "counters",
    .tests = CHECK_TESTS(test_recorded_host, test_recorded_interfaces, test_odd_host,
                         test_odd_interfaces, test_missing_sysroot, test_encode_fits,
                         test_parse_stat_hz, test_parse_loadavg_uptime_cpuinfo,
                         test_parse_descr, test_parse_netdev, test_parse_snmp, test_parse_disks,
                         test_parse_sysfs_values, test_live))
