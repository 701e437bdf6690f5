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
    /* rootfs 8G + mp0 32G + mp2 512M (volume= form); mp1, a bind mount, has
     * no size; the snapshot's rootfs does not count. */
    ck_assert_uint_eq(c.disk_bytes, (40ull << 30) + (512ull << 20));

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
    /* A VM's disks come from QMP: rootfs and mpN are not its keys. */
    ck_assert(parse(PVE_QEMU, "rootfs: x,size=zz\nmp0: y,size=1G\n", &c, &err));
    ck_assert_uint_eq(c.disk_bytes, 0);
}
END_TEST

/* The disk size of a container whose config is "rootfs: ...,size=SIZE". */
static uint64_t
rootfs_size(const char *size)
{
    struct pve_conf c;
    char *err = NULL;
    char *text = xasprintf("rootfs: local:100/vm-100-disk-0.raw,size=%s,mountoptions=noatime\n",
                           size);
    ck_assert_msg(parse(PVE_LXC, text, &c, &err), "%s", err);
    free(text);
    return c.disk_bytes;
}

START_TEST(test_disk_sizes)
{
    ck_assert_uint_eq(rootfs_size("8G"), 8ull << 30);
    ck_assert_uint_eq(rootfs_size("100"), 100);                 /* bytes */
    ck_assert_uint_eq(rootfs_size("4K"), 4096);
    ck_assert_uint_eq(rootfs_size("300M"), 300ull << 20);
    ck_assert_uint_eq(rootfs_size("2T"), 2ull << 40);
    ck_assert_uint_eq(rootfs_size("0"), 0);                     /* a ZFS subvolume, no quota */
    ck_assert_uint_eq(rootfs_size("1.5G"), 3ull << 29);
    ck_assert_uint_eq(rootfs_size("0.1K"), 102);                /* truncated, as Proxmox does */
    ck_assert_uint_eq(rootfs_size("1.0000000001T"), 1ull << 40);  /* digits past 6 ignored */
    ck_assert_uint_eq(rootfs_size("16777215T"), 16777215ull << 40);
    ck_assert_uint_eq(rootfs_size("18446744073709551615"), UINT64_MAX);
    struct pve_conf c;
    char *err = NULL;
    /* Summed over rootfs and every mpN (mp0-mp255) that has a size. */
    ck_assert(parse(PVE_LXC, "mp255: a,mp=/a,size=1G\nrootfs: b,size=1G\nmp7: c,mp=/c\n"
                    "mp256: d,mp=/d,size=1G\nmp01: e,size=1G\nunused0: f\n", &c, &err));
    ck_assert_uint_eq(c.disk_bytes, 2ull << 30);
    ck_assert(parse(PVE_LXC, "hostname: none\n", &c, &err));
    ck_assert_uint_eq(c.disk_bytes, 0);
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
    /* Not a size, or past 2^64 bytes. */
    static const char *const sizes[] = {
        "8GB", "-1G", "", "1.G", "g", ".5G", "1e9", "16777216T", "18446744073709551616",
    };
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        char *text = xasprintf("mp3: a,size=%s\n", sizes[i]);
        char *want = xasprintf("t.conf:1: mp3: size '%s' is not a size (N[.N][K|M|G|T])",
                               sizes[i]);
        bad(PVE_LXC, text, want);
        free(want);
        free(text);
    }
    bad(PVE_LXC, "rootfs: a,size=16777215T\nmp0: b,size=1T\n",
        "t.conf:2: mp0: the disk sizes add up past 2^64 bytes");
    bad(PVE_LXC, "rootfs: a,size=1G\nrootfs: a,size=1G\n",
        "t.conf:2: rootfs given twice (first on line 1)");
    bad(PVE_LXC, "mp9: a,size=1G\nmp9: b,size=1G\n", "t.conf:2: mp9 given twice (first on line 1)");

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
    .tests = CHECK_TESTS(test_vm, test_container, test_disk_sizes, test_values, test_errors,
                         test_every_prefix_parses_or_fails_cleanly))
