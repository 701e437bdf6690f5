/* Unit tests for a container's block I/O from its cgroup: io.stat (v2) and
 * blkio.throttle.* (v1) as the kernel writes them, read from the recorded
 * trees in tests/data/pve and from trees the test makes (a kernel without
 * the _recursive files, missing and malformed files). */
#include <config.h>

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"
#include "common/log.h"
#include "pve/hspve.h"
#include "pve/pve_cgio.h"
#include "sflow/sflow.h"
#include "check_run.h"

static char *
data(const char *rel)
{
    const char *top = getenv("top_srcdir");
    return xasprintf("%s/tests/data/pve/%s", top ? top : "..", rel);
}

/* Parses TEXT as KIND (2 or 1), expecting the error WANT. */
static void
bad(int kind, const char *text, const char *want)
{
    struct pve_cgio io = { 0 };
    char *err = NULL;
    bool ok = kind == 2 ? pve_cgio_parse_v2("f", text, &io, &err)
                        : pve_cgio_parse_v1("f", text, &io.rd_bytes, &io.wr_bytes, &err);
    ck_assert_msg(!ok, "accepted: %s", text);
    ck_assert_str_eq(err, want);
    free(err);
}

struct bad_case {
    const char *text, *want;
};

static void
bad_cases(int kind, const struct bad_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bad(kind, cases[i].text, cases[i].want);
    }
}

START_TEST(test_parse_v2)
{
    struct pve_cgio io = { 0 };
    char *err = NULL;
    /* Devices summed; discards and the keys of io.cost / io.latency ignored. */
    ck_assert(pve_cgio_parse_v2("f", "8:16 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=99 dios=9\n"
                                "253:0 rbytes=5 wbytes=0 rios=1 wios=0 dbytes=0 dios=0 "
                                "cost.vrate=100.00 use_delay=0 delay_nsec=0\n\n"
                                "259:1 rbytes=1", &io, &err));
    ck_assert_uint_eq(io.rd_bytes, 16);
    ck_assert_uint_eq(io.wr_bytes, 20);
    ck_assert_uint_eq(io.rd_ios, 2);
    ck_assert_uint_eq(io.wr_ios, 2);
    memset(&io, 0, sizeof io);
    ck_assert(pve_cgio_parse_v2("f", "", &io, &err));     /* no I/O yet: an empty file */
    ck_assert_uint_eq(io.rd_bytes, 0);
    /* The largest count; counters summed past 2^64 wrap as the kernel's do. */
    ck_assert(pve_cgio_parse_v2("f", "8:0 rbytes=18446744073709551615\n8:1 rbytes=2\n", &io,
                                &err));
    ck_assert_uint_eq(io.rd_bytes, 1);

    static const struct bad_case v2_bad[] = {
        { "8:0 rbytes=1\nsda rbytes=1\n", "f:2: 'sda' is not a device MAJ:MIN" },
        { ":0 rbytes=1\n", "f:1: ':0' is not a device MAJ:MIN" },
        { "8: rbytes=1\n", "f:1: '8:' is not a device MAJ:MIN" },
        { "8:0:1 rbytes=1\n", "f:1: '8:0:1' is not a device MAJ:MIN" },
        { "4294967296:0 rbytes=1\n", "f:1: '4294967296:0' is not a device MAJ:MIN" },
        { "8:0 rbytes\n", "f:1: 'rbytes' is not key=value" },
        { "8:0 =5\n", "f:1: '=5' is not key=value" },
        { "8:0 RBYTES=5\n", "f:1: 'RBYTES=5' is not key=value" },
        { "8:0 rbytes=-1\n", "f:1: 'rbytes=-1' does not hold a count" },
        { "8:0 wios=\n", "f:1: 'wios=' does not hold a count" },
        { "8:0 rios=0x10\n", "f:1: 'rios=0x10' does not hold a count" },
        { "8:0 wbytes=18446744073709551616\n",
          "f:1: 'wbytes=18446744073709551616' does not hold a count" },
    };
    bad_cases(2, v2_bad, ARRAY_SIZE(v2_bad));
    char *long_word = xasprintf("8:0 rbytes=1 x=%0100d\n", 0);
    bad(2, long_word, "f:1: a word longer than 64 bytes");
    free(long_word);
}
END_TEST

