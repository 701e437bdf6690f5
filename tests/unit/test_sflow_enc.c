/* Unit tests for the sFlow v5 encoder: the bounded XDR writer, the bytes of
 * every record type as sflow_version_5.txt / sflow_host.txt lay them out,
 * samples in both forms, the datagram header, and the packer. */
#include <config.h>

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sflow/sflow_enc.h"
#include "sflow/sflow_fields.h"
#include "sflow/sflow_pack.h"
#include "common/util.h"
#include "check_run.h"

static uint8_t out[4096];

static uint32_t
be32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static void
check_words(const uint8_t *p, size_t len, const uint32_t *w, size_t n)
{
    ck_assert_uint_eq(len, n * 4);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(be32(p + 4 * i) == w[i], "word %zu: got 0x%08x, want 0x%08x",
                      i, be32(p + 4 * i), w[i]);
    }
}
#define EXPECT(LEN, ...)                                            \
    do {                                                            \
        static const uint32_t w_[] = { __VA_ARGS__ };               \
        check_words(out, LEN, w_, ARRAY_SIZE(w_));                  \
    } while (0)

/* Encodes R into OUT and checks that every smaller buffer is refused without
 * a byte written past its end. Returns the encoded length. */
static size_t
enc_ctr(const struct sflow_counter_rec *r)
{
    struct xdr_buf b;
    xdr_init(&b, out, sizeof out);
    ck_assert(sflow_encode_counter_rec(&b, r));
    ck_assert(!b.overflow);
    size_t len = b.len;

    uint8_t small[512];
    ck_assert_uint_le(len, sizeof small - 16);
    for (size_t cap = 0; cap < len; cap++) {
        memset(small, 0xa5, sizeof small);
        xdr_init(&b, small, cap);
        ck_assert(!sflow_encode_counter_rec(&b, r));
        ck_assert(b.overflow);
        for (size_t i = cap; i < sizeof small; i++) {
            ck_assert_msg(small[i] == 0xa5, "cap %zu: byte %zu written", cap, i);
        }
    }
    return len;
}

/* ---- the XDR writer ------------------------------------------------------- */

START_TEST(test_xdr_bounds)
{
    uint8_t buf[12];
    struct xdr_buf b;
    memset(buf, 0xee, sizeof buf);
    xdr_init(&b, buf, 6);
    ck_assert(xdr_put_u32(&b, 0x01020304));
    ck_assert(!xdr_put_u32(&b, 0x05060708));
    ck_assert(b.overflow);
    ck_assert_uint_eq(b.len, 4);
    ck_assert_uint_eq(buf[4], 0xee);
    ck_assert_uint_eq(buf[5], 0xee);
    /* Sticky: even a write that would fit now fails. */
    ck_assert(!xdr_put_opaque_fixed(&b, "", 0));
    ck_assert(b.overflow);

    xdr_init(&b, buf, sizeof buf);
    ck_assert(xdr_put_u64(&b, 1));
    ck_assert(xdr_put_u32(&b, 2));
    ck_assert(!xdr_put_u32(&b, 3));
    ck_assert_uint_eq(b.len, 12);
    ck_assert(!xdr_put_u32(&b, 4));

    xdr_init(&b, NULL, 100);
    ck_assert(!xdr_put_u32(&b, 1));
}
END_TEST

START_TEST(test_xdr_values)
{
    struct xdr_buf b;
    xdr_init(&b, out, sizeof out);
    ck_assert(xdr_put_u32(&b, 0xdeadbeef));
    ck_assert(xdr_put_u64(&b, 0x0102030405060708ULL));
    ck_assert(xdr_put_float(&b, 1.5f));
    ck_assert(xdr_put_opaque_fixed(&b, "\xaa\xbb\xcc\xdd\xee", 5));
    ck_assert(xdr_put_opaque_var(&b, "xy", 2));
    ck_assert(xdr_put_string(&b, "abcdefgh", 5));     /* truncated to 5 */
    ck_assert(xdr_put_string(&b, NULL, 5));
    EXPECT(b.len, 0xdeadbeef, 0x01020304, 0x05060708, 0x3fc00000,
           0xaabbccdd, 0xee000000, 2, 0x78790000, 5, 0x61626364, 0x65000000, 0);
}
END_TEST

START_TEST(test_xdr_opaque_var_no_partial)
{
    uint8_t buf[8];
    struct xdr_buf b;
    xdr_init(&b, buf, sizeof buf);
    ck_assert(!xdr_put_opaque_var(&b, "abcdefgh", 8));
    ck_assert(b.overflow);
    ck_assert_uint_eq(b.len, 0);
}
END_TEST

