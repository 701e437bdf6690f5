/* safefile: opening files that other people can reach.
 *
 * Settings files (hsflowd.conf, hsflowd.auto) decide where sampled packet
 * headers go, so a daemon reads one only when nobody but root or the
 * daemon's own user could have written it (the rule of sshd's StrictModes):
 *   - the file is a regular file (a FIFO or a device would block or lie),
 *     owned by root or by us, and neither group- nor other-writable;
 *   - every directory from the file up to "/" is owned by root or by us and
 *     is not group- or other-writable, unless it has the sticky bit (as /tmp
 *     does: others may add files there but not replace ours).
 * The file is opened with O_NONBLOCK (a FIFO cannot block the open) and,
 * unless SAFEFILE_FOLLOW is given, O_NOFOLLOW; a symbolic link that is
 * followed has both its own directories and its target's checked.
 *
 * Files the daemons write (pid file, log file) are opened with O_NOFOLLOW
 * and without O_TRUNC, and only when they are regular files, so a planted
 * link cannot make root truncate or append to another file. */
#ifndef SAFEFILE_H
#define SAFEFILE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

enum {
    SAFEFILE_FOLLOW = 1 << 0,   /* PATH itself may be a symbolic link */
};

/* Reads PATH after the checks above. Reads at most MAX + 1 bytes, so that a
 * caller's parser can tell a file that is too long. Returns a malloc'd,
 * NUL-terminated buffer (caller frees) and its length in *LEN, or NULL with
 * *ERR set to a malloc'd "PATH: why" (caller frees) and errno set (ENOENT
 * when the file does not exist). */
char *safefile_read(const char *path, size_t max, int flags, size_t *len, char **err);

/* The ownership/mode rule for one file or directory with status ST, as seen
 * by a process whose effective user is UID. Returns NULL when trusted, or a
 * static description of what is wrong. */
const char *safefile_untrusted_why(const struct stat *st, uid_t uid, bool is_dir);

/* Checks every directory from the one holding PATH up to "/". Returns true
 * when all are trusted; otherwise false with *ERR set (caller frees). */
bool safefile_check_dirs(const char *path, char **err);

/* Opens PATH for writing (O_CREAT with MODE, no O_TRUNC, O_NOFOLLOW,
 * O_CLOEXEC, plus O_APPEND when APPEND) and refuses anything but a regular
 * file. Returns the fd, or -1 with errno set (ELOOP for a symbolic link,
 * EINVAL for a file that is not regular). */
int safefile_open_write(const char *path, mode_t mode, bool append);

#endif
