/* poll_loop: the one event loop. Modules follow the run/wait pattern:
 *
 *   x_run(x, now)        does the work that is due, never blocks;
 *   x_wait(x, loop)      registers fds and the next deadline with the loop.
 *
 * A main loop is then:
 *   for (;;) { now = time_msec(); a_run(a, now); b_run(b, now);
 *              poll_loop_init(&loop); a_wait(a, &loop); b_wait(b, &loop);
 *              poll_loop_block(&loop); }
 * The loop owns nothing: fds stay owned by the modules that registered them. */
#ifndef POLL_LOOP_H
#define POLL_LOOP_H 1

#include <poll.h>
#include <stdbool.h>

#define POLL_LOOP_MAX_FDS 64

struct poll_loop {
    struct pollfd fds[POLL_LOOP_MAX_FDS];
    int n_fds;
    long long deadline;   /* msec, monotonic; LLONG_MAX = none */
};

void poll_loop_init(struct poll_loop *loop);
/* Wake when FD has EVENTS (POLLIN/POLLOUT). */
void poll_loop_fd_wait(struct poll_loop *loop, int fd, short events);
/* Wake no later than DEADLINE (msec, monotonic clock of time_msec()). */
void poll_loop_timer_wait(struct poll_loop *loop, long long deadline);
/* Wake at once. */
void poll_loop_immediate_wake(struct poll_loop *loop);
/* The poll() timeout for DEADLINE at NOW: -1 (none) for LLONG_MAX, 0 when
 * the deadline has passed (LLONG_MIN: an immediate wake), else the msec
 * until it, capped at INT_MAX. Pure. */
int poll_loop_timeout(long long deadline, long long now);
/* Blocks until an fd is ready or the deadline passes (EINTR returns early). */
void poll_loop_block(struct poll_loop *loop);
/* After poll_loop_block(): the revents reported for FD (0 if none). */
short poll_loop_revents(const struct poll_loop *loop, int fd);

#endif
