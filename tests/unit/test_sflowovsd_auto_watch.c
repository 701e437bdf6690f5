/* Unit tests for the hsflowd.auto watcher: real inotify on a temp directory,
 * time injected. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/hsauto.h"
#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"
#include "sflowovsd/auto_watch.h"
#include "check_run.h"

static char dir[64];
static char path[96];

static void
setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/aw.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/hsflowd.auto", dir);
    log_open("test", false, LOG_DEBUG);
}

static void
teardown(void)
{
    unlink(path);
    rmdir(dir);
}

static void
write_settings(uint64_t rev, uint32_t sampling, const char *collector)
{
    struct hsauto_settings s;
    char *err = NULL;
    hsauto_settings_init(&s);
    s.revision = rev;
    s.sampling = sampling;
    s.polling = 20;
    ck_assert(hsauto_add_collector(&s, collector, 6343));
    ck_assert_msg(hsauto_write(path, &s, &err), "%s", err ? err : "");
    hsauto_settings_destroy(&s);
}

static void
write_raw(const char *text)
{
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%s/.tmp", dir);
    FILE *f = fopen(tmp, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    ck_assert_int_eq(rename(tmp, path), 0);
}

START_TEST(test_absent_then_written_then_replaced)
{
    struct auto_watch *w = auto_watch_create(path, 0);
    ck_assert_ptr_null(auto_watch_settings(w));
    unsigned long seq = auto_watch_seq(w);

    write_settings(1, 512, "127.0.0.1");
    auto_watch_run(w, 1);
    ck_assert_ptr_nonnull(auto_watch_settings(w));
    ck_assert_uint_eq(auto_watch_settings(w)->sampling, 512);
    ck_assert_uint_gt(auto_watch_seq(w), seq);
    seq = auto_watch_seq(w);

    /* Same settings, new revision: no change reported. */
    write_settings(2, 512, "127.0.0.1");
    auto_watch_run(w, 2);
    ck_assert_uint_eq(auto_watch_seq(w), seq);

    write_settings(3, 1000, "192.0.2.1");
    auto_watch_run(w, 3);
    ck_assert_uint_eq(auto_watch_settings(w)->sampling, 1000);
    ck_assert_str_eq(auto_watch_settings(w)->collectors[0].addr, "192.0.2.1");
    ck_assert_uint_gt(auto_watch_seq(w), seq);

    /* Removed: no settings. */
    seq = auto_watch_seq(w);
    ck_assert_int_eq(unlink(path), 0);
    auto_watch_run(w, 4);
    ck_assert_ptr_null(auto_watch_settings(w));
    ck_assert_uint_gt(auto_watch_seq(w), seq);
    auto_watch_destroy(w);
}
END_TEST

START_TEST(test_corrupt_file_keeps_last_good)
{
    write_settings(1, 512, "127.0.0.1");
    struct auto_watch *w = auto_watch_create(path, 0);
    ck_assert_uint_eq(auto_watch_settings(w)->sampling, 512);
    unsigned long seq = auto_watch_seq(w);

    write_raw("rev_start=2\nsampling=64\ncollector=127.0.0.1\nrev_end=3\n");
    auto_watch_run(w, 1);
    ck_assert_uint_eq(auto_watch_n_rejected(w), 1);
    ck_assert_uint_eq(auto_watch_settings(w)->sampling, 512);
    ck_assert_uint_eq(auto_watch_seq(w), seq);

    write_raw("rev_start=4\nsampling=0\ncollector=127.0.0.1\nrev_end=4\n");
    auto_watch_run(w, 2);
    ck_assert_uint_eq(auto_watch_n_rejected(w), 2);
    ck_assert_uint_eq(auto_watch_settings(w)->sampling, 512);

    /* Other files in the directory are ignored. */
    char other[128];
    snprintf(other, sizeof other, "%s/other", dir);
    FILE *f = fopen(other, "w");
    fputs("x", f);
    fclose(f);
    auto_watch_run(w, 3);
    ck_assert_uint_eq(auto_watch_n_rejected(w), 2);
    unlink(other);

    write_raw("rev_start=5\nsampling=64\ncollector=127.0.0.1\nrev_end=5\n");
    auto_watch_run(w, 4);
    ck_assert_uint_eq(auto_watch_settings(w)->sampling, 64);
    auto_watch_destroy(w);
}
END_TEST

START_TEST(test_directory_appears_later)
{
    char sub[128];
    snprintf(sub, sizeof sub, "%s/etc", dir);
    char p[160];
    snprintf(p, sizeof p, "%s/hsflowd.auto", sub);
    struct auto_watch *w = auto_watch_create(p, 1000);
    ck_assert_int_eq(auto_watch_get_state(w), AW_UNWATCHED);
    struct poll_loop loop;
    poll_loop_init(&loop);
    auto_watch_wait(w, &loop);
    ck_assert_int_eq(loop.deadline, 1000 + AUTO_WATCH_RETRY_MS);

    ck_assert_int_eq(mkdir(sub, 0700), 0);
    auto_watch_run(w, 1000 + AUTO_WATCH_RETRY_MS - 1);    /* not yet due */
    ck_assert_int_eq(auto_watch_get_state(w), AW_UNWATCHED);
    auto_watch_run(w, 1000 + AUTO_WATCH_RETRY_MS);
    ck_assert_int_eq(auto_watch_get_state(w), AW_WATCHING);

    FILE *f = fopen(p, "w");
    fputs("rev_start=1\nsampling=128\ncollector=10.0.0.1 7000\nrev_end=1\n", f);
    fclose(f);
    auto_watch_run(w, 5000);
    ck_assert_ptr_nonnull(auto_watch_settings(w));
    ck_assert_uint_eq(auto_watch_settings(w)->collectors[0].port, 7000);

    /* The directory goes away: back to retrying, settings gone with the file. */
    unlink(p);
    ck_assert_int_eq(rmdir(sub), 0);
    auto_watch_run(w, 6000);
    ck_assert_int_eq(auto_watch_get_state(w), AW_UNWATCHED);
    ck_assert_ptr_null(auto_watch_settings(w));
    auto_watch_destroy(w);
}
END_TEST

CHECK_MAIN(
    .name = "ovsd_autowatch",
    .setup = setup, .teardown = teardown,
    .tests = CHECK_TESTS(test_absent_then_written_then_replaced,
                         test_corrupt_file_keeps_last_good, test_directory_appears_later))
