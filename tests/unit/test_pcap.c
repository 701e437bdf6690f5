/* Unit tests for the pure parts of pcap sampling: the BPF program (run over
 * every packet type and random value that matters), link selection and
 * rates, the sampled header (VLAN tags put back), the FDB table, the FDB
 * message parser and the datagram walker fed with messages built here. */
#include <config.h>

#include <check.h>
#include <libmnl/libmnl.h>
#include <linux/if_packet.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/util.h"
#include "pcap/pcap_bpf.h"
#include "pcap/pcap_fdb.h"
#include "pcap/pcap_neigh.h"
#include "pcap/pcap_select.h"
#include "tests/unit/check_run.h"

/* ---- BPF ------------------------------------------------------------------ */

START_TEST(test_bpf_rates)
{
    struct sock_filter prog[PCAP_BPF_MAX_INSNS];
    static const uint32_t rates[] = { 1, 2, 10, 400, 1000000 };
    static const uint32_t types[] = { PACKET_HOST, PACKET_BROADCAST, PACKET_MULTICAST,
                                      PACKET_OTHERHOST };
    for (size_t r = 0; r < ARRAY_SIZE(rates); r++) {
        size_t n = pcap_bpf_build(prog, rates[r], 128);
        ck_assert_uint_le(n, PCAP_BPF_MAX_INSNS);
        for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
            /* Kept exactly when the random value is 0 modulo the rate. */
            uint32_t kept = 0;
            for (uint32_t v = 0; v < 1000; v++) {
                uint32_t res = pcap_bpf_run(prog, n, types[t], v * 7919u);
                ck_assert(res == 0 || res == 128);
                kept += res != 0;
                ck_assert_uint_eq(res != 0, (v * 7919u) % rates[r] == 0);
            }
            ck_assert_uint_gt(kept, 0);
            /* Outgoing frames never. */
            ck_assert_uint_eq(pcap_bpf_run(prog, n, PACKET_OUTGOING, 0), 0);
        }
    }
}
END_TEST

START_TEST(test_bpf_edges)
{
    struct sock_filter prog[PCAP_BPF_MAX_INSNS];
    /* Rate 0: sampling off, every frame dropped. */
    size_t n = pcap_bpf_build(prog, 0, 128);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(pcap_bpf_run(prog, n, PACKET_HOST, 0), 0);
    /* Rate 1: no random load; everything but outgoing, cut to the snaplen. */
    n = pcap_bpf_build(prog, 1, 256);
    ck_assert_uint_eq(n, 4);
    ck_assert_uint_eq(pcap_bpf_run(prog, n, PACKET_OTHERHOST, 12345), 256);
    ck_assert_uint_eq(pcap_bpf_run(prog, n, PACKET_OUTGOING, 0), 0);
    /* Snaplen 0 would mean "drop": taken as 1. */
    n = pcap_bpf_build(prog, 1, 0);
    ck_assert_uint_eq(pcap_bpf_run(prog, n, PACKET_HOST, 0), 1);
    /* The ancillary loads the kernel knows. */
    n = pcap_bpf_build(prog, 10, 64);
    ck_assert_uint_eq(prog[0].k, (uint32_t) (SKF_AD_OFF + SKF_AD_PKTTYPE));
    ck_assert_uint_eq(prog[2].k, (uint32_t) (SKF_AD_OFF + SKF_AD_RANDOM));
    ck_assert_uint_eq(prog[3].code, BPF_ALU | BPF_MOD | BPF_K);
    ck_assert_uint_eq(prog[3].k, 10);
}
END_TEST

/* ---- selection and rates --------------------------------------------------- */

static struct iftable_entry
link_of(const char *name, const char *kind, enum iftable_kind k, uint16_t type, uint32_t flags)
{
    struct iftable_entry e;
    memset(&e, 0, sizeof e);
    e.link.ifindex = 7;
    strcpy(e.link.name, name);
    strcpy(e.link.kind, kind);
    e.link.type = type;
    e.link.flags = flags;
    e.kind = k;
    return e;
}

