/* gen_sflow: writes sFlow datagrams from our encoder that hold every record
 * type we encode, for the decoder interop tests and the fuzz seed corpus.
 *
 *   gen_sflow -w FILE.pcap     Ethernet/IPv4|IPv6/UDP frames to port 6343
 *   gen_sflow -d DIR           one raw datagram a file (DIR/dgram-N.bin)
 *   gen_sflow -s ADDR -p PORT  send them over UDP
 *   gen_sflow -m N -w FILE     instead: every truncation of each datagram and
 *                              N random mutations, and print how many of
 *                              them our decoder rejects
 *
 * The datagrams: host counters (2:1), a VM's counters (3:1), interface
 * counters and flow samples in both forms (0:5), and one datagram from an
 * IPv6 agent. */
#include <config.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sflow/sflow_pack.h"
#include "sflow/sflow_dec.h"
#include "common/util.h"

#define MAX_DGRAMS 16

static uint8_t dgrams[MAX_DGRAMS][SFLOW_DEFAULT_DATAGRAM];
static size_t dgram_lens[MAX_DGRAMS];
static int n_dgrams;
static bool dgram_v6[MAX_DGRAMS];
static bool cur_v6;

static void
collect(void *ctx, const uint8_t *data, size_t len)
{
    (void) ctx;
    if (n_dgrams < MAX_DGRAMS && len <= sizeof dgrams[0]) {
        memcpy(dgrams[n_dgrams], data, len);
        dgram_lens[n_dgrams] = len;
        dgram_v6[n_dgrams++] = cur_v6;
    }
}

/* An Ethernet frame holding an ICMP echo request 10.10.0.1 > 10.10.0.2;
 * generate() fills in the checksums. */
static uint8_t icmp_frame[] = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x27, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
    10, 10, 0, 1, 10, 10, 0, 2,
    0x08, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x01,
    'h', 'e', 'l', 'l', 'o', ' ', 's', 'f', 'l', 'o', 'w',
};

static void
add_host(struct sflow_packer *p)
{
    static const struct sflow_adaptor ad[2] = {
        { .ifIndex = 2, .n_macs = 1, .macs = { { 0x02, 0, 0, 0, 0, 0x01 } } },
        { .ifIndex = 3, .n_macs = 2, .macs = { { 0x02, 0, 0, 0, 0, 0x03 },
                                                { 0x02, 0, 0, 0, 0, 0x04 } } },
    };
    struct sflow_counter_rec r[12];
    memset(r, 0, sizeof r);
    r[0].tag = SFLOW_CTR_HOST_DESCR;
    strcpy(r[0].u.host_descr.hostname, "gen-host");
    for (int i = 0; i < 16; i++) {
        r[0].u.host_descr.uuid[i] = (uint8_t) (0xa0 + i);
    }
    r[0].u.host_descr.machine_type = SFLOW_MT_X86_64;
    r[0].u.host_descr.os_name = SFLOW_OS_LINUX;
    strcpy(r[0].u.host_descr.os_release, "6.1.0-test");
    r[1].tag = SFLOW_CTR_HOST_ADAPTORS;
    r[1].u.host_adaptors = (struct sflow_host_adaptors) { 2, ad };
    r[2].tag = SFLOW_CTR_HOST_CPU;
    r[2].u.host_cpu = (struct sflow_host_cpu) {
        .load_one = 0.5f, .load_five = 0.25f, .load_fifteen = 0.125f, .proc_run = 2,
        .proc_total = 150, .cpu_num = 4, .cpu_speed = 2400, .uptime = 86400,
        .cpu_user = 1000, .cpu_nice = 10, .cpu_system = 500, .cpu_idle = 90000,
        .cpu_wio = 20, .cpu_intr = 5, .cpu_sintr = 6, .interrupts = 7777, .contexts = 8888,
    };
    r[3].tag = SFLOW_CTR_HOST_MEMORY;
    r[3].u.host_memory = (struct sflow_host_memory) {
        .mem_total = 8ULL << 30, .mem_free = 2ULL << 30, .mem_shared = 1 << 20,
        .mem_buffers = 100 << 20, .mem_cached = 1ULL << 30, .swap_total = 1ULL << 30,
        .swap_free = 1ULL << 29, .page_in = 11, .page_out = 12, .swap_in = 13, .swap_out = 14,
    };
    r[4].tag = SFLOW_CTR_HOST_DISK_IO;
    r[4].u.host_disk_io = (struct sflow_host_disk_io) {
        .disk_total = 100ULL << 30, .disk_free = 40ULL << 30, .part_max_used = 6000,
        .reads = 21, .bytes_read = 22 << 20, .read_time = 23, .writes = 24,
        .bytes_written = 25 << 20, .write_time = 26,
    };
    r[5].tag = SFLOW_CTR_HOST_NET_IO;
    r[5].u.host_net_io = (struct sflow_host_net_io) {
        .bytes_in = 123456789, .pkts_in = 1000, .errs_in = 1, .drops_in = 2,
        .bytes_out = 987654321, .pkts_out = 2000, .errs_out = 3, .drops_out = 4,
    };
    r[6].tag = SFLOW_CTR_MIB2_IP;
    r[6].u.mib2_ip.ipForwarding = 1;
    r[6].u.mib2_ip.ipDefaultTTL = 64;
    r[6].u.mib2_ip.ipInReceives = 31;
    r[7].tag = SFLOW_CTR_MIB2_ICMP;
    r[7].u.mib2_icmp.icmpInEchos = 32;
    r[7].u.mib2_icmp.icmpOutEchoReps = 33;
    r[8].tag = SFLOW_CTR_MIB2_TCP;
    r[8].u.mib2_tcp.tcpRtoAlgorithm = 1;
    r[8].u.mib2_tcp.tcpCurrEstab = 34;
    r[9].tag = SFLOW_CTR_MIB2_UDP;
    r[9].u.mib2_udp.udpInDatagrams = 35;
    r[10].tag = SFLOW_CTR_VIRT_NODE;
    r[10].u.virt_node = (struct sflow_virt_node) {
        .mhz = 2400, .cpus = 4, .memory = 8ULL << 30, .memory_free = 2ULL << 30,
        .num_domains = 1,
    };
    struct sflow_counters_sample s = { .ds_class = SFLOW_DS_ENTITY, .ds_index = 1,
                                       .n_recs = 11, .recs = r };
    sflow_packer_add_counters(p, &s, 1000);
}

