#include <config.h>
#include "common/daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "common/log.h"
#include "common/safefile.h"
#include "common/util.h"

static volatile sig_atomic_t daemon_stop;

void
daemon_detach(const char *name)
{
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "%s: fork: %s\n", name, strerror(errno));
        exit(EXIT_FAILURE);
    }
    if (pid > 0) {
        _exit(EXIT_SUCCESS);
    }
    setsid();
    if (chdir("/") < 0) {
        log_warn("chdir /: %s", strerror(errno));
    }
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd >= 0) {
        dup2(fd, STDIN_FILENO);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
}

int
daemon_pidfile_lock(const char *name, const char *path)
{
    if (!path || !*path) {
        return -1;
    }
    /* No O_TRUNC: the file is emptied only once we hold the lock
     * (daemon_pidfile_write), and never through a symbolic link. */
    int fd = safefile_open_write(path, 0644, false);
    if (fd < 0) {
        fprintf(stderr, "%s: pid file %s: %s\n", name, path,
                errno == ELOOP ? "refused: a symbolic link"
                : errno == EINVAL ? "refused: not a regular file" : strerror(errno));
        exit(EXIT_FAILURE);
    }
    if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        fprintf(stderr, "%s: pid file %s is locked: is %s already running?\n", name, path,
                name);
        exit(EXIT_FAILURE);
    }
    return fd;
}

void
daemon_pidfile_write(int fd, const char *path)
{
    if (fd < 0) {
        return;
    }
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%ld\n", (long) getpid());
    if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t) len, 0) != len) {
        log_warn("pid file %s: %s", path, strerror(errno));
    }
}

/* Sets the permitted and effective capabilities to KEEP, inheritable none. */
static int
caps_set(uint64_t keep)
{
    struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
    struct __user_cap_data_struct d[2];
    memset(d, 0, sizeof d);
    d[0].permitted = d[0].effective = (uint32_t) keep;
    d[1].permitted = d[1].effective = (uint32_t) (keep >> 32);
    return (int) syscall(SYS_capset, &h, d);
}

bool
daemon_drop_privileges(const char *user, uint64_t keep, char **err)
{
    if (!user) {
        return true;
    }
    errno = 0;
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        *err = xasprintf("--user %s: %s", user, errno ? strerror(errno) : "no such user");
        return false;
    }
    uid_t uid = pw->pw_uid;
    gid_t gid = pw->pw_gid;
    const char *step;
    if (keep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
        step = "PR_SET_KEEPCAPS";
    } else if (initgroups(user, gid) < 0) {
        step = "initgroups";
    } else if (setresgid(gid, gid, gid) < 0) {
        step = "setresgid";
    } else if (setresuid(uid, uid, uid) < 0) {
        step = "setresuid";
    } else if (caps_set(keep) < 0) {
        step = "capset";
    } else if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0
               || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        step = "prctl";
    } else if (uid && (setuid(0) == 0 || seteuid(0) == 0)) {
        step = "check (root could be won back)";
        errno = EPERM;
    } else {
        return true;
    }
    *err = xasprintf("--user %s: %s: %s", user, step, strerror(errno));
    return false;
}

int
daemon_signalfd_open(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0) {
        log_err("signalfd: %s", strerror(errno));
        exit(EXIT_FAILURE);
    }
    return fd;
}

int
daemon_signalfd_read(int fd)
{
    struct signalfd_siginfo si;
    ssize_t n = read(fd, &si, sizeof si);
    return n == (ssize_t) sizeof si ? (int) si.ssi_signo : 0;
}

static void
daemon_on_stop(int sig)
{
    (void) sig;
    daemon_stop = 1;
}

void
daemon_catch_stop(void)
{
    struct sigaction sa = { .sa_handler = daemon_on_stop };
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

bool
daemon_stop_asked(void)
{
    return daemon_stop;
}
