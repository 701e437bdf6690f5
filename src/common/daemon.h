/* daemon: what hsflowd and sflowovsd both do to run as a service: detach
 * from the terminal, hold a locked pid file (a second instance on the same
 * file refuses to start), and receive SIGHUP/SIGTERM/SIGINT through a
 * signalfd that the one poll loop watches. Process-wide state only: the
 * caller owns the descriptors it is given (pid file, signalfd). */
#ifndef DAEMON_H
#define DAEMON_H 1

#include <stdbool.h>
#include <stdint.h>

/* Forks; the parent exits 0, the child becomes a session leader in "/" with
 * stdin/stdout/stderr on /dev/null. Exits 1 with a message if fork fails. */
void daemon_detach(const char *name);

/* Opens and locks PATH (before detaching, so that a refusal reaches the
 * terminal and the exit status). The lock belongs to the open file, so the
 * detached child keeps it. Returns the fd to keep open, or -1 when PATH is
 * NULL or empty. Exits 1 when another process holds the lock. */
int daemon_pidfile_lock(const char *name, const char *path);

/* Writes our pid to the pid file locked as FD (after detaching). */
void daemon_pidfile_write(int fd, const char *path);

/* Becomes USER (its uid, gid and supplementary groups) for good, keeping
 * only the capabilities in KEEP (a mask of 1 << CAP_X; 0 for none) in the
 * permitted and effective sets, and sets no_new_privs so that nothing can
 * win back more. Call it once the files and sockets that need root are
 * open. Does nothing when USER is NULL. Returns false with *ERR set (caller
 * frees) when USER is unknown or a step fails; the caller must then exit. */
bool daemon_drop_privileges(const char *user, uint64_t keep, char **err);

/* Blocks SIGHUP, SIGTERM and SIGINT, ignores SIGPIPE, and returns a
 * non-blocking signalfd for them. Exits 1 on failure. */
int daemon_signalfd_open(void);

/* Returns the next signal pending on FD, or 0 when there is none. */
int daemon_signalfd_read(int fd);

/* For programs that run until interrupted (sflowdump, test tools): SIGINT and
 * SIGTERM set the flag daemon_stop_asked() returns, and make the blocking
 * call they interrupt return EINTR. */
void daemon_catch_stop(void);
bool daemon_stop_asked(void);

#endif