static void
add_vm(struct sflow_packer *p)
{
    struct sflow_counter_rec r[6];
    memset(r, 0, sizeof r);
    r[0].tag = SFLOW_CTR_HOST_DESCR;
    strcpy(r[0].u.host_descr.hostname, "vm1");
    r[0].u.host_descr.uuid[15] = 1;
    r[0].u.host_descr.os_name = SFLOW_OS_LINUX;
    r[1].tag = SFLOW_CTR_HOST_PARENT;
    r[1].u.host_parent = (struct sflow_host_parent) { SFLOW_DS_ENTITY, 1 };
    r[2].tag = SFLOW_CTR_VIRT_CPU;
    r[2].u.virt_cpu = (struct sflow_virt_cpu) { 1, 123456, 2 };
    r[3].tag = SFLOW_CTR_VIRT_MEMORY;
    r[3].u.virt_memory = (struct sflow_virt_memory) { 1ULL << 30, 2ULL << 30 };
    r[4].tag = SFLOW_CTR_VIRT_DISK_IO;
    r[4].u.virt_disk_io = (struct sflow_virt_disk_io) {
        .capacity = 20ULL << 30, .allocation = 5ULL << 30, .available = 15ULL << 30,
        .rd_req = 41, .rd_bytes = 42, .wr_req = 43, .wr_bytes = 44, .errs = 0,
    };
    r[5].tag = SFLOW_CTR_VIRT_NET_IO;
    r[5].u.host_net_io = (struct sflow_host_net_io) {
        .bytes_in = 5000, .pkts_in = 50, .bytes_out = 6000, .pkts_out = 60,
    };
    struct sflow_counters_sample s = { .ds_class = SFLOW_DS_VM, .ds_index = 1,
                                       .n_recs = 6, .recs = r };
    sflow_packer_add_counters(p, &s, 1000);
}