START_TEST(test_select)
{
    struct hsconfig_pcap pat = { .dev = (char *) "tap[0-9]+i[0-9]+", .vport = -1 };
    struct hsconfig_pcap name = { .dev = (char *) "vmbr0", .vport = -1 };
    struct hsconfig_pcap nics = { .speed_set = true, .speed_min = 1000000000ULL,
                                  .speed_max = 1000000000000ULL, .vport = -1 };
    struct hsconfig_pcap fast_dev = { .dev = (char *) "eth.*", .speed_set = true,
                                      .speed_min = 10000000000ULL,
                                      .speed_max = 10000000000ULL, .vport = -1 };
    struct pcap_spec sp, sn, ss, sf;
    ck_assert(pcap_spec_init(&sp, &pat));
    ck_assert(pcap_spec_init(&sn, &name));
    ck_assert(pcap_spec_init(&ss, &nics));
    ck_assert(pcap_spec_init(&sf, &fast_dev));
    struct iftable_entry tap = link_of("tap101i0", "tun", IFTABLE_VIRTUAL, ARPHRD_ETHER, IFF_UP);
    struct iftable_entry veth = link_of("tap100i1", "veth", IFTABLE_VIRTUAL, ARPHRD_ETHER,
                                        IFF_UP);
    struct iftable_entry fwpr = link_of("fwpr101p0", "veth", IFTABLE_VIRTUAL, ARPHRD_ETHER,
                                        IFF_UP);
    struct iftable_entry tapx = link_of("xtap101i0", "tun", IFTABLE_VIRTUAL, ARPHRD_ETHER,
                                        IFF_UP);
    struct iftable_entry br = link_of("vmbr0", "bridge", IFTABLE_BRIDGE, ARPHRD_ETHER, IFF_UP);
    struct iftable_entry bond = link_of("bond0", "bond", IFTABLE_BOND, ARPHRD_ETHER, IFF_UP);
    struct iftable_entry eth = link_of("eth0", "", IFTABLE_NIC, ARPHRD_ETHER, IFF_UP);
    struct iftable_entry nodev = link_of("eth9", "", IFTABLE_VIRTUAL, ARPHRD_ETHER, IFF_UP);
    struct iftable_entry ib = link_of("ib0", "", IFTABLE_NIC, ARPHRD_INFINIBAND, IFF_UP);
    struct iftable_entry lo = link_of("lo", "", IFTABLE_VIRTUAL, ARPHRD_LOOPBACK,
                                      IFF_UP | IFF_LOOPBACK);
    /* Patterns match whole names only. */
    ck_assert(pcap_spec_selects(&sp, &tap, 0));
    ck_assert(pcap_spec_selects(&sp, &veth, 10000000000ULL));
    ck_assert(!pcap_spec_selects(&sp, &fwpr, 0));
    ck_assert(!pcap_spec_selects(&sp, &tapx, 0));
    ck_assert(pcap_spec_selects(&sn, &br, 0));
    ck_assert(!pcap_spec_selects(&sn, &eth, 0));
    /* Speed alone: Ethernet NICs in range (a parent device, as the
     * interface table says), never bridges, bonds, VM ports or loopback. */
    ck_assert(pcap_spec_selects(&ss, &eth, 1000000000ULL));
    ck_assert(pcap_spec_selects(&ss, &eth, 100000000000ULL));
    ck_assert(!pcap_spec_selects(&ss, &eth, 100000000ULL));
    ck_assert(!pcap_spec_selects(&ss, &eth, 0));
    ck_assert(!pcap_spec_selects(&ss, &br, 10000000000ULL));
    ck_assert(!pcap_spec_selects(&ss, &bond, 10000000000ULL));
    ck_assert(!pcap_spec_selects(&ss, &nodev, 10000000000ULL));
    ck_assert(!pcap_spec_selects(&ss, &ib, 10000000000ULL));
    ck_assert(!pcap_spec_selects(&ss, &veth, 10000000000ULL));
    ck_assert(!pcap_spec_selects(&ss, &lo, 10000000000ULL));
    /* dev and speed together: both. */
    ck_assert(pcap_spec_selects(&sf, &eth, 10000000000ULL));
    ck_assert(!pcap_spec_selects(&sf, &eth, 1000000000ULL));
    ck_assert(pcap_spec_equal(&pat, &sp.cfg));
    ck_assert(!pcap_spec_equal(&pat, &name));
    pcap_spec_destroy(&sp);
    pcap_spec_destroy(&sn);
    pcap_spec_destroy(&ss);
    pcap_spec_destroy(&sf);
}
END_TEST

