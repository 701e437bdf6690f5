/* daemon: what hsflowd and sflowovsd both do to run as a service: detach
 * from the terminal, hold a locked pid file (a second instance on the same
 * file refuses to start), and receive SIGHUP/SIGTERM/SIGINT through a
 * signalfd that the one poll loop watches. */
#ifndef DAEMON_H
#define DAEMON_H 1

#include <stdbool.h>

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

/* Blocks SIGHUP, SIGTERM and SIGINT, ignores SIGPIPE, and returns a
 * non-blocking signalfd for them. Exits 1 on failure. */
int daemon_signalfd_open(void);

/* Returns the next signal pending on FD, or 0 when there is none. */
int daemon_signalfd_read(int fd);

#endif