static void
add_interface(struct sflow_packer *p, uint32_t ifindex)
{
    struct sflow_counter_rec r[2];
    memset(r, 0, sizeof r);
    r[0].tag = SFLOW_CTR_GENERIC;
    r[0].u.generic = (struct sflow_if_counters) {
        .ifIndex = ifindex, .ifType = 6, .ifSpeed = 1000000000, .ifDirection = 1,
        .ifStatus = 3, .ifInOctets = 51000, .ifInUcastPkts = 510, .ifInMulticastPkts = 5,
        .ifInBroadcastPkts = 2, .ifOutOctets = 52000, .ifOutUcastPkts = 520,
        .ifOutMulticastPkts = 6, .ifOutBroadcastPkts = 1,
    };
    r[1].tag = SFLOW_CTR_ETHERNET;
    r[1].u.ethernet.dot3StatsFCSErrors = 1;
    struct sflow_counters_sample c = { .ds_class = SFLOW_DS_IFINDEX, .ds_index = ifindex,
                                       .n_recs = 2, .recs = r };
    sflow_packer_add_counters(p, &c, 2000);

    struct sflow_flow_rec fr = { .tag = SFLOW_FLOW_HEADER };
    fr.u.header = (struct sflow_sampled_header) {
        .protocol = SFLOW_HEADER_ETHERNET, .frame_length = sizeof icmp_frame + 4,
        .stripped = 4,
        .header_length = sizeof icmp_frame, .header = icmp_frame,
    };
    struct sflow_flow_sample f = {
        .ds_class = SFLOW_DS_IFINDEX, .ds_index = ifindex, .sampling_rate = 400,
        .sample_pool = 4000, .drops = 0, .input = { 0, ifindex }, .output = { 0, 6 },
        .n_recs = 1, .recs = &fr,
    };
    sflow_packer_add_flow(p, &f, 2000);
    /* Too big for the compact form: goes out expanded. */
    f.ds_index = 0x1000000 + ifindex;
    f.output = (struct sflow_if_ref) { 2, 3 };
    sflow_packer_add_flow(p, &f, 2000);
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n);
static uint16_t csum_fold(uint32_t sum);
static void put16(uint8_t *p, uint32_t v);

static void
generate(void)
{
    put16(icmp_frame + 24, csum_fold(csum_add(0, icmp_frame + 14, 20)));
    put16(icmp_frame + 36, csum_fold(csum_add(0, icmp_frame + 34, sizeof icmp_frame - 34)));

    struct sflow_address a4 = { .family = AF_INET, .bytes = { 192, 0, 2, 1 } };
    struct sflow_address a6 = { .family = AF_INET6 };
    inet_pton(AF_INET6, "2001:db8::1", a6.bytes);

    struct sflow_packer *p = sflow_packer_create(&a4, 0, SFLOW_DEFAULT_DATAGRAM, collect, NULL);
    add_host(p);
    sflow_packer_flush(p, 1000);
    add_vm(p);
    sflow_packer_flush(p, 1000);
    add_interface(p, 5);
    sflow_packer_flush(p, 2000);
    sflow_packer_destroy(p);

    cur_v6 = true;
    p = sflow_packer_create(&a6, 1, SFLOW_DEFAULT_DATAGRAM, collect, NULL);
    add_interface(p, 7);
    sflow_packer_flush(p, 3000);
    sflow_packer_destroy(p);
}

/* ---- output --------------------------------------------------------------- */

static uint32_t
csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t) (p[i] << 8 | p[i + 1]);
    }
    if (n & 1) {
        sum += (uint32_t) p[n - 1] << 8;
    }
    return sum;
}

static uint16_t
csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t) ~sum;
}

static void
put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t) (v >> 8);
    p[1] = (uint8_t) v;
}

