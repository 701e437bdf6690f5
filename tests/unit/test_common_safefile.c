/* Unit tests for safefile, through the two settings readers that use it
 * (hsauto_read for hsflowd.auto, hsconfig_read for hsflowd.conf): a FIFO is
 * refused at once instead of blocking, and so is a file or a directory that
 * someone other than root or us could have written; pid and log files are
 * never opened through a symbolic link. Runs in a temp dir of its own; the
 * "another user owns it" cases need root (they chown to nobody). */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/hsauto.h"
#include "common/safefile.h"
#include "common/util.h"
#include "hsflowd/hsconfig.h"
#include "hsflowd/hsconfig_io.h"
#include "check_run.h"

static const char good_auto[] =
    "rev_start=1\nsampling=512\npolling=20\ncollector=127.0.0.1\nrev_end=1\n";
static const char good_conf[] = "sflow {\n  polling = 20\n  collector { ip = 127.0.0.1 }\n}\n";

static char dir[64];
static char *a, *c;     /* good hsflowd.auto and hsflowd.conf in DIR */

static char *write_file(const char *name, const char *text, mode_t mode);

static void
setup(void)
{
    umask(022);
    snprintf(dir, sizeof dir, "/tmp/safefile.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    alarm(20);      /* a blocking open would otherwise hang the test */
    a = write_file("hsflowd.auto", good_auto, 0644);
    c = write_file("hsflowd.conf", good_conf, 0644);
}

static int
remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(p) < 0 && errno != ENOENT ? -1 : 0;
}

static void
teardown(void)
{
    chmod(dir, 0700);
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(a);
    free(c);
}

