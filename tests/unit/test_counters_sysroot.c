/* The live path's kept-open /proc files (sysroot_keep_open()): for each
 * file hsflowd keeps open, a pread from offset 0 gives what a fresh open and
 * read gives (same lines, same first word), and a second pread gives the
 * kernel's new text, not the old one (the uptime and the context switches
 * move on). The live path's shortcuts give what the whole files give: the
 * first part of /proc/vmstat, CLOCK_BOOTTIME for /proc/uptime. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "counters/counters.h"
#include "counters/counters_cpu.h"
#include "counters/counters_memory.h"
#include "counters/counters_state.h"
#include "counters/sysroot.h"
#include "check_run.h"

static size_t
count_lines(const char *t)
{
    size_t n = 0;
    for (; *t; t++) {
        n += *t == '\n';
    }
    return n;
}

static char *
fresh(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "/%s", rel);
    FILE *f = fopen(path, "r");
    if (!f) {
        return NULL;
    }
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

static void
nap_ms(long ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    nanosleep(&ts, NULL);
}

START_TEST(test_kept_files)
{
    static const char *const files[] = {
        "proc/sys/kernel/hostname", "proc/stat", "proc/loadavg", "proc/uptime",
        "proc/meminfo", "proc/vmstat", "proc/diskstats", "proc/mounts", "proc/net/snmp",
        "proc/cpuinfo",
    };
    struct sysroot sr;
    sysroot_init(&sr, "/");
    sysroot_keep_open(&sr);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *want = fresh(files[i]);
        if (!want) {
            continue;                   /* not on this kernel */
        }
        for (int round = 0; round < 3; round++) {
            const char *got = sysroot_read(&sr, files[i], 0, -1);
            ck_assert_msg(got != NULL, "%s: no pread", files[i]);
            /* diskstats and mounts may gain or lose a line in between, but
             * not dozens. */
            size_t a = count_lines(got), b = count_lines(want);
            ck_assert_msg(a + 2 >= b && b + 2 >= a, "%s: %zu lines kept-open, %zu fresh",
                          files[i], a, b);
            ck_assert_msg(strncmp(got, want, strcspn(want, " \t:\n")) == 0,
                          "%s: starts with %.20s, fresh %.20s", files[i], got, want);
        }
        free(want);
    }
    /* The same descriptor gives new text: the uptime advances. */
    char first[64], second[64];
    snprintf(first, sizeof first, "%s", sysroot_read(&sr, "proc/uptime", 0, -1));
    nap_ms(30);
    snprintf(second, sizeof second, "%s", sysroot_read(&sr, "proc/uptime", 0, -1));
    ck_assert_msg(strtod(second, NULL) > strtod(first, NULL), "uptime %s then %s", first,
                  second);
    /* And the kernel's context switch count moves on in /proc/stat. */
    const char *s = sysroot_read(&sr, "proc/stat", 0, -1);
    const char *p = strstr(s, "\nctxt ");
    ck_assert_ptr_nonnull(p);
    unsigned long long c1 = strtoull(p + 6, NULL, 10);
    nap_ms(30);
    s = sysroot_read(&sr, "proc/stat", 0, -1);
    p = strstr(s, "\nctxt ");
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_gt(strtoull(p + 6, NULL, 10), c1);
    /* Kept open: still the same number of descriptors after many reads. */
    ck_assert_uint_eq(sr.n_files, sizeof files / sizeof files[0]);
    for (size_t i = 0; i < sr.n_files; i++) {
        ck_assert_msg(sr.files[i].fd >= 0 && !sr.files[i].no_pread, "%s not kept open",
                      sr.files[i].rel);
    }
    sysroot_destroy(&sr);
}
END_TEST

/* A <= B <= C for the four vmstat counters of M (B), as the whole file
 * said before (A) and after (C). */
static void
check_between(const struct sflow_host_memory *a, const struct sflow_host_memory *b,
              const struct sflow_host_memory *c, const char *when)
{
    ck_assert_msg(a->page_in <= b->page_in && b->page_in <= c->page_in,
                  "%s: pgpgin %u %u %u", when, a->page_in, b->page_in, c->page_in);
    ck_assert_msg(a->page_out <= b->page_out && b->page_out <= c->page_out,
                  "%s: pgpgout %u %u %u", when, a->page_out, b->page_out, c->page_out);
    ck_assert_msg(a->swap_in <= b->swap_in && b->swap_in <= c->swap_in,
                  "%s: pswpin %u %u %u", when, a->swap_in, b->swap_in, c->swap_in);
    ck_assert_msg(a->swap_out <= b->swap_out && b->swap_out <= c->swap_out,
                  "%s: pswpout %u %u %u", when, a->swap_out, b->swap_out, c->swap_out);
}

START_TEST(test_live_shortcuts)
{
    struct hscounters *c = hscounters_create("/");
    /* The live path's readers (not the table itself: not used here). */
    int table_stand_in;
    c->ift = (struct iftable *) &table_stand_in;
    sysroot_keep_open(&c->sys);
    char *whole = fresh("proc/vmstat");
    ck_assert_ptr_nonnull(whole);
    size_t whole_len = strlen(whole);
    free(whole);
    for (int round = 0; round < 6; round++) {
        struct sflow_host_memory a = { 0 }, b = { 0 }, m = { 0 };
        char *text = fresh("proc/vmstat");
        ck_assert_uint_gt(hsc_parse_vmstat(text, &a), 0);
        free(text);
        if (round == 3) {
            /* A prefix that ends inside the last line wanted: that line is
             * not taken as it stands; the whole file is read instead. */
            char *t = fresh("proc/vmstat");
            c->vmstat_prefix = (size_t) (strstr(t, "\npswpout ") - t) + 10;
            free(t);
        }
        ck_assert(hsc_read_host_memory(c, &m));
        text = fresh("proc/vmstat");
        hsc_parse_vmstat(text, &b);
        free(text);
        check_between(&a, &m, &b, round ? "prefix" : "whole");
        /* The next read is a prefix, well short of the whole file. */
        ck_assert_uint_gt(c->vmstat_prefix, 0);
        ck_assert_uint_lt(c->vmstat_prefix, whole_len);
    }

    for (int round = 0; round < 3; round++) {
        uint32_t before, after;
        char *text = fresh("proc/uptime");
        ck_assert(hsc_parse_uptime(text, &before));
        free(text);
        struct sflow_host_cpu cpu = { 0 };
        ck_assert(hsc_read_host_cpu(c, &cpu));
        text = fresh("proc/uptime");
        ck_assert(hsc_parse_uptime(text, &after));
        free(text);
        ck_assert_msg(before <= cpu.uptime && cpu.uptime <= after, "uptime %u %u %u", before,
                      cpu.uptime, after);
    }
    /* This /proc/uptime is procfs's: the clock was asked, not the file. */
    ck_assert(c->uptime_checked && c->uptime_clock);
    c->ift = NULL;
    hscounters_destroy(c);
}
END_TEST

int
main(void)
{
    return check_main(&(struct check_spec) {
        .name = "counters_sysroot",
        .tests = CHECK_TESTS(test_kept_files, test_live_shortcuts),
    });
}