/* ---- counter records, byte for byte --------------------------------------- */

START_TEST(test_rec_generic)
{
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_GENERIC };
    struct sflow_if_counters *c = &r.u.generic;
    c->ifIndex = 1; c->ifType = 6; c->ifSpeed = 10000000000ULL;
    c->ifDirection = 1; c->ifStatus = 3;
    c->ifInOctets = 0x100000010ULL;
    c->ifInUcastPkts = 11; c->ifInMulticastPkts = 12; c->ifInBroadcastPkts = 13;
    c->ifInDiscards = 14; c->ifInErrors = 15; c->ifInUnknownProtos = 16;
    c->ifOutOctets = 0x200000020ULL;
    c->ifOutUcastPkts = 21; c->ifOutMulticastPkts = 22; c->ifOutBroadcastPkts = 23;
    c->ifOutDiscards = 24; c->ifOutErrors = 25; c->ifPromiscuousMode = 1;
    size_t len = enc_ctr(&r);
    EXPECT(len, 1, 88, 1, 6, 2, 0x540be400, 1, 3, 1, 0x10, 11, 12, 13, 14, 15, 16,
           2, 0x20, 21, 22, 23, 24, 25, 1);
    ck_assert_uint_eq(sflow_counter_rec_size(SFLOW_CTR_GENERIC), 88);
}
END_TEST

START_TEST(test_rec_ethernet)
{
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_ETHERNET };
    struct sflow_ethernet_counters *e = &r.u.ethernet;
    e->dot3StatsAlignmentErrors = 1; e->dot3StatsFCSErrors = 2;
    e->dot3StatsSingleCollisionFrames = 3; e->dot3StatsMultipleCollisionFrames = 4;
    e->dot3StatsSQETestErrors = 5; e->dot3StatsDeferredTransmissions = 6;
    e->dot3StatsLateCollisions = 7; e->dot3StatsExcessiveCollisions = 8;
    e->dot3StatsInternalMacTransmitErrors = 9; e->dot3StatsCarrierSenseErrors = 10;
    e->dot3StatsFrameTooLongs = 11; e->dot3StatsInternalMacReceiveErrors = 12;
    e->dot3StatsSymbolErrors = 13;
    EXPECT(enc_ctr(&r), 2, 52, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
    ck_assert_uint_eq(sflow_counter_rec_size(SFLOW_CTR_ETHERNET), 52);
}
END_TEST

START_TEST(test_rec_host_descr)
{
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_HOST_DESCR };
    struct sflow_host_descr *d = &r.u.host_descr;
    strcpy(d->hostname, "xcp1");
    for (int i = 0; i < 16; i++) {
        d->uuid[i] = (uint8_t) i;
    }
    d->machine_type = SFLOW_MT_X86_64;
    d->os_name = SFLOW_OS_LINUX;
    strcpy(d->os_release, "6.1.0-13");
    EXPECT(enc_ctr(&r), 2000, 44, 4, 0x78637031, 0x00010203, 0x04050607, 0x08090a0b,
           0x0c0d0e0f, 3, 2, 8, 0x362e312e, 0x302d3133);
    ck_assert_uint_eq(sflow_counter_rec_size(SFLOW_CTR_HOST_DESCR), 0);

    /* A 5-byte name is padded with three zero bytes. */
    strcpy(d->hostname, "hostA");
    d->os_release[0] = '\0';
    EXPECT(enc_ctr(&r), 2000, 40, 5, 0x686f7374, 0x41000000, 0x00010203, 0x04050607,
           0x08090a0b, 0x0c0d0e0f, 3, 2, 0);
}
END_TEST

