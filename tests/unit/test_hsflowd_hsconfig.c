/* Unit tests for the hsflowd.conf parser: the configs users bring (flat and
 * block forms) parse to the same settings, and malformed files are rejected
 * with the right file:line. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hsflowd/hsconfig.h"
#include "hsflowd/hsconfig_io.h"
#include "common/util.h"
#include "check_run.h"

static char *
conf_path(const char *name)
{
    const char *top = getenv("top_srcdir");
    return xasprintf("%s/tests/data/conf/%s", top ? top : "..", name);
}

static void
read_conf(const char *name, struct hsconfig *cfg)
{
    char *path = conf_path(name);
    char *err = NULL;
    if (!hsconfig_read(path, cfg, &err)) {
        ck_abort_msg("%s", err);
    }
    free(path);
}

static void
assert_same(const char *a, const char *b)
{
    struct hsconfig ca, cb;
    read_conf(a, &ca);
    read_conf(b, &cb);
    char *fa = hsconfig_format(&ca), *fb = hsconfig_format(&cb);
    if (strcmp(fa, fb)) {
        ck_abort_msg("%s and %s differ:\n%s----\n%s", a, b, fa, fb);
    }
    free(fa);
    free(fb);
    hsconfig_destroy(&ca);
    hsconfig_destroy(&cb);
}

START_TEST(test_proxmox)
{
    struct hsconfig c;
    read_conf("proxmox-flat.conf", &c);
    ck_assert(!c.dnssd);
    ck_assert_uint_eq(c.polling, 20);
    ck_assert_uint_eq(c.sampling, 400);
    ck_assert(c.polling_set && c.sampling_set && !c.header_set && !c.agent_set);
    ck_assert_uint_eq(c.header_bytes, 128);
    ck_assert_uint_eq(c.datagram_bytes, 1400);
    ck_assert_uint_eq(c.sub_agent_id, 100000);
    ck_assert_uint_eq(c.n_collectors, 1);
    ck_assert_str_eq(c.collectors[0].host, "10.0.0.50");
    ck_assert_uint_eq(c.collectors[0].port, 6343);
    ck_assert(c.nflog);
    ck_assert_uint_eq(c.nflog_group, 5);
    ck_assert(c.nflog_probability > 0.00249 && c.nflog_probability < 0.00251);
    ck_assert(!c.ovs && !c.kvm && !c.xen);
    /* ulogGroup is mapped onto NFLOG with a notice. */
    ck_assert_uint_eq(c.n_notices, 1);
    ck_assert_ptr_nonnull(strstr(c.notices[0], "proxmox-flat.conf:7:"));
    hsconfig_destroy(&c);
    assert_same("proxmox-flat.conf", "proxmox-block.conf");
    assert_same("proxmox-flat.conf", "proxmox-modules.conf");
}
END_TEST

START_TEST(test_xcp)
{
    struct hsconfig c;
    read_conf("xcp-block.conf", &c);
    ck_assert(!c.dnssd);
    ck_assert_uint_eq(c.sampling, 512);
    ck_assert_uint_eq(c.polling, 20);
    ck_assert_uint_eq(c.n_collectors, 1);
    ck_assert(!c.nflog);
    ck_assert_uint_eq(c.n_notices, 0);
    hsconfig_destroy(&c);
    assert_same("xcp-flat.conf", "xcp-block.conf");
}
END_TEST

START_TEST(test_all_blocks)
{
    struct hsconfig c;
    read_conf("all-blocks.conf", &c);
    ck_assert(c.dnssd);
    ck_assert_str_eq(c.dnssd_domain, "sf.example.com");
    ck_assert_str_eq(c.dnssd_server, "127.0.0.1:5353");
    ck_assert_uint_eq(c.header_bytes, 64);
    ck_assert_uint_eq(c.datagram_bytes, 1200);
    ck_assert_uint_eq(c.sub_agent_id, 7);
    ck_assert_uint_eq(c.n_agent_cidrs, 1);
    ck_assert_str_eq(c.agent_cidrs[0], "10.0.0.0/8");
    ck_assert(c.agent_set);
    ck_assert_uint_eq(c.n_samplings, 2);
    ck_assert_uint_eq(c.n_pollings, 1);
    ck_assert_uint_eq(c.n_collectors, 2);
    ck_assert(c.ovs && c.kvm && c.xen && c.nflog);
    ck_assert_str_eq(c.kvm_uri, "qemu:///system");
    ck_assert_str_eq(c.xen_uri, "xen:///system");
    /* ulog { } mapped, unknown module skipped: two notices. */
    ck_assert_uint_eq(c.n_notices, 2);
    ck_assert_ptr_nonnull(strstr(c.notices[1], "all-blocks.conf:20:"));
    hsconfig_destroy(&c);
    assert_same("all-blocks.conf", "all-flat.conf");
}
END_TEST