START_TEST(test_parse_v1)
{
    uint64_t rd = 0, wr = 0;
    char *err = NULL;
    ck_assert(pve_cgio_parse_v1("f", "8:0 Read 100\n8:0 Write 7\n8:0 Sync 107\n8:0 Async 0\n"
                                "8:0 Discard 4096\n8:0 Total 107\n7:3 Read 1\n7:3 Write 2\n"
                                "Total 110\n", &rd, &wr, &err));
    ck_assert_uint_eq(rd, 101);
    ck_assert_uint_eq(wr, 9);
    ck_assert(pve_cgio_parse_v1("f", "Total 0\n", &rd, &wr, &err));   /* no device yet */
    ck_assert_uint_eq(rd, 101);

    static const struct bad_case v1_bad[] = {
        { "8:0 Read\n", "f:1: not 'MAJ:MIN OPERATION COUNT' or 'Total COUNT'" },
        { "8:0 Read 1 2\n", "f:1: not 'MAJ:MIN OPERATION COUNT' or 'Total COUNT'" },
        { "sda Read 1\n", "f:1: not 'MAJ:MIN OPERATION COUNT' or 'Total COUNT'" },
        { "Total x\n", "f:1: not 'MAJ:MIN OPERATION COUNT' or 'Total COUNT'" },
        { "8:0 Read 1\n8:0 Write -5\n", "f:2: '-5' is not a count" },
        { "8:0 Re=ad 1\n", "f:1: 'Re=ad' is not an operation" },
    };
    bad_cases(1, v1_bad, ARRAY_SIZE(v1_bad));
}
END_TEST

/* Reads container CTID under the recorded tree ROOT, expecting STATUS and
 * the counters WANT (rd_bytes, wr_bytes, rd_ios, wr_ios). */
static void
expect_read(const char *root, uint32_t ctid, bool v2, enum pve_cgio_status status,
            const uint64_t want[4])
{
    char *dir = data(root);
    struct pve_cgio io;
    char *err = NULL;
    ck_assert_int_eq(pve_cgio_read(dir, ctid, v2, &io, &err), status);
    ck_assert_ptr_null(err);
    uint64_t got[4] = { io.rd_bytes, io.wr_bytes, io.rd_ios, io.wr_ios };
    for (int i = 0; i < 4; i++) {
        ck_assert_uint_eq(got[i], want[i]);
    }
    free(dir);
}

START_TEST(test_recorded)
{
    static const uint64_t none[4] = { 0 };
    static const uint64_t v2[4] = { 1048576 + 512, 4194304 + 8192, 257, 1026 };
    /* v1: the _recursive files count the processes in lxc/102/ns; the plain
     * files of lxc/102 itself hold zeros. */
    static const uint64_t v1[4] = { 2097152 + 4096, 65536 + 1048576, 513, 272 };
    expect_read("cgroup-v2", 101, true, PVE_CGIO_OK, v2);
    /* 103's cgroup has no io.stat (io controller not enabled for it). */
    expect_read("cgroup-v2", 103, true, PVE_CGIO_NONE, none);
    expect_read("cgroup-v1", 102, false, PVE_CGIO_OK, v1);
    expect_read("cgroup-v1", 104, false, PVE_CGIO_NONE, none);
}
END_TEST

static void
put(const char *dir, const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static void
mkdirs(const char *root, const char *const *rels, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *d = xasprintf("%s/%s", root, rels[i]);
        ck_assert_int_eq(mkdir(d, 0700), 0);
        free(d);
    }
}

static int
unlink_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void) st;
    (void) ftw;
    return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* A v1 kernel without the _recursive files, then hostile and missing files. */