START_TEST(test_rec_host_adaptors)
{
    struct sflow_adaptor ad[2] = {
        { .ifIndex = 2, .n_macs = 1, .macs = { { 0x02, 0, 0, 0, 0, 0x01 } } },
        { .ifIndex = 3, .n_macs = 2, .macs = { { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff },
                                                { 1, 2, 3, 4, 5, 6 } } },
    };
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_HOST_ADAPTORS };
    r.u.host_adaptors.n_adaptors = 2;
    r.u.host_adaptors.adaptors = ad;
    /* Each MAC is opaque[6], padded to 8 bytes. */
    EXPECT(enc_ctr(&r), 2001, 44, 2, 2, 1, 0x02000000, 0x00010000,
           3, 2, 0xaabbccdd, 0xeeff0000, 0x01020304, 0x05060000);

    ad[1].n_macs = SFLOW_ADAPTOR_MAX_MACS + 1;
    struct xdr_buf b;
    xdr_init(&b, out, sizeof out);
    ck_assert(!sflow_encode_counter_rec(&b, &r));
    ck_assert(!b.overflow);
    ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(test_rec_host_parent_cpu)
{
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_HOST_PARENT };
    r.u.host_parent.container_type = 2;
    r.u.host_parent.container_index = 1;
    EXPECT(enc_ctr(&r), 2002, 8, 2, 1);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_HOST_CPU };
    struct sflow_host_cpu *c = &r.u.host_cpu;
    c->load_one = 1.5f; c->load_five = 0.25f; c->load_fifteen = 2.0f;
    c->proc_run = 4; c->proc_total = 5; c->cpu_num = 6; c->cpu_speed = 7; c->uptime = 8;
    c->cpu_user = 9; c->cpu_nice = 10; c->cpu_system = 11; c->cpu_idle = 12;
    c->cpu_wio = 13; c->cpu_intr = 14; c->cpu_sintr = 15; c->interrupts = 16;
    c->contexts = 17;
    EXPECT(enc_ctr(&r), 2003, 68, 0x3fc00000, 0x3e800000, 0x40000000,
           4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
}
END_TEST

START_TEST(test_rec_host_memory_disk_net)
{
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_HOST_MEMORY };
    struct sflow_host_memory *m = &r.u.host_memory;
    m->mem_total = 0x100000001ULL; m->mem_free = 0x200000002ULL; m->mem_shared = 3;
    m->mem_buffers = 4; m->mem_cached = 5; m->swap_total = 6; m->swap_free = 7;
    m->page_in = 8; m->page_out = 9; m->swap_in = 10; m->swap_out = 11;
    EXPECT(enc_ctr(&r), 2004, 72, 1, 1, 2, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 8, 9, 10, 11);
    ck_assert_uint_eq(sflow_counter_rec_size(SFLOW_CTR_HOST_MEMORY), 72);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_HOST_DISK_IO };
    struct sflow_host_disk_io *d = &r.u.host_disk_io;
    d->disk_total = 0x100000002ULL; d->disk_free = 3; d->part_max_used = 4; d->reads = 5;
    d->bytes_read = 0x600000007ULL; d->read_time = 8; d->writes = 9;
    d->bytes_written = 10; d->write_time = 11;
    EXPECT(enc_ctr(&r), 2005, 52, 1, 2, 0, 3, 4, 5, 6, 7, 8, 9, 0, 10, 11);
    ck_assert_uint_eq(sflow_counter_rec_size(SFLOW_CTR_HOST_DISK_IO), 52);

    static const uint32_t tags[] = { SFLOW_CTR_HOST_NET_IO, SFLOW_CTR_VIRT_NET_IO };
    for (size_t i = 0; i < ARRAY_SIZE(tags); i++) {
        r = (struct sflow_counter_rec) { .tag = tags[i] };
        struct sflow_host_net_io *n = &r.u.host_net_io;
        n->bytes_in = 0x100000002ULL; n->pkts_in = 3; n->errs_in = 4; n->drops_in = 5;
        n->bytes_out = 6; n->pkts_out = 7; n->errs_out = 8; n->drops_out = 9;
        size_t len = enc_ctr(&r);
        ck_assert_uint_eq(be32(out), tags[i]);
        check_words(out + 4, len - 4,
                    (const uint32_t[]) { 40, 1, 2, 3, 4, 5, 0, 6, 7, 8, 9 }, 11);
        ck_assert_uint_eq(sflow_counter_rec_size(tags[i]), 40);
    }
}
END_TEST

