/* Unit tests for the Proxmox guest config parser: what Proxmox writes (VMs,
 * containers, snapshot sections, descriptions, CRLF), and what a broken or
 * hostile file looks like. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "pve/pve_conf.h"
#include "sflow/sflow.h"
#include "check_run.h"

static char *
slurp(const char *rel, size_t *len)
{
    char *path = xasprintf("%s/tests/data/pve/%s", getenv("top_srcdir") ? getenv("top_srcdir") : "..", rel);
    char *err = NULL;
    char *text = read_file_bounded(path, 1 << 20, len, &err);
    ck_assert_msg(text, "%s", err);
    free(path);
    return text;
}

static bool
parse(enum pve_kind kind, const char *text, struct pve_conf *c, char **err)
{
    return pve_conf_parse(kind, "t.conf", text, strlen(text), c, err);
}

/* Parses TEXT, expecting the error WANT. */
static void
bad(enum pve_kind kind, const char *text, const char *want)
{
    struct pve_conf c;
    char *err = NULL;
    ck_assert_msg(!parse(kind, text, &c, &err), "accepted: %s", text);
    ck_assert_str_eq(err, want);
    free(err);
}

START_TEST(test_vm)
{
    size_t len;
    char *text = slurp("etc/qemu-server/100.conf", &len);
    struct pve_conf c;
    char *err = NULL;
    ck_assert_msg(pve_conf_parse(PVE_QEMU, "100.conf", text, len, &c, &err), "%s", err);
    free(text);
    ck_assert_str_eq(c.name, "web-100");
    ck_assert(c.has_uuid);
    ck_assert_uint_eq(c.uuid[0], 0x4f);
    ck_assert_uint_eq(c.uuid[15], 0x2b);
    ck_assert_uint_eq(c.os_name, SFLOW_OS_WINDOWS);
    ck_assert_uint_eq(c.machine_type, SFLOW_MT_X86_64);
    ck_assert_uint_eq(c.memory_mib, 2048);         /* not the snapshot's 512 */
    ck_assert_uint_eq(pve_conf_vcpus(PVE_QEMU, &c, 64), 4);
    ck_assert_uint_eq(c.n_nets, 3);
    ck_assert_uint_eq(c.nets[0].index, 0);
    ck_assert(c.nets[0].has_mac);
    ck_assert_uint_eq(c.nets[0].mac[0], 0xbc);
    ck_assert_uint_eq(c.nets[0].mac[5], 0x01);
    ck_assert_uint_eq(c.nets[1].index, 1);
    ck_assert_uint_eq(c.nets[1].mac[5], 0x02);
    ck_assert_uint_eq(c.nets[2].index, 3);
    ck_assert(!c.nets[2].has_mac);                  /* "rtl8139,bridge=": no MAC */
}
END_TEST

START_TEST(test_container)
{
    size_t len;
    char *text = slurp("etc/lxc/101.conf", &len);
    struct pve_conf c;
    char *err = NULL;
    ck_assert_msg(pve_conf_parse(PVE_LXC, "101.conf", text, len, &c, &err), "%s", err);
    free(text);
    ck_assert_str_eq(c.name, "ct-101.example.com");     /* CRLF stripped */
    ck_assert(!c.has_uuid);
    ck_assert_uint_eq(c.os_name, SFLOW_OS_LINUX);
    ck_assert_uint_eq(c.memory_mib, 1024);
    ck_assert_uint_eq(pve_conf_vcpus(PVE_LXC, &c, 64), 2);
    ck_assert_uint_eq(c.n_nets, 2);
    ck_assert_uint_eq(c.nets[1].index, 2);
    ck_assert_uint_eq(c.nets[1].mac[5], 0x03);

    /* A container without cores may use every host CPU; defaults. */
    ck_assert(parse(PVE_LXC, "hostname: x\n", &c, &err));
    ck_assert_uint_eq(pve_conf_vcpus(PVE_LXC, &c, 12), 12);
    ck_assert_uint_eq(c.memory_mib, 512);
    ck_assert_uint_eq(c.os_name, SFLOW_OS_UNKNOWN);
    /* VM keys mean nothing in a container config, and the other way round. */
    ck_assert(parse(PVE_LXC, "name: vm\nsmbios1: uuid=zz\nvcpus: lots\n", &c, &err));
    ck_assert_str_eq(c.name, "");
    ck_assert(parse(PVE_QEMU, "hostname: ct\nnet0: hwaddr=zz\n", &c, &err));
    ck_assert(!c.nets[0].has_mac);
}
END_TEST