START_TEST(test_rates)
{
    char buf[32];
    static const struct { uint64_t bps; const char *text; } speeds[] = {
        { 100000000ULL, "100M" }, { 1000000000ULL, "1G" }, { 2500000000ULL, "2500M" },
        { 10000000000ULL, "10G" }, { 40000000000ULL, "40G" }, { 1000000000000ULL, "1T" },
        { 1500ULL, "1500" }, { 0, "0" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(speeds); i++) {
        pcap_speed_text(speeds[i].bps, buf, sizeof buf);
        ck_assert_str_eq(buf, speeds[i].text);
    }
    struct hsauto_settings s;
    hsauto_settings_init(&s);
    s.sampling = 400;
    struct hsconfig_pcap spec = { .dev = (char *) "eth0", .vport = -1 };
    ck_assert_uint_eq(pcap_rate(&spec, &s, 10000000000ULL), 400);
    hsauto_set_kv(&s, true, "10G", 2000);
    hsauto_set_kv(&s, true, "bps_ratio", 1000000);
    ck_assert_uint_eq(pcap_rate(&spec, &s, 10000000000ULL), 2000);   /* sampling.10G */
    ck_assert_uint_eq(pcap_rate(&spec, &s, 1000000000ULL), 1000);    /* 1G / ratio */
    ck_assert_uint_eq(pcap_rate(&spec, &s, 100000ULL), 1);           /* at least 1 */
    ck_assert_uint_eq(pcap_rate(&spec, &s, 0), 400);                 /* unknown speed */
    spec.sampling_set = true;
    spec.sampling = 7;
    ck_assert_uint_eq(pcap_rate(&spec, &s, 10000000000ULL), 7);      /* the block's own */
    hsauto_settings_destroy(&s);
}
END_TEST

/* ---- sampled header ---------------------------------------------------------- */

START_TEST(test_frame)
{
    uint8_t frame[300], hdr[SFLOW_MAX_HEADER];
    for (size_t i = 0; i < sizeof frame; i++) {
        frame[i] = (uint8_t) i;
    }
    struct sflow_flow_rec rec;
    struct pcap_frame fr = { .data = frame, .caplen = 128, .orig_len = 1000 };
    ck_assert(pcap_frame_record(&fr, 128, hdr, &rec));
    ck_assert_uint_eq(rec.tag, SFLOW_FLOW_HEADER);
    ck_assert_uint_eq(rec.u.header.protocol, SFLOW_HEADER_ETHERNET);
    ck_assert_uint_eq(rec.u.header.frame_length, 1004);
    ck_assert_uint_eq(rec.u.header.stripped, 4);
    ck_assert_uint_eq(rec.u.header.header_length, 128);
    ck_assert_mem_eq(hdr, frame, 128);
    /* A VLAN tag the device stripped goes back after the MAC addresses. */
    fr.vlan_valid = true;
    fr.vlan_tci = 0x2064;       /* priority 1, VLAN 100 */
    ck_assert(pcap_frame_record(&fr, 128, hdr, &rec));
    ck_assert_uint_eq(rec.u.header.frame_length, 1008);
    ck_assert_uint_eq(rec.u.header.header_length, 128);
    ck_assert_mem_eq(hdr, frame, 12);
    static const uint8_t tag[] = { 0x81, 0x00, 0x20, 0x64 };
    ck_assert_mem_eq(hdr + 12, tag, 4);
    ck_assert_mem_eq(hdr + 16, frame + 12, 112);
    fr.vlan_tpid = 0x88a8;
    fr.caplen = 256;
    ck_assert(pcap_frame_record(&fr, 256, hdr, &rec));
    ck_assert_uint_eq(hdr[12], 0x88);
    ck_assert_uint_eq(rec.u.header.header_length, 256);
    ck_assert_mem_eq(hdr + 16, frame + 12, 240);
    /* Runts and inconsistent lengths. */
    struct pcap_frame runt = { .data = frame, .caplen = 13, .orig_len = 13 };
    ck_assert(!pcap_frame_record(&runt, 128, hdr, &rec));
    struct pcap_frame odd = { .data = frame, .caplen = 60, .orig_len = 59 };
    ck_assert(!pcap_frame_record(&odd, 128, hdr, &rec));
    /* A header size past the record's limit is capped. */
    struct pcap_frame big = { .data = frame, .caplen = 256, .orig_len = 1500 };
    ck_assert(pcap_frame_record(&big, 1000, hdr, &rec));
    ck_assert_uint_eq(rec.u.header.header_length, SFLOW_MAX_HEADER);
}
END_TEST

/* ---- FDB ------------------------------------------------------------------ */

START_TEST(test_fdb)
{
    struct pcap_fdb *f = pcap_fdb_create();
    struct pcap_fdb_entry e = { .bridge = 2, .port = 3, .mac = { 0x02, 0, 0, 0, 0, 1 } };
    uint8_t mac[6];
    /* Many entries: the table grows and keeps every one. */
    for (uint32_t i = 0; i < 5000; i++) {
        e.mac[4] = (uint8_t) (i >> 8);
        e.mac[5] = (uint8_t) i;
        e.port = 3 + i % 7;
        ck_assert(pcap_fdb_put(f, &e, 1));
    }
    ck_assert_uint_eq(pcap_fdb_count(f), 5000);
    for (uint32_t i = 0; i < 5000; i++) {
        memcpy(mac, e.mac, 6);
        mac[4] = (uint8_t) (i >> 8);
        mac[5] = (uint8_t) i;
        const struct pcap_fdb_entry *g = pcap_fdb_get(f, 2, mac);
        ck_assert_ptr_nonnull(g);
        ck_assert_uint_eq(g->port, 3 + i % 7);
        ck_assert_ptr_null(pcap_fdb_get(f, 9, mac));    /* another bridge */
    }
    /* Update in place, delete, re-add. */
    memcpy(mac, e.mac, 6);
    mac[4] = 0;
    mac[5] = 5;
    struct pcap_fdb_entry moved = { .bridge = 2, .port = 42 };
    memcpy(moved.mac, mac, 6);
    ck_assert(pcap_fdb_put(f, &moved, 2));
    ck_assert_uint_eq(pcap_fdb_get(f, 2, mac)->port, 42);
    ck_assert_uint_eq(pcap_fdb_count(f), 5000);
    pcap_fdb_del(f, 2, mac);
    ck_assert_ptr_null(pcap_fdb_get(f, 2, mac));
    ck_assert_uint_eq(pcap_fdb_count(f), 4999);
    ck_assert(pcap_fdb_put(f, &moved, 2));
    /* A link that goes away takes its entries along. */
    pcap_fdb_forget(f, 3);
    ck_assert_uint_lt(pcap_fdb_count(f), 4999);
    ck_assert_uint_eq(pcap_fdb_get(f, 2, mac)->port, 42);
    /* A dump sweeps what it did not see again. */
    ck_assert_uint_eq(pcap_fdb_sweep(f, 2), 1);
    ck_assert_uint_eq(pcap_fdb_get(f, 2, mac)->port, 42);
    pcap_fdb_forget(f, 2);
    ck_assert_uint_eq(pcap_fdb_count(f), 0);
    pcap_fdb_destroy(f);
}
END_TEST

/* ---- the FDB parser and the datagram walker ----------------------------------- */

static struct nlmsghdr *
neigh_msg(uint8_t *buf, uint16_t type, uint8_t family, int port, uint32_t master,
          size_t maclen, uint16_t state)
{
    static const uint8_t mac[8] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 };
    memset(buf, 0, MNL_SOCKET_BUFFER_SIZE);
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = type;
    struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof *ndm);
    ndm->ndm_family = family;
    ndm->ndm_ifindex = port;
    ndm->ndm_state = state;
    if (maclen) {
        mnl_attr_put(nlh, NDA_LLADDR, maclen, mac);
    }
    if (master) {
        mnl_attr_put_u32(nlh, NDA_MASTER, master);
    }
    return nlh;
}