START_TEST(test_rec_mib2)
{
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_MIB2_IP };
    struct sflow_mib2_ip *ip = &r.u.mib2_ip;
    ip->ipForwarding = 1; ip->ipDefaultTTL = 2; ip->ipInReceives = 3; ip->ipInHdrErrors = 4;
    ip->ipInAddrErrors = 5; ip->ipForwDatagrams = 6; ip->ipInUnknownProtos = 7;
    ip->ipInDiscards = 8; ip->ipInDelivers = 9; ip->ipOutRequests = 10;
    ip->ipOutDiscards = 11; ip->ipOutNoRoutes = 12; ip->ipReasmTimeout = 13;
    ip->ipReasmReqds = 14; ip->ipReasmOKs = 15; ip->ipReasmFails = 16; ip->ipFragOKs = 17;
    ip->ipFragFails = 18; ip->ipFragCreates = 19;
    EXPECT(enc_ctr(&r), 2007, 76, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
           17, 18, 19);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_MIB2_ICMP };
    struct sflow_mib2_icmp *ic = &r.u.mib2_icmp;
    ic->icmpInMsgs = 1; ic->icmpInErrors = 2; ic->icmpInDestUnreachs = 3;
    ic->icmpInTimeExcds = 4; ic->icmpInParamProbs = 5; ic->icmpInSrcQuenchs = 6;
    ic->icmpInRedirects = 7; ic->icmpInEchos = 8; ic->icmpInEchoReps = 9;
    ic->icmpInTimestamps = 10; ic->icmpInAddrMasks = 11; ic->icmpInAddrMaskReps = 12;
    ic->icmpOutMsgs = 13; ic->icmpOutErrors = 14; ic->icmpOutDestUnreachs = 15;
    ic->icmpOutTimeExcds = 16; ic->icmpOutParamProbs = 17; ic->icmpOutSrcQuenchs = 18;
    ic->icmpOutRedirects = 19; ic->icmpOutEchos = 20; ic->icmpOutEchoReps = 21;
    ic->icmpOutTimestamps = 22; ic->icmpOutTimestampReps = 23; ic->icmpOutAddrMasks = 24;
    ic->icmpOutAddrMaskReps = 25;
    EXPECT(enc_ctr(&r), 2008, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
           17, 18, 19, 20, 21, 22, 23, 24, 25);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_MIB2_TCP };
    struct sflow_mib2_tcp *t = &r.u.mib2_tcp;
    t->tcpRtoAlgorithm = 1; t->tcpRtoMin = 2; t->tcpRtoMax = 3; t->tcpMaxConn = 4;
    t->tcpActiveOpens = 5; t->tcpPassiveOpens = 6; t->tcpAttemptFails = 7;
    t->tcpEstabResets = 8; t->tcpCurrEstab = 9; t->tcpInSegs = 10; t->tcpOutSegs = 11;
    t->tcpRetransSegs = 12; t->tcpInErrs = 13; t->tcpOutRsts = 14; t->tcpInCsumErrors = 15;
    EXPECT(enc_ctr(&r), 2009, 60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_MIB2_UDP };
    struct sflow_mib2_udp *u = &r.u.mib2_udp;
    u->udpInDatagrams = 1; u->udpNoPorts = 2; u->udpInErrors = 3; u->udpOutDatagrams = 4;
    u->udpRcvbufErrors = 5; u->udpSndbufErrors = 6; u->udpInCsumErrors = 7;
    EXPECT(enc_ctr(&r), 2010, 28, 1, 2, 3, 4, 5, 6, 7);
}
END_TEST

START_TEST(test_rec_virt)
{
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_VIRT_NODE };
    struct sflow_virt_node *n = &r.u.virt_node;
    n->mhz = 2400; n->cpus = 8; n->memory = 0x100000002ULL; n->memory_free = 3;
    n->num_domains = 4;
    EXPECT(enc_ctr(&r), 2100, 28, 2400, 8, 1, 2, 0, 3, 4);
    ck_assert_uint_eq(sflow_counter_rec_size(SFLOW_CTR_VIRT_NODE), 28);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_VIRT_CPU };
    r.u.virt_cpu.state = 1; r.u.virt_cpu.cpuTime = 2; r.u.virt_cpu.nrVirtCpu = 3;
    EXPECT(enc_ctr(&r), 2101, 12, 1, 2, 3);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_VIRT_MEMORY };
    r.u.virt_memory.memory = 0x100000002ULL; r.u.virt_memory.maxMemory = 3;
    EXPECT(enc_ctr(&r), 2102, 16, 1, 2, 0, 3);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_VIRT_DISK_IO };
    struct sflow_virt_disk_io *d = &r.u.virt_disk_io;
    d->capacity = 0x100000002ULL; d->allocation = 3; d->available = 4; d->rd_req = 5;
    d->rd_bytes = 6; d->wr_req = 7; d->wr_bytes = 8; d->errs = 9;
    EXPECT(enc_ctr(&r), 2103, 52, 1, 2, 0, 3, 0, 4, 5, 0, 6, 7, 0, 8, 9);
}
END_TEST

/* What ovs-vswitchd sends besides the interface counters (sflow_openflow.txt,
 * sflow_application.txt and Open vSwitch's datapath block). */