START_TEST(test_values)
{
    struct pve_conf c;
    char *err = NULL;
    ck_assert(parse(PVE_QEMU, "memory: current=4096\nvcpus: 3\ncores: 8\nsockets: 2\n"
                    "arch: aarch64\nostype: l26\n", &c, &err));
    ck_assert_uint_eq(c.memory_mib, 4096);
    ck_assert_uint_eq(pve_conf_vcpus(PVE_QEMU, &c, 1), 3);
    ck_assert_uint_eq(c.machine_type, SFLOW_MT_ARM);
    ck_assert_uint_eq(c.os_name, SFLOW_OS_LINUX);
    ck_assert(parse(PVE_QEMU, "", &c, &err));
    ck_assert_uint_eq(pve_conf_vcpus(PVE_QEMU, &c, 16), 1);
    ck_assert_uint_eq(c.n_nets, 0);
    ck_assert_str_eq(c.name, "");
    /* Blank lines, indented comments, a last line without '\n'. */
    ck_assert(parse(PVE_QEMU, "\n   \n  # note: x\nname: last", &c, &err));
    ck_assert_str_eq(c.name, "last");
    /* A section header ends the current config, whatever follows it. */
    ck_assert(parse(PVE_QEMU, "name: a\n[PENDING]\nname: b\nthis is : not ok\n", &c, &err));
    ck_assert_str_eq(c.name, "a");
    ck_assert_uint_eq(pve_conf_os(PVE_QEMU, "w2k8"), SFLOW_OS_WINDOWS);
    ck_assert_uint_eq(pve_conf_os(PVE_QEMU, "solaris"), SFLOW_OS_SOLARIS);
    ck_assert_uint_eq(pve_conf_os(PVE_QEMU, "other"), SFLOW_OS_OTHER);
    ck_assert_uint_eq(pve_conf_os(PVE_LXC, "nixos"), SFLOW_OS_LINUX);
    ck_assert_uint_eq(pve_conf_os(PVE_LXC, "haiku"), SFLOW_OS_OTHER);
    /* The largest vCPU count does not wrap. */
    ck_assert(parse(PVE_QEMU, "cores: 8192\nsockets: 64\n", &c, &err));
    ck_assert_uint_eq(pve_conf_vcpus(PVE_QEMU, &c, 1), 8192 * 64);
}
END_TEST

START_TEST(test_errors)
{
    bad(PVE_QEMU, "name: a\nmemory: lots\n", "t.conf:2: memory: 'lots' is not a size in MiB (1-4294967296)");
    bad(PVE_QEMU, "memory: 0\n", "t.conf:1: memory: '0' is not a size in MiB (1-4294967296)");
    bad(PVE_QEMU, "#c\nno colon here\n", "t.conf:2: expected 'key: value'");
    bad(PVE_QEMU, "bad key: 1\n", "t.conf:1: 'bad key' is not a key");
    bad(PVE_QEMU, "name: a\nname: b\n", "t.conf:2: name given twice (first on line 1)");
    bad(PVE_QEMU, "net0: virtio=BC:24:11:00:00:01\nnet0: virtio=BC:24:11:00:00:02\n",
        "t.conf:2: net0 given twice (first on line 1)");
    bad(PVE_QEMU, "net0: virtio=BC:24:11:00:00:0G,bridge=vmbr0\n",
        "t.conf:1: net0: virtio 'BC:24:11:00:00:0G' is not a MAC address");
    bad(PVE_LXC, "net0: name=eth0,hwaddr=BC:24:11:00:00\n",
        "t.conf:1: net0: hwaddr 'BC:24:11:00:00' is not a MAC address");
    bad(PVE_QEMU, "smbios1: uuid=4f9b1c2e-8a3d-4e5f-9a6b\n",
        "t.conf:1: smbios1: uuid '4f9b1c2e-8a3d-4e5f-9a6b' is not a UUID");
    bad(PVE_QEMU, "cores: -1\n", "t.conf:1: cores: '-1' is not a number in 1-8192");
    bad(PVE_QEMU, "sockets: 65\n", "t.conf:1: sockets: '65' is not a number in 1-64");
    bad(PVE_QEMU, "vcpus: 99999999999999999999\n",
        "t.conf:1: vcpus: '99999999999999999999' is not a number in 1-8192");
    bad(PVE_QEMU, "name: a\x01" "b\n", "t.conf:1: name: control character in the name");
    bad(PVE_LXC, "hostname: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
        "t.conf:1: hostname: longer than 64 characters");
    bad(PVE_QEMU, "arch: \n", "t.conf:1: arch: '' is not an architecture");

    struct pve_conf c;
    char *err = NULL;
    /* A NUL byte, a line past the bound, a file past the bound. */
    ck_assert(!pve_conf_parse(PVE_QEMU, "t.conf", "name: a\nx: \0y\n", 13, &c, &err));
    ck_assert_str_eq(err, "t.conf:2: NUL byte in the file");
    free(err);
    size_t n = PVE_CONF_MAX_LINE + 10;
    char *big = xmalloc(n + 1);
    memset(big, 'a', n);
    memcpy(big, "#", 1);
    big[n] = '\0';
    ck_assert(!pve_conf_parse(PVE_QEMU, "t.conf", big, n, &c, &err));
    ck_assert_str_eq(err, "t.conf:1: line longer than 8192 bytes");
    free(err);
    free(big);
    ck_assert(!pve_conf_parse(PVE_QEMU, "t.conf", "", PVE_CONF_MAX_FILE + 1, &c, &err));
    ck_assert_str_eq(err, "t.conf:0: larger than 1048576 bytes");
    free(err);
    /* netN past net31 and net01 are not interfaces: other keys, ignored. */
    ck_assert(parse(PVE_QEMU, "net32: virtio=zz\nnet01: virtio=zz\nnetx: 1\n", &c, &err));
    ck_assert_uint_eq(c.n_nets, 0);
}
END_TEST

START_TEST(test_every_prefix_parses_or_fails_cleanly)
{
    size_t len;
    char *text = slurp("etc/qemu-server/100.conf", &len);
    for (size_t i = 0; i <= len; i++) {
        char *copy = xmalloc(i + 1);
        memcpy(copy, text, i);
        struct pve_conf c;
        char *err = NULL;
        if (!pve_conf_parse(PVE_QEMU, "p.conf", copy, i, &c, &err)) {
            ck_assert_ptr_nonnull(strstr(err, "p.conf:"));
            free(err);
        }
        free(copy);
    }
    free(text);
}
END_TEST

CHECK_MAIN(
    .name = "pve_conf",
    .tests = CHECK_TESTS(test_vm, test_container, test_values, test_errors,
                         test_every_prefix_parses_or_fails_cleanly))