START_TEST(test_made_trees)
{
    char tmpl[] = "/tmp/test_pve_cgio.XXXXXX";
    char *root = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(root);
    char *dir = xasprintf("%s/blkio/lxc/7", root), *ns = xasprintf("%s/ns", dir);
    char *v2dir = xasprintf("%s/lxc/8", root);
    static const char *const rels[] = {
        "blkio", "blkio/lxc", "blkio/lxc/7", "blkio/lxc/7/ns", "lxc", "lxc/8",
    };
    mkdirs(root, rels, ARRAY_SIZE(rels));
    put(dir, "blkio.throttle.io_service_bytes", "8:0 Read 10\n8:0 Write 20\nTotal 30\n");
    put(ns, "blkio.throttle.io_service_bytes", "8:0 Read 1000\n8:0 Write 2000\nTotal 3000\n");
    put(dir, "blkio.throttle.io_serviced", "8:0 Read 1\n8:0 Write 2\nTotal 3\n");
    put(ns, "blkio.throttle.io_serviced", "8:0 Read 3\n8:0 Write 4\nTotal 7\n");
    struct pve_cgio io;
    char *err = NULL;
    ck_assert_int_eq(pve_cgio_read(root, 7, false, &io, &err), PVE_CGIO_OK);
    ck_assert_uint_eq(io.rd_bytes, 1010);
    ck_assert_uint_eq(io.wr_bytes, 2020);
    ck_assert_uint_eq(io.rd_ios, 4);
    ck_assert_uint_eq(io.wr_ios, 6);
    /* Malformed: rejected, with the file and line. */
    put(ns, "blkio.throttle.io_serviced", "8:0 Read 3\n8:0 Write lots\n");
    ck_assert_int_eq(pve_cgio_read(root, 7, false, &io, &err), PVE_CGIO_BAD);
    char *want = xasprintf("%s/blkio.throttle.io_serviced:2: 'lots' is not a count", ns);
    ck_assert_str_eq(err, want);
    ck_assert_uint_eq(io.rd_bytes, 0);
    free(want);
    free(err);
    /* A recursive file wins over the plain ones. */
    put(dir, "blkio.throttle.io_service_bytes_recursive", "8:0 Read 5\nTotal 5\n");
    put(dir, "blkio.throttle.io_serviced_recursive", "8:0 Write 6\nTotal 6\n");
    ck_assert_int_eq(pve_cgio_read(root, 7, false, &io, &err), PVE_CGIO_OK);
    ck_assert_uint_eq(io.rd_bytes, 5);
    ck_assert_uint_eq(io.wr_ios, 6);
    /* v2: a NUL byte, a file past the bound, a directory in its place. */
    put(v2dir, "io.stat", "8:0 rbytes=1\n");
    ck_assert_int_eq(pve_cgio_read(root, 8, true, &io, &err), PVE_CGIO_OK);
    char *path = xasprintf("%s/io.stat", v2dir);
    FILE *f = fopen(path, "w");
    fwrite("8:0 rbytes=1\0\n", 1, 14, f);
    fclose(f);
    ck_assert_int_eq(pve_cgio_read(root, 8, true, &io, &err), PVE_CGIO_BAD);
    ck_assert_ptr_nonnull(strstr(err, "a NUL byte"));
    free(err);
    f = fopen(path, "w");
    for (unsigned i = 0; i < PVE_CGIO_MAX_FILE / 16 + 1; i++) {
        fputs("8:0 rbytes=1234\n", f);
    }
    fclose(f);
    ck_assert_int_eq(pve_cgio_read(root, 8, true, &io, &err), PVE_CGIO_BAD);
    ck_assert_ptr_nonnull(strstr(err, "larger than 256 KiB"));
    free(err);
    unlink(path);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    ck_assert_int_eq(pve_cgio_read(root, 8, true, &io, &err), PVE_CGIO_BAD);
    ck_assert_ptr_nonnull(strstr(err, "not a regular file"));
    free(err);
    ck_assert_int_eq(pve_cgio_read(root, 9, true, &io, &err), PVE_CGIO_NONE);
    ck_assert_int_eq(nftw(root, unlink_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
    free(path);
    free(v2dir);
    free(ns);
    free(dir);
}
END_TEST

/* ---- hspve's cycle with a malformed io.stat ---------------------------------- */

struct got {
    size_t n;
    uint32_t ids[4];
    uint64_t rd_bytes[4];
};

static void
collect(void *aux, const struct sflow_counters_sample *s)
{
    struct got *g = aux;
    ck_assert_uint_lt(g->n, 4);
    g->ids[g->n] = s->ds_index;
    g->rd_bytes[g->n++] = s->recs[5].u.virt_disk_io.rd_bytes;
}

/* How many lines of the log at PATH hold WHAT. */
static int
count_lines(const char *path, const char *what)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        n += strstr(line, what) != NULL;
    }
    fclose(f);
    return n;
}