START_TEST(test_rec_ovs)
{
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_OF_PORT };
    r.u.of_port.datapath_id = 0x0000b2c3d4e5f601ULL; r.u.of_port.port_no = 2;
    EXPECT(enc_ctr(&r), 1004, 12, 0x0000b2c3, 0xd4e5f601, 2);
    ck_assert_uint_eq(sflow_counter_rec_size(SFLOW_CTR_OF_PORT), 12);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_PORT_NAME };
    snprintf(r.u.port_name.name, sizeof r.u.port_name.name, "%s", "xenbr0");
    EXPECT(enc_ctr(&r), 1005, 12, 6, 0x78656e62 /* xenb */, 0x72300000 /* r0 + pad */);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_APP_RESOURCES };
    struct sflow_app_resources *a = &r.u.app_resources;
    a->user_time = 1; a->system_time = 2; a->mem_used = 0x300000004ULL; a->mem_max = 5;
    a->fd_open = 6; a->fd_max = 7; a->conn_open = 8; a->conn_max = 9;
    EXPECT(enc_ctr(&r), 2203, 40, 1, 2, 3, 4, 0, 5, 6, 7, 8, 9);
    ck_assert_uint_eq(sflow_counter_rec_size(SFLOW_CTR_APP_RESOURCES), 40);

    r = (struct sflow_counter_rec) { .tag = SFLOW_CTR_OVS_DP };
    r.u.ovs_dp = (struct sflow_ovs_dp) { 1, 2, 3, 4, 5, 6 };
    EXPECT(enc_ctr(&r), 2207, 24, 1, 2, 3, 4, 5, 6);
    ck_assert_uint_eq(sflow_counter_rec_size(SFLOW_CTR_OVS_DP), 24);

    struct sflow_flow_rec f = { .tag = SFLOW_FLOW_EXT_SWITCH };
    f.u.ext_switch = (struct sflow_extended_switch) { 10, 3, 20, 5 };
    struct xdr_buf b;
    xdr_init(&b, out, sizeof out);
    ck_assert(sflow_encode_flow_rec(&b, &f));
    EXPECT(b.len, 1001, 16, 10, 3, 20, 5);
}
END_TEST

START_TEST(test_rec_unknown_refused)
{
    struct sflow_counter_rec r = { .tag = 4242 };
    struct xdr_buf b;
    xdr_init(&b, out, sizeof out);
    ck_assert(!sflow_encode_counter_rec(&b, &r));
    ck_assert(!b.overflow);
    ck_assert_uint_eq(b.len, 0);
    struct sflow_flow_rec f = { .tag = 1002 };
    ck_assert(!sflow_encode_flow_rec(&b, &f));
    ck_assert_uint_eq(b.len, 0);
}
END_TEST

/* ---- flow records and samples --------------------------------------------- */

static const uint8_t pkt[] = { 0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00, 0x45 };

START_TEST(test_rec_sampled_header)
{
    struct sflow_flow_rec r = { .tag = SFLOW_FLOW_HEADER };
    r.u.header = (struct sflow_sampled_header) {
        .protocol = SFLOW_HEADER_ETHERNET, .frame_length = 98, .stripped = 4,
        .header_length = sizeof pkt, .header = pkt,
    };
    struct xdr_buf b;
    xdr_init(&b, out, sizeof out);
    ck_assert(sflow_encode_flow_rec(&b, &r));
    EXPECT(b.len, 1, 32, 1, 98, 4, 15, 0x02000000, 0x00010200, 0x00000002, 0x08004500);

    uint8_t big[SFLOW_MAX_HEADER + 1] = { 0 };
    r.u.header.header = big;
    r.u.header.header_length = sizeof big;
    xdr_init(&b, out, sizeof out);
    ck_assert(!sflow_encode_flow_rec(&b, &r));
    ck_assert_uint_eq(b.len, 0);
}
END_TEST

static void
make_flow(struct sflow_flow_sample *s, struct sflow_flow_rec *r)
{
    r->tag = SFLOW_FLOW_HEADER;
    r->u.header = (struct sflow_sampled_header) {
        .protocol = SFLOW_HEADER_ETHERNET, .frame_length = 98,
        .header_length = 4, .header = pkt,
    };
    *s = (struct sflow_flow_sample) {
        .seq = 7, .ds_class = 0, .ds_index = 5, .sampling_rate = 400, .sample_pool = 4000,
        .drops = 2, .input = { 0, 5 }, .output = { 2, 3 }, .n_recs = 1, .recs = r,
    };
}