static char *
path_in(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static char *
write_file(const char *name, const char *text, mode_t mode)
{
    char *p = path_in(name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    ck_assert_int_eq(chmod(p, mode), 0);
    return p;
}

/* Reads PATH as hsflowd.conf (CONF) or as hsflowd.auto. */
static bool
try_read(const char *path, bool conf, char **err)
{
    bool ok;
    if (conf) {
        struct hsconfig cfg;
        ok = hsconfig_read(path, &cfg, err);
        hsconfig_destroy(&cfg);
    } else {
        struct hsauto_settings s;
        ok = hsauto_read(path, &s, err);
        if (ok) {
            ck_assert_uint_eq(s.sampling, 512);
            hsauto_settings_destroy(&s);
        }
    }
    return ok;
}

/* Reading PATH must fail, with a message that contains WANT. */
static void
refused(const char *path, bool conf, const char *want)
{
    char *err = NULL;
    ck_assert_msg(!try_read(path, conf, &err), "%s accepted", path);
    ck_assert_msg(err && strstr(err, want), "message '%s' lacks '%s'", err, want);
    free(err);
}

static void
accepted(const char *path, bool conf)
{
    char *err = NULL;
    ck_assert_msg(try_read(path, conf, &err), "refused: %s", err);
}

#define auto_refused(p, want) refused(p, false, want)
#define conf_refused(p, want) refused(p, true, want)
#define auto_accepted(p) accepted(p, false)
#define conf_accepted(p) accepted(p, true)

START_TEST(test_fifo_refused)
{
    char *p = path_in("fifo");
    ck_assert_int_eq(mkfifo(p, 0644), 0);
    auto_refused(p, "a FIFO, not a regular file");
    conf_refused(p, "a FIFO, not a regular file");
    free(p);
}
END_TEST

START_TEST(test_good_files)
{
    ck_assert_int_eq(chmod(c, 0600), 0);
    auto_accepted(a);
    conf_accepted(c);
}
END_TEST

START_TEST(test_writable_file_refused)
{
    ck_assert_int_eq(chmod(a, 0664), 0);
    ck_assert_int_eq(chmod(c, 0646), 0);
    auto_refused(a, "writable by group or others");
    conf_refused(c, "writable by group or others");
    /* The sticky bit is no excuse for the file itself. */
    ck_assert_int_eq(chmod(a, 01666), 0);
    auto_refused(a, "writable by group or others");
}
END_TEST

START_TEST(test_other_owner_refused)
{
    if (geteuid() != 0) {
        return;     /* cannot give a file away */
    }
    struct passwd *pw = getpwnam("nobody");
    ck_assert_ptr_nonnull(pw);
    ck_assert_int_eq(chown(a, pw->pw_uid, pw->pw_gid), 0);
    ck_assert_int_eq(chown(c, pw->pw_uid, pw->pw_gid), 0);
    auto_refused(a, "owned by another user");
    conf_refused(c, "owned by another user");
    /* A directory on the path owned by someone else. */
    char *sub = path_in("sub");
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    char *a2 = xasprintf("%s/hsflowd.auto", sub);
    ck_assert_int_eq(rename(a, a2), 0);
    ck_assert_int_eq(chown(a2, 0, 0), 0);
    ck_assert_int_eq(chown(sub, pw->pw_uid, pw->pw_gid), 0);
    auto_refused(a2, "could have been replaced");
    ck_assert_int_eq(chown(sub, 0, 0), 0);
    auto_accepted(a2);
    free(a2);
    free(sub);
}
END_TEST

START_TEST(test_writable_dir_refused)
{
    ck_assert_int_eq(chmod(dir, 0777), 0);
    auto_refused(a, "could have been replaced");
    conf_refused(c, "could have been replaced");
    ck_assert_int_eq(chmod(dir, 0775), 0);
    auto_refused(a, "writable by group or others (no sticky bit)");
    /* Sticky, like /tmp: others cannot replace our file. */
    ck_assert_int_eq(chmod(dir, 01777), 0);
    auto_accepted(a);
    conf_accepted(c);
    /* A relative path is checked from the working directory up. */
    char *cwd = getcwd(NULL, 0);
    ck_assert_int_eq(chdir(dir), 0);
    auto_accepted("hsflowd.auto");
    ck_assert_int_eq(chmod(dir, 0757), 0);
    auto_refused("hsflowd.auto", "could have been replaced");
    ck_assert_int_eq(chdir(cwd), 0);
    free(cwd);
}
END_TEST

START_TEST(test_symlinks)
{
    char *la = path_in("link.auto");
    char *lc = path_in("link.conf");
    ck_assert_int_eq(symlink(a, la), 0);
    ck_assert_int_eq(symlink(c, lc), 0);
    /* hsflowd writes hsflowd.auto itself, by rename: a link is never ours. */
    auto_refused(la, "a symbolic link");
    /* hsflowd.conf may be a link (configuration management), but its target's
     * directories are checked too. */
    conf_accepted(lc);
    char *sub = path_in("open");
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    ck_assert_int_eq(chmod(sub, 0777), 0);
    char *c2 = xasprintf("%s/planted.conf", sub);
    ck_assert_int_eq(rename(c, c2), 0);
    ck_assert_int_eq(unlink(lc), 0);
    ck_assert_int_eq(symlink(c2, lc), 0);
    conf_refused(lc, "could have been replaced");
    free(c2);
    free(la);
    free(lc);
    free(sub);
}
END_TEST

START_TEST(test_absent)
{
    char *p = path_in("none");
    size_t len;
    char *err = NULL;
    errno = 0;
    ck_assert_ptr_null(safefile_read(p, 100, 0, &len, &err));
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_ptr_nonnull(strstr(err, "No such file"));
    free(err);
    free(p);
}
END_TEST

START_TEST(test_write_no_follow)
{
    char *victim = write_file("victim", "precious\n", 0600);
    char *link = path_in("daemon.pid");
    ck_assert_int_eq(symlink(victim, link), 0);
    errno = 0;
    ck_assert_int_eq(safefile_open_write(link, 0644, false), -1);
    ck_assert_int_eq(errno, ELOOP);
    char *fifo = path_in("fifo.log");
    ck_assert_int_eq(mkfifo(fifo, 0644), 0);
    ck_assert_int_eq(safefile_open_write(fifo, 0640, true), -1);
    /* A new file gets the mode asked for; an old one keeps its content
     * (no O_TRUNC: the pid file is emptied only under its lock). */
    char *log = path_in("new.log");
    int fd = safefile_open_write(log, 0640, true);
    ck_assert_int_ge(fd, 0);
    struct stat st;
    ck_assert_int_eq(fstat(fd, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0640);
    close(fd);
    fd = safefile_open_write(victim, 0644, false);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fstat(fd, &st), 0);
    ck_assert_int_eq(st.st_size, 9);
    close(fd);
    free(victim);
    free(link);
    free(fifo);
    free(log);
}
END_TEST

CHECK_MAIN(
    .name = "safefile", .timeout = 30, .setup = setup, .teardown = teardown,
    .tests = CHECK_TESTS(test_fifo_refused, test_good_files, test_writable_file_refused,
                         test_other_owner_refused, test_writable_dir_refused, test_symlinks,
                         test_absent, test_write_no_follow))