/* Ethernet + IP + UDP around DATA (LEN bytes); returns the frame length. */
static size_t
frame(const uint8_t *data, size_t len, bool v6, uint8_t *f)
{
    static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 0xc0, 2, 0, 0, 0, 0, 0xa0 };
    size_t ip_len = v6 ? 40 : 20, ulen = 8 + len;
    uint8_t *ip = f + 14, *udp = ip + ip_len;
    memcpy(f, macs, 12);
    put16(f + 12, v6 ? 0x86dd : 0x0800);
    memset(ip, 0, ip_len);
    put16(udp, 40000);
    put16(udp + 2, SFLOW_DEFAULT_PORT);
    put16(udp + 4, (uint32_t) ulen);
    put16(udp + 6, 0);
    memcpy(udp + 8, data, len);
    uint32_t pseudo;
    if (v6) {
        ip[0] = 0x60;
        put16(ip + 4, (uint32_t) ulen);
        ip[6] = 17;
        ip[7] = 64;
        inet_pton(AF_INET6, "2001:db8::1", ip + 8);
        inet_pton(AF_INET6, "2001:db8::2", ip + 24);
        pseudo = csum_add(0, ip + 8, 32);
    } else {
        ip[0] = 0x45;
        put16(ip + 2, (uint32_t) (20 + ulen));
        put16(ip + 4, (uint32_t) len);
        ip[8] = 64;
        ip[9] = 17;
        inet_pton(AF_INET, "192.0.2.1", ip + 12);
        inet_pton(AF_INET, "192.0.2.2", ip + 16);
        put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
        pseudo = csum_add(0, ip + 12, 8);
    }
    pseudo += 17 + (uint32_t) ulen;
    uint16_t uc = csum_fold(csum_add(pseudo, udp, ulen));
    put16(udp + 6, uc ? uc : 0xffff);
    return 14 + ip_len + ulen;
}

static pcap_t *pcap;
static pcap_dumper_t *dumper;
static unsigned long n_written, n_rejected;

static bool
pcap_start(const char *file)
{
    pcap = pcap_open_dead(DLT_EN10MB, 65535);
    dumper = pcap ? pcap_dump_open(pcap, file) : NULL;
    if (!dumper) {
        fprintf(stderr, "gen_sflow: %s: %s\n", file, pcap ? pcap_geterr(pcap) : "pcap");
        return false;
    }
    return true;
}

static void
pcap_add(const uint8_t *data, size_t len, bool v6)
{
    static uint8_t f[SFLOW_DEFAULT_DATAGRAM + 256];
    if (len > SFLOW_DEFAULT_DATAGRAM + 128) {
        len = SFLOW_DEFAULT_DATAGRAM + 128;
    }
    size_t n = frame(data, len, v6, f);
    struct pcap_pkthdr h = { .ts = { 1700000000 + (time_t) n_written, 0 },
                             .caplen = (bpf_u_int32) n, .len = (bpf_u_int32) n };
    pcap_dump((u_char *) dumper, &h, f);
    n_written++;
}

static int
pcap_finish(void)
{
    pcap_dump_close(dumper);
    pcap_close(pcap);
    return 0;
}

static int
write_pcap(const char *file)
{
    if (!pcap_start(file)) {
        return 1;
    }
    for (int i = 0; i < n_dgrams; i++) {
        pcap_add(dgrams[i], dgram_lens[i], dgram_v6[i]);
    }
    return pcap_finish();
}

/* ---- hostile variants ----------------------------------------------------- */

/* Deterministic, so that a failing run can be repeated: libc's rand48 with a
 * fixed seed (set in write_hostile). */
static uint32_t
rng(void)
{
    return (uint32_t) lrand48();
}

/* Mutates BUF (*LEN bytes, room for 64 more): bit flips, byte sets, and
 * aligned words (most often lengths and counts) set to edge values. */
static void
mutate(uint8_t *buf, size_t *len)
{
    static const uint32_t words[] = { 0, 1, 3, 4, 7, 0x7fffffff, 0x80000000, 0xffffffff,
                                      0xfffffffc, 64, 65, 256, 1400, 65536 };
    int edits = 1 + (int) (rng() % 3);
    for (int e = 0; e < edits && *len >= 4; e++) {
        size_t at = rng() % *len;
        switch (rng() % 6) {
        case 0: buf[at] ^= (uint8_t) (1u << (rng() % 8)); break;
        case 1: buf[at] = (uint8_t) rng(); break;
        case 2:
        case 3: {
            at = (rng() % (*len / 4)) * 4;
            uint32_t w = rng() % 2 ? words[rng() % ARRAY_SIZE(words)]
                                   : (uint32_t) (buf[at + 3] + (int) (rng() % 17) - 8);
            buf[at] = (uint8_t) (w >> 24);
            buf[at + 1] = (uint8_t) (w >> 16);
            buf[at + 2] = (uint8_t) (w >> 8);
            buf[at + 3] = (uint8_t) w;
            break;
        }
        case 4:
            if (*len + 4 <= SFLOW_DEFAULT_DATAGRAM + 64) {
                at &= ~(size_t) 3;
                memmove(buf + at + 4, buf + at, *len - at);
                *len += 4;
            }
            break;
        default:
            at &= ~(size_t) 3;
            if (at + 4 <= *len) {
                memmove(buf + at, buf + at + 4, *len - at - 4);
                *len -= 4;
            }
            break;
        }
    }
}