START_TEST(test_flow_sample_forms)
{
    struct sflow_flow_sample s;
    struct sflow_flow_rec r;
    make_flow(&s, &r);
    struct xdr_buf b;
    xdr_init(&b, out, sizeof out);
    ck_assert(sflow_encode_flow_sample(&b, &s, false));
    EXPECT(b.len, 1, 60, 7, 5, 400, 4000, 2, 5, 0x80000003, 1,
           1, 20, 1, 98, 0, 4, 0x02000000);

    xdr_init(&b, out, sizeof out);
    ck_assert(sflow_encode_flow_sample(&b, &s, true));
    EXPECT(b.len, 3, 72, 7, 0, 5, 400, 4000, 2, 0, 5, 2, 3, 1,
           1, 20, 1, 98, 0, 4, 0x02000000);

    s.ds_index = 0x1000000;             /* too big for the compact form */
    xdr_init(&b, out, sizeof out);
    ck_assert(!sflow_flow_sample_fits_compact(&s));
    ck_assert(!sflow_encode_flow_sample(&b, &s, false));
    ck_assert(!b.overflow);
    s.ds_index = 5;
    s.output.value = 0x40000000;
    ck_assert(!sflow_flow_sample_fits_compact(&s));
}
END_TEST

START_TEST(test_counters_sample_forms)
{
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_HOST_PARENT };
    r.u.host_parent.container_type = 2;
    r.u.host_parent.container_index = 1;
    struct sflow_counters_sample s = {
        .seq = 9, .ds_class = SFLOW_DS_VM, .ds_index = 17, .n_recs = 1, .recs = &r,
    };
    struct xdr_buf b;
    xdr_init(&b, out, sizeof out);
    ck_assert(sflow_encode_counters_sample(&b, &s, false));
    EXPECT(b.len, 2, 28, 9, 0x03000011, 1, 2002, 8, 2, 1);
    xdr_init(&b, out, sizeof out);
    ck_assert(sflow_encode_counters_sample(&b, &s, true));
    EXPECT(b.len, 4, 32, 9, 3, 17, 1, 2002, 8, 2, 1);

    /* Every truncation of the buffer is refused, nothing written past it. */
    uint8_t small[64];
    for (size_t cap = 0; cap < 40; cap++) {
        memset(small, 0x5a, sizeof small);
        xdr_init(&b, small, cap);
        ck_assert(!sflow_encode_counters_sample(&b, &s, true));
        ck_assert(b.overflow);
        for (size_t i = cap; i < sizeof small; i++) {
            ck_assert_uint_eq(small[i], 0x5a);
        }
    }
}
END_TEST

START_TEST(test_datagram_header)
{
    struct sflow_datagram_header h = {
        .agent = { .family = AF_INET }, .sub_agent_id = 1, .seq = 2, .uptime_ms = 3,
        .n_samples = 4,
    };
    inet_pton(AF_INET, "10.0.0.5", h.agent.bytes);
    struct xdr_buf b;
    xdr_init(&b, out, sizeof out);
    ck_assert(sflow_encode_datagram_header(&b, &h));
    EXPECT(b.len, 5, 1, 0x0a000005, 1, 2, 3, 4);
    ck_assert_uint_eq(sflow_datagram_header_size(&h.agent), 28);

    h.agent.family = AF_INET6;
    inet_pton(AF_INET6, "2001:db8::1", h.agent.bytes);
    xdr_init(&b, out, sizeof out);
    ck_assert(sflow_encode_datagram_header(&b, &h));
    EXPECT(b.len, 5, 2, 0x20010db8, 0, 0, 1, 1, 2, 3, 4);
    ck_assert_uint_eq(sflow_datagram_header_size(&h.agent), 40);

    h.agent.family = AF_UNIX;
    xdr_init(&b, out, sizeof out);
    ck_assert(!sflow_encode_datagram_header(&b, &h));
}
END_TEST

/* ---- the packer ----------------------------------------------------------- */

struct capture {
    int n;
    uint8_t dgrams[64][SFLOW_MAX_DATAGRAM > 2048 ? 2048 : SFLOW_MAX_DATAGRAM];
    size_t lens[64];
};

static void
capture_emit(void *ctx, const uint8_t *data, size_t len)
{
    struct capture *c = ctx;
    ck_assert_int_lt(c->n, 64);
    ck_assert_uint_le(len, sizeof c->dgrams[0]);
    memcpy(c->dgrams[c->n], data, len);
    c->lens[c->n++] = len;
}