START_TEST(test_pve_block)
{
    struct hsconfig c;
    char *err = NULL;
    static const char text[] = "sflow {\n  pve {\n    config = /etc/pve/local\n"
                               "    RUN = /run/qemu-server cgroup = /sys/fs/cgroup\n"
                               "    timeout = 750\n  }\n}\n";
    ck_assert_msg(hsconfig_parse("pve.conf", text, strlen(text), &c, &err), "%s", err);
    ck_assert(c.pve);
    ck_assert_str_eq(c.pve_config, "/etc/pve/local");
    ck_assert_str_eq(c.pve_run, "/run/qemu-server");
    ck_assert_str_eq(c.pve_cgroup, "/sys/fs/cgroup");
    ck_assert_uint_eq(c.pve_timeout, 750);
    char *f = hsconfig_format(&c);
    ck_assert_ptr_nonnull(strstr(f, "pve config /etc/pve/local run /run/qemu-server cgroup "
                                    "/sys/fs/cgroup timeout 750\n"));
    free(f);
    hsconfig_destroy(&c);
    /* An empty block: the defaults (NULL and 0 here, hspve's own). */
    ck_assert(hsconfig_parse("pve.conf", "pve { }\n", 8, &c, &err));
    ck_assert(c.pve && !c.pve_config && !c.pve_run && !c.pve_timeout);
    hsconfig_destroy(&c);
}
END_TEST

/* The older agent's suffixes: K, M, G multiply by 1000, 10^6, 10^9. */
START_TEST(test_suffixes)
{
    static const char text[] = "sampling = 10k\nsampling.10G = 1M\npolling.x = 0K\n"
                               "subAgentId = 4G\n";
    struct hsconfig c;
    char *err = NULL;
    if (!hsconfig_parse("s", text, strlen(text), &c, &err)) {
        ck_abort_msg("%s", err);
    }
    ck_assert_uint_eq(c.sampling, 10000);
    ck_assert_uint_eq(c.samplings[0].value, 1000000);
    ck_assert_uint_eq(c.pollings[0].value, 0);
    ck_assert_uint_eq(c.sub_agent_id, 4000000000u);
    hsconfig_destroy(&c);
}
END_TEST

/* uuid = : 16 bytes, printed back the same way. */
START_TEST(test_uuid)
{
    static const char text[] = "uuid = 3D1219C7-c4c5-404a-aa1f-6d2a48adfda4\n";
    struct hsconfig c;
    char *err = NULL;
    ck_assert(hsconfig_parse("u", text, strlen(text), &c, &err));
    static const uint8_t want[16] = { 0x3d, 0x12, 0x19, 0xc7, 0xc4, 0xc5, 0x40, 0x4a,
                                      0xaa, 0x1f, 0x6d, 0x2a, 0x48, 0xad, 0xfd, 0xa4 };
    ck_assert(c.uuid_set);
    ck_assert_mem_eq(c.uuid, want, 16);
    char *f = hsconfig_format(&c);
    ck_assert_ptr_nonnull(strstr(f, "\nuuid 3d1219c7-c4c5-404a-aa1f-6d2a48adfda4\n"));
    free(f);
    hsconfig_destroy(&c);
    ck_assert(hsconfig_parse("u", "", 0, &c, &err));
    ck_assert(!c.uuid_set);
    hsconfig_destroy(&c);
}
END_TEST

START_TEST(test_defaults)
{
    struct hsconfig c;
    char *err = NULL;
    ck_assert(hsconfig_parse("empty", "", 0, &c, &err));
    ck_assert(c.dnssd);
    ck_assert_uint_eq(c.sampling, 400);
    ck_assert_uint_eq(c.polling, 30);
    ck_assert_uint_eq(c.header_bytes, 128);
    ck_assert_uint_eq(c.datagram_bytes, 1400);
    ck_assert_uint_eq(c.sub_agent_id, 100000);
    ck_assert_uint_eq(c.n_collectors, 0);
    ck_assert_ptr_null(c.dnssd_domain);
    hsconfig_destroy(&c);
}
END_TEST