/* Container 8's io.stat turns malformed: 8 is left out (logged once over
 * several polls) while 7 goes on; once the file reads again 8 is back. */
START_TEST(test_cycle_bad_file)
{
    char tmpl[] = "/tmp/test_pve_cgio.XXXXXX";
    char *root = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(root);
    static const char *const rels[] = {
        "cg", "cg/lxc", "cg/lxc/7", "cg/lxc/8", "etc", "etc/lxc", "etc/qemu-server", "run",
    };
    mkdirs(root, rels, ARRAY_SIZE(rels));
    char *cg = xasprintf("%s/cg", root), *etc = xasprintf("%s/etc", root);
    char *run = xasprintf("%s/run", root), *log = xasprintf("%s/log", root);
    char *ct8 = xasprintf("%s/lxc/8", cg);
    static const char *const files[][2] = {
        { "cg/cgroup.controllers", "cpu io memory\n" },
        { "cg/lxc/7/cgroup.events", "populated 1\nfrozen 0\n" },
        { "cg/lxc/8/cgroup.events", "populated 1\nfrozen 0\n" },
        { "cg/lxc/7/io.stat", "8:0 rbytes=700 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n" },
        { "cg/lxc/8/io.stat", "8:0 rbytes=800 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n" },
        { "etc/lxc/7.conf", "hostname: seven\nrootfs: a,size=1G\n" },
        { "etc/lxc/8.conf", "hostname: eight\nrootfs: b,size=2G\n" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
        put(root, files[i][0], files[i][1]);
    }
    struct hspve_options o = {
        .config_dir = etc, .run_dir = run, .cgroup_dir = cg, .sysroot = root,
    };
    struct hspve *p = hspve_create(&o);
    struct hspve_host host = { .cpus = 2 };
    ck_assert(log_set_file(log));
    struct got g = { 0 };
    ck_assert_uint_eq(hspve_poll(p, 0, &host, collect, &g), 2);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_uint_eq(g.rd_bytes[1], 800);
    put(ct8, "io.stat", "8:0 rbytes=800 wbytes=zero\n");
    for (int i = 0; i < 3; i++) {
        memset(&g, 0, sizeof g);
        ck_assert_uint_eq(hspve_poll(p, 1000 * (i + 1), &host, collect, &g), 1);
        ck_assert_uint_eq(g.n, 1);
        ck_assert_uint_eq(g.ids[0], 7);
        ck_assert_uint_eq(g.rd_bytes[0], 700);
    }
    char *want = xasprintf("proxmox: container 8 left out of this poll: %s/io.stat:1: "
                           "'wbytes=zero' does not hold a count", ct8);
    ck_assert_int_eq(count_lines(log, want), 1);
    put(ct8, "io.stat", "8:0 rbytes=900\n");
    memset(&g, 0, sizeof g);
    ck_assert_uint_eq(hspve_poll(p, 5000, &host, collect, &g), 2);
    ck_assert_uint_eq(g.ids[1], 8);
    ck_assert_uint_eq(g.rd_bytes[1], 900);
    /* Malformed again: logged again, since it had recovered. */
    put(ct8, "io.stat", "8:0 rbytes=800 wbytes=zero\n");
    ck_assert_uint_eq(hspve_poll(p, 6000, &host, collect, &(struct got) { 0 }), 1);
    ck_assert_int_eq(count_lines(log, want), 2);
    hspve_destroy(p);
    ck_assert_int_eq(nftw(root, unlink_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
    free(want);
    free(ct8);
    free(log);
    free(run);
    free(etc);
    free(cg);
}
END_TEST

CHECK_MAIN(
    .name = "pve_cgio",
    .tests = CHECK_TESTS(test_parse_v2, test_parse_v1, test_recorded, test_made_trees,
                         test_cycle_bad_file))