START_TEST(test_parse_fdb)
{
    uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
    struct pcap_fdb_entry e;
    const char *why;
    struct nlmsghdr *nlh = neigh_msg(buf, RTM_NEWNEIGH, AF_BRIDGE, 5, 4, 6, NUD_REACHABLE);
    ck_assert_int_eq(pcap_neigh_parse(nlh, nlh->nlmsg_len, &e, &why), PCAP_NEIGH_NEW);
    ck_assert_uint_eq(e.bridge, 4);
    ck_assert_uint_eq(e.port, 5);
    ck_assert_uint_eq(e.mac[5], 0x55);
    ck_assert(!e.local);
    nlh = neigh_msg(buf, RTM_NEWNEIGH, AF_BRIDGE, 5, 4, 6, NUD_PERMANENT);
    ck_assert_int_eq(pcap_neigh_parse(nlh, nlh->nlmsg_len, &e, &why), PCAP_NEIGH_NEW);
    ck_assert(e.local);
    nlh = neigh_msg(buf, RTM_DELNEIGH, AF_BRIDGE, 5, 4, 6, 0);
    ck_assert_int_eq(pcap_neigh_parse(nlh, nlh->nlmsg_len, &e, &why), PCAP_NEIGH_DEL);
    /* ARP neighbours and a device's own entries are not the FDB. */
    nlh = neigh_msg(buf, RTM_NEWNEIGH, AF_INET, 5, 4, 6, 0);
    ck_assert_int_eq(pcap_neigh_parse(nlh, nlh->nlmsg_len, &e, &why), PCAP_NEIGH_IGNORE);
    nlh = neigh_msg(buf, RTM_NEWNEIGH, AF_BRIDGE, 5, 0, 6, 0);
    ck_assert_int_eq(pcap_neigh_parse(nlh, nlh->nlmsg_len, &e, &why), PCAP_NEIGH_IGNORE);
    /* Malformed. */
    nlh = neigh_msg(buf, RTM_NEWNEIGH, AF_BRIDGE, 5, 4, 8, 0);
    ck_assert_int_eq(pcap_neigh_parse(nlh, nlh->nlmsg_len, &e, &why), PCAP_NEIGH_INVALID);
    nlh = neigh_msg(buf, RTM_NEWNEIGH, AF_BRIDGE, 0, 4, 6, 0);
    ck_assert_int_eq(pcap_neigh_parse(nlh, nlh->nlmsg_len, &e, &why), PCAP_NEIGH_INVALID);
    nlh = neigh_msg(buf, RTM_NEWNEIGH, AF_BRIDGE, 5, 4, 6, 0);
    uint32_t full = nlh->nlmsg_len;
    for (uint32_t cut = 0; cut < full; cut++) {
        uint8_t *copy = xmalloc(cut ? cut : 1);
        memcpy(copy, buf, cut);
        if (cut >= sizeof *nlh) {
            ((struct nlmsghdr *) copy)->nlmsg_len = cut;
        }
        enum pcap_neigh_msg m = pcap_neigh_parse(copy, cut, &e, &why);
        ck_assert_msg(m == PCAP_NEIGH_INVALID || m == PCAP_NEIGH_IGNORE, "cut %u: %d", cut, m);
        free(copy);
    }
}
END_TEST

