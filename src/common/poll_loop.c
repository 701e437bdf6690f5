#include <config.h>
#include "common/poll_loop.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"

void
poll_loop_init(struct poll_loop *loop)
{
    loop->n_fds = 0;
    loop->deadline = LLONG_MAX;
}

void
poll_loop_fd_wait(struct poll_loop *loop, int fd, short events)
{
    if (fd < 0) {
        return;
    }
    for (int i = 0; i < loop->n_fds; i++) {
        if (loop->fds[i].fd == fd) {
            loop->fds[i].events |= events;
            return;
        }
    }
    if (loop->n_fds >= POLL_LOOP_MAX_FDS) {
        log_err("poll_loop: more than %d file descriptors", POLL_LOOP_MAX_FDS);
        abort();
    }
    loop->fds[loop->n_fds].fd = fd;
    loop->fds[loop->n_fds].events = events;
    loop->fds[loop->n_fds].revents = 0;
    loop->n_fds++;
}

void
poll_loop_timer_wait(struct poll_loop *loop, long long deadline)
{
    if (deadline < loop->deadline) {
        loop->deadline = deadline;
    }
}

void
poll_loop_immediate_wake(struct poll_loop *loop)
{
    loop->deadline = LLONG_MIN;
}

int
poll_loop_timeout(long long deadline, long long now)
{
    if (deadline == LLONG_MAX) {
        return -1;
    }
    if (deadline <= now) {
        return 0;   /* also LLONG_MIN, an immediate wake */
    }
    /* deadline > now: the difference fits in an unsigned long long, and
     * computing it there cannot overflow. */
    unsigned long long delta = (unsigned long long) deadline - (unsigned long long) now;
    return delta > INT_MAX ? INT_MAX : (int) delta;
}

void
poll_loop_block(struct poll_loop *loop)
{
    int timeout = poll_loop_timeout(loop->deadline, time_msec());
    if (poll(loop->fds, loop->n_fds, timeout) < 0 && errno != EINTR) {
        log_err("poll: %s", strerror(errno));
    }
}

short
poll_loop_revents(const struct poll_loop *loop, int fd)
{
    for (int i = 0; i < loop->n_fds; i++) {
        if (loop->fds[i].fd == fd) {
            return loop->fds[i].revents;
        }
    }
    return 0;
}