/* No probability: the rule's is 1 (it logs every packet), as in the older
 * agent; ovs { dbsock } names the OVSDB to learn OVS's interfaces from. */
START_TEST(test_nflog_ovs_defaults)
{
    static const char text[] = "sflow { sampling = 250 nflog { group = 3 } ovs { } }";
    struct hsconfig c;
    char *err = NULL;
    ck_assert(hsconfig_parse("n", text, strlen(text), &c, &err));
    ck_assert(c.nflog_probability == 1.0);
    ck_assert(c.ovs);
    ck_assert_ptr_null(c.ovs_db);
    hsconfig_destroy(&c);
    static const char *const good[] = { "ovs { dbsock = unix:/run/ovs/db.sock }",
                                        "ovs { dbsock = tcp:127.0.0.1:6640 }",
                                        "ovs { DBSOCK = tcp:[::1]:6640 }" };
    for (size_t i = 0; i < 3; i++) {
        if (!hsconfig_parse("o", good[i], strlen(good[i]), &c, &err)) {
            ck_abort_msg("%s: %s", good[i], err);
        }
        const char *want = strchr(good[i], '=') + 2;
        ck_assert_int_eq(strncmp(c.ovs_db, want, strlen(want) - 2), 0);
        ck_assert_uint_eq(strlen(c.ovs_db), strlen(want) - 2);
        hsconfig_destroy(&c);
    }
}
END_TEST

START_TEST(test_edges)
{
    static const char text[] =
        "sflow{polling=0;headerBytes=0;datagramBytes=8192 collector{ip=::1}}"
        "# trailing comment without newline";
    struct hsconfig c;
    char *err = NULL;
    if (!hsconfig_parse("e", text, strlen(text), &c, &err)) {
        ck_abort_msg("%s", err);
    }
    ck_assert_uint_eq(c.polling, 0);
    ck_assert_uint_eq(c.header_bytes, 0);
    ck_assert_uint_eq(c.datagram_bytes, 8192);
    ck_assert_str_eq(c.collectors[0].host, "::1");
    ck_assert_uint_eq(c.collectors[0].port, 6343);
    hsconfig_destroy(&c);
}
END_TEST