/* The walker over a datagram of several messages: each message once, a
 * length that runs past the datagram (or past 2^31, which libmnl's own
 * check lets through) stops the walk with a reason. */
START_TEST(test_walk)
{
    static uint8_t buf[1024] __attribute__((aligned(8)));
    uint8_t one[MNL_SOCKET_BUFFER_SIZE];
    size_t len = 0;
    for (int i = 0; i < 3; i++) {
        struct nlmsghdr *nlh = neigh_msg(one, RTM_NEWNEIGH, AF_BRIDGE, 5 + i, 4, 6, 0);
        memcpy(buf + len, nlh, nlh->nlmsg_len);
        len += MNL_ALIGN(nlh->nlmsg_len);
    }
    size_t off = 0, mlen, n = 0;
    const char *why;
    const void *m;
    while ((m = pcap_neigh_next(buf, len, &off, &mlen, &why))) {
        struct pcap_fdb_entry e;
        ck_assert_int_eq(pcap_neigh_parse(m, mlen, &e, &why), PCAP_NEIGH_NEW);
        ck_assert_uint_eq(e.port, 5 + n);
        n++;
    }
    ck_assert_ptr_null(why);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(off, len);
    /* The second message (the three are of one size) claims more than
     * there is, then 2^31 + 16, then less than a header. */
    static const uint32_t bad[] = { 4096, 0x80000010u, 8 };
    struct nlmsghdr *second = (struct nlmsghdr *) (buf + len / 3);
    for (size_t b = 0; b < ARRAY_SIZE(bad); b++) {
        uint32_t keep = second->nlmsg_len;
        second->nlmsg_len = bad[b];
        off = 0;
        n = 0;
        while (pcap_neigh_next(buf, len, &off, &mlen, &why)) {
            n++;
        }
        ck_assert_uint_eq(n, 1);
        ck_assert_ptr_nonnull(why);
        second->nlmsg_len = keep;
    }
    /* A datagram too short for a header. */
    off = 0;
    ck_assert_ptr_null(pcap_neigh_next(buf, 8, &off, &mlen, &why));
    ck_assert_ptr_nonnull(why);
}
END_TEST

static Suite *
pcap_suite(void)
{
    Suite *s = suite_create("pcap");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_bpf_rates);
    tcase_add_test(tc, test_bpf_edges);
    tcase_add_test(tc, test_select);
    tcase_add_test(tc, test_rates);
    tcase_add_test(tc, test_frame);
    tcase_add_test(tc, test_fdb);
    tcase_add_test(tc, test_parse_fdb);
    tcase_add_test(tc, test_walk);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return check_run(pcap_suite());
}