/* Walks datagram I of C (IPv4 agent): checks its framing and collects every
 * sample's (type, source id, seq). Returns the number of samples. */
static uint32_t
walk(const struct capture *c, int i, uint32_t types[], uint32_t srcs[], uint32_t seqs[])
{
    const uint8_t *d = c->dgrams[i];
    size_t len = c->lens[i];
    ck_assert_uint_eq(be32(d), 5);
    ck_assert_uint_eq(be32(d + 4), 1);
    uint32_t n = be32(d + 24);
    size_t off = 28;
    for (uint32_t k = 0; k < n; k++) {
        ck_assert_uint_le(off + 8, len);
        types[k] = be32(d + off);
        uint32_t slen = be32(d + off + 4);
        seqs[k] = be32(d + off + 8);
        srcs[k] = types[k] == 4 ? be32(d + off + 16) : be32(d + off + 12);
        off += 8 + slen;
    }
    ck_assert_uint_eq(off, len);
    return n;
}

START_TEST(test_packer_split_and_seq)
{
    static struct capture cap;
    memset(&cap, 0, sizeof cap);
    struct sflow_address agent = { .family = AF_INET, .bytes = { 10, 0, 0, 5 } };
    struct sflow_packer *p = sflow_packer_create(&agent, 0, 300, capture_emit, &cap);

    struct sflow_counter_rec r = { .tag = SFLOW_CTR_HOST_MEMORY };  /* 80 + 20 bytes */
    struct sflow_counters_sample s = { .ds_class = 2, .ds_index = 1, .n_recs = 1, .recs = &r };
    struct sflow_counters_sample v = { .ds_class = 3, .ds_index = 7, .n_recs = 1, .recs = &r };
    for (int i = 0; i < 5; i++) {
        ck_assert(sflow_packer_add_counters(p, &s, 1000));
        ck_assert(sflow_packer_add_counters(p, &v, 1000));
    }
    sflow_packer_flush(p, 2000);
    sflow_packer_flush(p, 2000);        /* nothing pending: no datagram */

    /* 28 + 2 * 100 <= 300 < 28 + 3 * 100: two samples per datagram. */
    ck_assert_int_eq(cap.n, 5);
    uint32_t next_s = 1, next_v = 1;
    for (int i = 0; i < cap.n; i++) {
        ck_assert_uint_le(cap.lens[i], 300);
        ck_assert_uint_eq(be32(cap.dgrams[i] + 16), (uint32_t) i + 1);   /* datagram seq */
        ck_assert_uint_eq(be32(cap.dgrams[i] + 20), i == cap.n - 1 ? 2000 : 1000);
        uint32_t t[8], src[8], seq[8];
        uint32_t n = walk(&cap, i, t, src, seq);
        ck_assert_uint_eq(n, 2);
        for (uint32_t k = 0; k < n; k++) {
            ck_assert_uint_eq(t[k], 2);
            if (src[k] == 0x02000001) {
                ck_assert_uint_eq(seq[k], next_s++);
            } else {
                ck_assert_uint_eq(src[k], 0x03000007);
                ck_assert_uint_eq(seq[k], next_v++);
            }
        }
    }
    ck_assert_uint_eq(next_s, 6);
    ck_assert_uint_eq(next_v, 6);
    ck_assert_uint_eq(sflow_packer_get_stats(p)->samples, 10);
    ck_assert_uint_eq(sflow_packer_get_stats(p)->datagrams, 5);
    sflow_packer_destroy(p);
}
END_TEST

START_TEST(test_packer_flow_counter_seq_apart)
{
    static struct capture cap;
    memset(&cap, 0, sizeof cap);
    struct sflow_address agent = { .family = AF_INET, .bytes = { 127, 0, 0, 1 } };
    struct sflow_packer *p = sflow_packer_create(&agent, 0, 1400, capture_emit, &cap);
    struct sflow_flow_sample f;
    struct sflow_flow_rec fr;
    make_flow(&f, &fr);
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_GENERIC };
    struct sflow_counters_sample c = { .ds_class = 0, .ds_index = 5, .n_recs = 1, .recs = &r };
    ck_assert(sflow_packer_add_flow(p, &f, 1));
    ck_assert(sflow_packer_add_flow(p, &f, 1));
    ck_assert(sflow_packer_add_counters(p, &c, 1));
    /* A source index beyond 24 bits goes out in the expanded form. */
    c.ds_index = 0x12345678;
    ck_assert(sflow_packer_add_counters(p, &c, 1));
    sflow_packer_flush(p, 1);
    ck_assert_int_eq(cap.n, 1);
    uint32_t t[8], src[8], seq[8];
    ck_assert_uint_eq(walk(&cap, 0, t, src, seq), 4);
    ck_assert_uint_eq(t[0], 1);
    ck_assert_uint_eq(seq[0], 1);
    ck_assert_uint_eq(seq[1], 2);
    ck_assert_uint_eq(t[2], 2);
    ck_assert_uint_eq(seq[2], 1);
    ck_assert_uint_eq(t[3], 4);
    ck_assert_uint_eq(src[3], 0x12345678);
    ck_assert_uint_eq(seq[3], 1);
    sflow_packer_destroy(p);
}
END_TEST

