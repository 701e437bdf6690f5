#include <config.h>
#include "common/safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"

static const char *
type_name(mode_t mode)
{
    return S_ISDIR(mode) ? "a directory"
           : S_ISFIFO(mode) ? "a FIFO"
           : S_ISSOCK(mode) ? "a socket"
           : S_ISCHR(mode) ? "a character device"
           : S_ISBLK(mode) ? "a block device"
           : S_ISLNK(mode) ? "a symbolic link" : "not a regular file";
}

const char *
safefile_untrusted_why(const struct stat *st, uid_t uid, bool is_dir)
{
    if (st->st_uid != 0 && st->st_uid != uid) {
        return "owned by another user than root or this daemon's";
    }
    if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(is_dir && (st->st_mode & S_ISVTX))) {
        return is_dir ? "a directory writable by group or others (no sticky bit)"
                      : "writable by group or others";
    }
    return NULL;
}

/* Checks DIR (an absolute path without symbolic links) and its parents. */
static bool
check_dir_chain(char *dir, const char *path, char **err)
{
    uid_t uid = geteuid();
    for (;;) {
        struct stat st;
        if (stat(dir, &st) < 0) {
            *err = xasprintf("%s: cannot check directory %s: %s", path, dir, strerror(errno));
            return false;
        }
        const char *why = safefile_untrusted_why(&st, uid, true);
        if (why) {
            *err = xasprintf("%s: refused: %s is %s (uid %ld, mode %04o), so the file "
                             "could have been replaced", path, dir, why, (long) st.st_uid,
                             (unsigned int) (st.st_mode & 07777));
            return false;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            if (slash && slash[1]) {
                slash[1] = '\0';    /* "/x" -> "/" */
                continue;
            }
            return true;
        }
        *slash = '\0';
    }
}

bool
safefile_check_dirs(const char *path, char **err)
{
    char *copy = xstrdup(path);
    char *slash = strrchr(copy, '/');
    const char *dir = !slash ? "." : slash == copy ? "/" : (*slash = '\0', copy);
    char *real = realpath(dir, NULL);
    if (!real) {
        *err = xasprintf("%s: cannot resolve directory %s: %s", path, dir, strerror(errno));
        free(copy);
        return false;
    }
    bool ok = check_dir_chain(real, path, err);
    free(real);
    free(copy);
    return ok;
}

/* PATH is a symbolic link that was followed: check its target's directories
 * too (its own were checked by the caller). */
static bool
check_link_target(const char *path, char **err)
{
    struct stat lst;
    if (lstat(path, &lst) < 0 || !S_ISLNK(lst.st_mode)) {
        return true;
    }
    char *real = realpath(path, NULL);
    if (!real) {
        *err = xasprintf("%s: cannot resolve: %s", path, strerror(errno));
        return false;
    }
    bool ok = safefile_check_dirs(real, err);
    free(real);
    return ok;
}

static int
open_checked(const char *path, int flags, char **err)
{
    int oflags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
    if (!(flags & SAFEFILE_FOLLOW)) {
        oflags |= O_NOFOLLOW;
    }
    int fd = open(path, oflags);
    if (fd < 0) {
        int e = errno;
        *err = e == ELOOP && !(flags & SAFEFILE_FOLLOW)
               ? xasprintf("%s: refused: a symbolic link", path)
               : xasprintf("%s: %s", path, strerror(e));
        errno = e;
        return -1;
    }
    struct stat st;
    const char *why = NULL;
    if (fstat(fd, &st) < 0) {
        *err = xasprintf("%s: %s", path, strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        *err = xasprintf("%s: refused: %s, not a regular file", path, type_name(st.st_mode));
    } else if ((why = safefile_untrusted_why(&st, geteuid(), false)) != NULL) {
        *err = xasprintf("%s: refused: %s (uid %ld, mode %04o)", path, why,
                         (long) st.st_uid, (unsigned int) (st.st_mode & 07777));
    } else if (safefile_check_dirs(path, err)
               && (!(flags & SAFEFILE_FOLLOW) || check_link_target(path, err))) {
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0) {
            fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
        }
        return fd;
    }
    close(fd);
    errno = EPERM;
    return -1;
}

char *
safefile_read(const char *path, size_t max, int flags, size_t *len, char **err)
{
    *len = 0;
    int fd = open_checked(path, flags, err);
    if (fd < 0) {
        return NULL;
    }
    return read_fd_bounded(fd, path, max, len, err);
}

int
safefile_open_write(const char *path, mode_t mode, bool append)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY
                  | (append ? O_APPEND : 0), mode);
    if (fd < 0) {
        return -1;
    }
    struct stat st;
    int e = fstat(fd, &st) < 0 ? errno : !S_ISREG(st.st_mode) ? EINVAL : 0;
    if (e) {
        close(fd);
        errno = e;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) {
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    return fd;
}