/* Malformed files: each gives "bad.conf:LINE:" and a phrase that says what. */
static const struct bad_case {
    const char *text;
    int line;
    const char *what;
} bad_cases[] = {
    { "polling = 301\n", 1, "not a number in 0-300" },
    { "\n\npolling = -1\n", 3, "not a number" },
    { "polling = 20x\n", 1, "not a number" },
    { "polling = 1K\n", 1, "not a number in 0-300" },
    { "sampling = 5G\n", 1, "not a number" },
    { "sampling = K\n", 1, "not a number" },
    { "sampling = 99999999999\n", 1, "not a number" },
    { "headerBytes = 257\n", 1, "0-256" },
    { "datagramBytes = 199\n", 1, "200-8192" },
    { "datagramBytes = 8193\n", 1, "200-8192" },
    { "subAgentId = 4294967296\n", 1, "not a number" },
    { "DNSSD = maybe\n", 1, "not on or off" },
    { "polling =\nsampling = 400\n", 1, "missing value" },
    { "sflow {\n  ip =\n  udpport = 6343\n}\n", 2, "missing value" },
    { "sflow {\n  polling = 20\n", 1, "not closed" },
    { "polling = 20\n}\n", 2, "without a matching '{'" },
    { "{ polling = 20 }\n", 1, "without a block name" },
    { "bogus = 1\n", 1, "unknown key 'bogus'" },
    { "sflow {\n collector {\n  ip = 10.0.0.1\n  color = red\n }\n}\n", 4, "unknown key" },
    { "sflow {\n collector {\n  udpport = 6343\n }\n}\n", 2, "collector without ip" },
    { "collector { ip = 10.0.0.300 }\n", 1, "not a numeric" },
    { "collector { ip = collector..example.com }\n", 1, "or a host name" },
    { "collector { ip = -bad/name }\n", 1, "or a host name" },
    { "collector {\n ip = c.example.com\n dev = eth0\n dev = eth1\n}\n", 4,
      "dev given twice" },
    { "collector { ip = c.example.com dev = a/b }\n", 1, "not a device name" },
    { "uuid = 3d1219c7-c4c5-404a-aa1f-6d2a48adfda\n", 1, "not a UUID" },
    { "uuid = 3d1219c7c4c5-404a-aa1f-6d2a48adfda4a\n", 1, "not a UUID" },
    { "uuid = 3d1219c7-c4c5-404a-aa1f-6d2a48adfdag\n", 1, "not a UUID" },
    { "refreshAdaptors = 59\n", 1, "60-3600" },
    { "kvm { refreshVMs = 3601 }\n", 1, "60-3600" },
    { "forgetVMs = 10\n", 1, "not a number in 60-" },
    { "samplingDirection = sideways\n", 1, "not in, out or both" },
    { "loopback = maybe\n", 1, "not on or off" },
    { "jsonPort = 1024\n", 1, "1025-65535" },
    { "xen { dsk = perhaps }\n", 1, "not on or off" },
    { "sflow {\n xen { switchport = \"swp[0-9]{1,3}\n }\n}\n", 2, "without a closing" },
    { "collector { ip = 10.0.0.1 udpport = 0 }\n", 1, "1-65535" },
    { "collector { ip = 10.0.0.1 udpport = 65536 }\n", 1, "1-65535" },
    { "collector {\n ip = 10.0.0.1\n ip = 10.0.0.2\n}\n", 3, "ip given twice" },
    { "udpport = 6343\n", 1, "udpport without ip" },
    { "polling = 20\nsflow {\n polling = 30\n}\n", 3, "given twice (first on line 1)" },
    { "sflow {\n sflow { }\n}\n", 2, "sflow block inside sflow" },
    { "collector {\n kvm { }\n}\n", 2, "not allowed inside" },
    { "agentIP = 10.0.0\n", 1, "not a numeric" },
    { "agent = this-name-is-too-long0\n", 1, "not a device name" },
    { "agent = eth0/1\n", 1, "not a device name" },
    { "agent.cidr = 10.0.0.0\n", 1, "ADDRESS/PREFIXLEN" },
    { "agent.cidr = 10.0.0.0/33\n", 1, "ADDRESS/PREFIXLEN" },
    { "agent.cidr = 2001:db8::/129\n", 1, "ADDRESS/PREFIXLEN" },
    { "agent.cidr = !!10.0.0.0/8\n", 1, "ADDRESS/PREFIXLEN" },
    { "ulogProbability = 0\n", 1, "probability" },
    { "nflog {\n probability = 1.5\n}\n", 2, "probability" },
    { "nflog { probability = 0x1p-3 }\n", 1, "probability" },
    { "nflogGroup = 70000\n", 1, "0-65535" },
    { "ulogGroup = 5\nnflog { group = 5 }\n", 2, "second nflog/ulog" },
    { "kvm {\n uri = a\n uri = b\n}\n", 3, "given twice" },
    { "ovs { enable = yes }\n", 1, "unknown key 'enable'" },
    { "ovs { dbsock = /var/run/openvswitch/db.sock }\n", 1, "unix:/PATH or tcp:" },
    { "ovs { dbsock = unix:db.sock }\n", 1, "unix:/PATH or tcp:" },
    { "ovs { dbsock = tcp:127.0.0.1 }\n", 1, "unix:/PATH or tcp:" },
    { "ovs { dbsock = tcp::6640 }\n", 1, "unix:/PATH or tcp:" },
    { "ovs {\n dbsock = unix:/a\n dbsock = unix:/b\n}\n", 3, "given twice" },
    { "pve { config = etc/pve }\n", 1, "not an absolute path" },
    { "pve {\n timeout = 5\n}\n", 2, "10-60000" },
    { "pve {\n run = /a\n run = /b\n}\n", 3, "given twice" },
    { "pve { uri = qemu:///system }\n", 1, "unknown key 'uri'" },
    { "pve { kvm { } }\n", 1, "not allowed inside" },
    { "dns-sd { server = dns.example.com }\n", 1, "ADDRESS[:PORT]" },
    { "dns-sd { server = 127.0.0.1:99999 }\n", 1, "ADDRESS[:PORT]" },
    { "dns-sd { server = [::1:53 }\n", 1, "ADDRESS[:PORT]" },
    { "DNSSD_domain = .\n", 1, "empty domain" },
    { "sampling.= 10\n", 1, "bad name after the dot" },
    { "sampling.x/y = 10\n", 1, "bad name after the dot" },
    { "polling.vm = 301\n", 1, "0-300" },
    { "sampling.http = 10\nSAMPLING.HTTP = 20\n", 2, "given twice" },
    { "polling = 20\n\x01\n", 2, "control character" },
    { "# nul\npolling = 2\0\n", 2, "NUL byte" },
    { "sflow { collector { ip = 10.0.0.1 } \n\n", 1, "not closed" },
    { "sflow { polling = }\n", 1, "missing value" },
    { "pcap { }\n", 1, "neither dev nor speed" },
    { "pcap {\n promisc = on\n}\n", 1, "neither dev nor speed" },
    { "pcap {\n dev = a\n dev = b\n}\n", 3, "dev given twice" },
    { "pcap { dev = this-name-is-too-long0 }\n", 1, "not a device name" },
    { "pcap { dev = a/b }\n", 1, "not a device name" },
    { "pcap {\n dev = tap(\n}\n", 2, "not a pattern" },
    { "pcap { speed = 1G-100M }\n", 1, "MIN-MAX" },
    { "pcap { speed = fast }\n", 1, "MIN-MAX" },
    { "pcap { speed = -1G }\n", 1, "MIN-MAX" },
    { "pcap { speed = 1G speed = 2G }\n", 1, "speed given twice" },
    { "pcap { dev = eth0 promisc = maybe }\n", 1, "not on or off" },
    { "pcap { dev = eth0 vport = 2 }\n", 1, "not on or off" },
    { "pcap { dev = eth0 sampling = -1 }\n", 1, "not a number" },
    { "pcap { dev = eth0 sampling = 4294967296 }\n", 1, "not a number" },
    { "pcap { dev = eth0\n colour = red }\n", 2, "unknown key 'colour'" },
    { "pcap { dev = eth0 kvm { } }\n", 1, "not allowed inside" },
    { "pcap { dev = eth0\n", 1, "not closed" },
};