static void
hostile_add(const uint8_t *data, size_t len, bool v6)
{
    struct sflow_dgram d;
    struct sflow_dec_error err;
    if (sflow_decode(data, len, &d, &err)) {
        sflow_dgram_free(&d);
    } else {
        n_rejected++;
    }
    pcap_add(data, len, v6);
}

static int
write_hostile(const char *file, unsigned long mutations)
{
    if (!pcap_start(file)) {
        return 1;
    }
    srand48(6343);
    for (int i = 0; i < n_dgrams; i++) {
        for (size_t cut = 0; cut < dgram_lens[i]; cut++) {
            hostile_add(dgrams[i], cut, dgram_v6[i]);
        }
    }
    unsigned long truncations = n_rejected;
    static uint8_t buf[SFLOW_DEFAULT_DATAGRAM + 128];
    for (unsigned long m = 0; m < mutations; m++) {
        int i = (int) (m % (unsigned long) n_dgrams);
        size_t len = dgram_lens[i];
        memcpy(buf, dgrams[i], len);
        mutate(buf, &len);
        hostile_add(buf, len, dgram_v6[i]);
    }
    printf("datagrams=%lu malformed=%lu truncations=%lu\n", n_written, n_rejected,
           truncations);
    return pcap_finish();
}

static int
write_dir(const char *dir)
{
    for (int i = 0; i < n_dgrams; i++) {
        char *path = xasprintf("%s/dgram-%d.bin", dir, i + 1);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(dgrams[i], 1, dgram_lens[i], f) != dgram_lens[i] || fclose(f)) {
            fprintf(stderr, "gen_sflow: %s: cannot write\n", path);
            free(path);
            return 1;
        }
        free(path);
    }
    return 0;
}

static int
send_udp(const char *host, const char *port)
{
    struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST };
    struct addrinfo *ai;
    if (getaddrinfo(host, port, &hints, &ai)) {
        fprintf(stderr, "gen_sflow: bad address %s port %s\n", host, port);
        return 1;
    }
    int fd = socket(ai->ai_family, SOCK_DGRAM, 0);
    int rc = fd < 0;
    for (int i = 0; !rc && i < n_dgrams; i++) {
        if (sendto(fd, dgrams[i], dgram_lens[i], 0, ai->ai_addr, ai->ai_addrlen) < 0) {
            perror("gen_sflow: sendto");
            rc = 1;
        }
    }
    if (fd >= 0) {
        close(fd);
    }
    freeaddrinfo(ai);
    return rc;
}

int
main(int argc, char **argv)
{
    const char *pcap_file = NULL, *dir = NULL, *host = NULL, *port = "6343";
    unsigned long long mutations = 0;
    bool hostile = false;
    int c;
    while ((c = getopt(argc, argv, "w:d:s:p:m:")) != -1) {
        switch (c) {
        case 'm':
            if (!str_to_uint(optarg, 0, 10000000, &mutations)) {
                fprintf(stderr, "gen_sflow: bad -m\n");
                return 2;
            }
            hostile = true;
            break;
        case 'w': pcap_file = optarg; break;
        case 'd': dir = optarg; break;
        case 's': host = optarg; break;
        case 'p': port = optarg; break;
        default:
            fprintf(stderr, "usage: gen_sflow [-w FILE.pcap] [-d DIR] [-s ADDR [-p PORT]] "
                    "[-m MUTATIONS -w FILE.pcap]\n");
            return 2;
        }
    }
    generate();
    if (n_dgrams != 4) {
        fprintf(stderr, "gen_sflow: expected 4 datagrams, made %d\n", n_dgrams);
        return 1;
    }
    if (hostile) {
        if (!pcap_file) {
            fprintf(stderr, "gen_sflow: -m needs -w\n");
            return 2;
        }
        return write_hostile(pcap_file, (unsigned long) mutations);
    }
    int rc = 0;
    if (pcap_file) {
        rc |= write_pcap(pcap_file);
    }
    if (dir) {
        rc |= write_dir(dir);
    }
    if (host) {
        rc |= send_udp(host, port);
    }
    return rc;
}