START_TEST(test_packer_oversize_and_reconfigure)
{
    static struct capture cap;
    memset(&cap, 0, sizeof cap);
    struct sflow_address agent = { .family = AF_INET, .bytes = { 127, 0, 0, 1 } };
    struct sflow_packer *p = sflow_packer_create(&agent, 0, 100, capture_emit, &cap);
    /* Below the minimum: clamped to SFLOW_MIN_DATAGRAM. */
    struct sflow_counter_rec recs[3];
    for (int i = 0; i < 3; i++) {
        recs[i] = (struct sflow_counter_rec) { .tag = SFLOW_CTR_GENERIC };
    }
    /* 3 * 96 + 20 = 308 > 200 - 28: can never fit. */
    struct sflow_counters_sample big = { .ds_class = 0, .ds_index = 1, .n_recs = 3,
                                         .recs = recs };
    ck_assert(!sflow_packer_add_counters(p, &big, 5));
    ck_assert_uint_eq(sflow_packer_get_stats(p)->oversize_drops, 1);
    big.n_recs = 1;
    ck_assert(sflow_packer_add_counters(p, &big, 5));
    struct sflow_counter_rec bad = { .tag = 999 };
    struct sflow_counters_sample inv = { .ds_class = 0, .ds_index = 1, .n_recs = 1,
                                         .recs = &bad };
    ck_assert(!sflow_packer_add_counters(p, &inv, 5));
    ck_assert_uint_eq(sflow_packer_get_stats(p)->invalid_drops, 1);

    /* Reconfigure flushes, switches to an IPv6 agent, keeps the numbers. */
    struct sflow_address a6 = { .family = AF_INET6 };
    inet_pton(AF_INET6, "::1", a6.bytes);
    sflow_packer_reconfigure(p, &a6, 3, 1400);
    ck_assert_int_eq(cap.n, 1);
    ck_assert_uint_eq(be32(cap.dgrams[0] + 28), 2);                 /* sample type */
    ck_assert_uint_eq(be32(cap.dgrams[0] + 36), 2);                 /* seq after the gap */
    big.n_recs = 3;
    ck_assert(sflow_packer_add_counters(p, &big, 6));
    sflow_packer_flush(p, 6);
    ck_assert_int_eq(cap.n, 2);
    const uint8_t *d = cap.dgrams[1];
    ck_assert_uint_eq(be32(d + 4), 2);
    ck_assert_uint_eq(be32(d + 24), 3);                             /* sub agent */
    ck_assert_uint_eq(be32(d + 28), 2);                             /* datagram seq */
    ck_assert_uint_eq(be32(d + 36), 1);                             /* n samples */
    ck_assert_uint_eq(be32(d + 48), 3);                             /* sample seq */
    ck_assert_uint_eq(cap.lens[1], 40 + 8 + 12 + 3 * 96);
    sflow_packer_destroy(p);
}
END_TEST

CHECK_MAIN(
    .name = "sflow_enc",
    .tests = CHECK_TESTS(test_xdr_bounds, test_xdr_values, test_xdr_opaque_var_no_partial,
                         test_rec_generic, test_rec_ethernet, test_rec_host_descr,
                         test_rec_host_adaptors, test_rec_host_parent_cpu,
                         test_rec_host_memory_disk_net, test_rec_mib2, test_rec_virt,
                         test_rec_ovs, test_rec_unknown_refused, test_rec_sampled_header,
                         test_flow_sample_forms, test_counters_sample_forms,
                         test_datagram_header, test_packer_split_and_seq,
                         test_packer_flow_counter_seq_apart,
                         test_packer_oversize_and_reconfigure))