START_TEST(test_bad)
{
    const struct bad_case *bc = &bad_cases[_i];
    struct hsconfig c;
    char *err = NULL;
    size_t len = strlen(bc->text);
    if (strstr(bc->text, "# nul")) {
        len += 2;                   /* the NUL and the newline after it */
    }
    ck_assert_msg(!hsconfig_parse("bad.conf", bc->text, len, &c, &err),
                  "case %d accepted", _i);
    char *prefix = xasprintf("bad.conf:%d: ", bc->line);
    ck_assert_msg(!strncmp(err, prefix, strlen(prefix)), "case %d: '%s' is not at %s", _i,
                  err, prefix);
    ck_assert_msg(strstr(err, bc->what), "case %d: '%s' does not say '%s'", _i, err,
                  bc->what);
    /* OUT is left empty. */
    ck_assert_uint_eq(c.n_collectors, 0);
    ck_assert_ptr_null(c.collectors);
    ck_assert_ptr_null(c.notices);
    free(prefix);
    free(err);
}
END_TEST

START_TEST(test_too_big)
{
    size_t len = HSCONFIG_MAX_FILE + 1;
    char *text = xmalloc(len);
    memset(text, '#', len);
    struct hsconfig c;
    char *err = NULL;
    ck_assert(!hsconfig_parse("big.conf", text, len, &c, &err));
    ck_assert_ptr_nonnull(strstr(err, "big.conf:1: file larger"));
    free(err);
    free(text);
}
END_TEST

START_TEST(test_missing_file)
{
    struct hsconfig c;
    char *err = NULL;
    ck_assert(!hsconfig_read("/nonexistent/hsflowd.conf", &c, &err));
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/hsflowd.conf: "));
    free(err);
}
END_TEST

static Suite *
config_suite(void)
{
    TCase *tc;
    Suite *s = check_suite(&(struct check_spec) {
        .name = "hsconfig",
        .tests = CHECK_TESTS(test_proxmox, test_xcp, test_all_blocks, test_pve_block,
                             test_defaults, test_suffixes, test_uuid, test_nflog_ovs_defaults,
                             test_edges, test_too_big, test_missing_file),
    }, &tc);
    tcase_add_loop_test(tc, test_bad, 0, (int) ARRAY_SIZE(bad_cases));
    return s;
}

int
main(void)
{
    return check_run(config_suite());
}
