#include <config.h>
#include "sflowovsd/auto_watch.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"

/* Owned by the caller of auto_watch_create(). */
struct auto_watch {
    char *path;                     /* owned */
    char *dir;                      /* owned: directory watched */
    char *base;                     /* owned: file name inside DIR */
    enum auto_watch_state state;
    int fd;                         /* inotify fd, owned, -1 if none */
    long long retry_at;             /* UNWATCHED: next attempt */
    bool have;                      /* SETTINGS is valid */
    struct hsauto_settings settings;
    unsigned long seq;
    unsigned long n_rejected;
};

static void
aw_set_absent(struct auto_watch *w)
{
    if (w->have) {
        log_notice("%s: removed; no sFlow settings", w->path);
        hsauto_settings_destroy(&w->settings);
        w->have = false;
        w->seq++;
    }
}

void
auto_watch_reload(struct auto_watch *w)
{
    struct stat st;
    if (lstat(w->path, &st) && errno == ENOENT) {
        aw_set_absent(w);
        return;
    }
    struct hsauto_settings s;
    char *err = NULL;
    if (!hsauto_read(w->path, &s, &err)) {
        w->n_rejected++;
        LOG_RL(LOG_WARNING, "%s; keeping the last good settings", err ? err : w->path);
        free(err);
        return;
    }
    if (w->have && hsauto_settings_equal(&s, &w->settings)) {
        w->settings.revision = s.revision;
        hsauto_settings_destroy(&s);
        return;
    }
    if (w->have) {
        hsauto_settings_destroy(&w->settings);
    }
    w->settings = s;
    w->have = true;
    w->seq++;
    log_notice("%s: revision %llu: %zu collector(s), sampling %u, polling %u", w->path,
               (unsigned long long) s.revision, s.n_collectors, s.sampling, s.polling);
}

static void
aw_unwatch(struct auto_watch *w, long long now)
{
    if (w->fd >= 0) {
        close(w->fd);
        w->fd = -1;
    }
    w->state = AW_UNWATCHED;
    w->retry_at = now + AUTO_WATCH_RETRY_MS;
}

static void
aw_try_watch(struct auto_watch *w, long long now)
{
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0) {
        LOG_RL(LOG_ERR, "inotify_init1: %s", strerror(errno));
        aw_unwatch(w, now);
        return;
    }
    uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF
                    | IN_MOVE_SELF | IN_ONLYDIR;
    if (inotify_add_watch(w->fd, w->dir, mask) < 0) {
        LOG_RL(LOG_WARNING, "%s: cannot watch (%s); retrying", w->dir, strerror(errno));
        aw_unwatch(w, now);
        return;
    }
    w->state = AW_WATCHING;
}

struct auto_watch *
auto_watch_create(const char *path, long long now)
{
    struct auto_watch *w = xzalloc(sizeof *w);
    w->path = xstrdup(path);
    char *d = xstrdup(path), *b = xstrdup(path);
    w->dir = xstrdup(dirname(d));
    w->base = xstrdup(basename(b));
    free(d);
    free(b);
    w->fd = -1;
    aw_try_watch(w, now);
    auto_watch_reload(w);
    return w;
}

void
auto_watch_destroy(struct auto_watch *w)
{
    if (!w) {
        return;
    }
    if (w->fd >= 0) {
        close(w->fd);
    }
    if (w->have) {
        hsauto_settings_destroy(&w->settings);
    }
    free(w->path);
    free(w->dir);
    free(w->base);
    free(w);
}

/* Drains the inotify fd. Returns true if the file may have changed; sets
 * *LOST if the directory went away. */
static bool
aw_drain(struct auto_watch *w, bool *lost)
{
    bool hit = false;
    char buf[16 * (sizeof(struct inotify_event) + NAME_MAX + 1)]
        __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        if (n < 0) {
            if (errno != EAGAIN && errno != EINTR) {
                LOG_RL(LOG_ERR, "%s: inotify read: %s", w->dir, strerror(errno));
                *lost = true;
            }
            return hit;
        }
        if (n == 0) {
            return hit;
        }
        size_t off = 0;
        while (off + sizeof(struct inotify_event) <= (size_t) n) {
            const struct inotify_event *ev = (const struct inotify_event *) (buf + off);
            size_t total = sizeof *ev + ev->len;
            if (total > (size_t) n - off) {
                LOG_RL(LOG_ERR, "%s: truncated inotify event", w->dir);
                return true;
            }
            if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
                *lost = true;
                hit = true;
            } else if (ev->mask & IN_Q_OVERFLOW) {
                hit = true;
            } else if (ev->len && !strncmp(ev->name, w->base, ev->len)
                       && strnlen(ev->name, ev->len) == strlen(w->base)) {
                hit = true;
            }
            off += total;
        }
    }
}

void
auto_watch_run(struct auto_watch *w, long long now)
{
    if (w->state == AW_UNWATCHED) {
        if (now >= w->retry_at) {
            aw_try_watch(w, now);
            auto_watch_reload(w);
        }
        return;
    }
    bool lost = false;
    if (aw_drain(w, &lost)) {
        auto_watch_reload(w);
    }
    if (lost) {
        log_warn("%s: directory watch lost; retrying", w->dir);
        aw_unwatch(w, now);
    }
}

void
auto_watch_wait(struct auto_watch *w, struct poll_loop *loop)
{
    if (w->state == AW_WATCHING) {
        poll_loop_fd_wait(loop, w->fd, POLLIN);
    } else {
        poll_loop_timer_wait(loop, w->retry_at);
    }
}

const struct hsauto_settings *
auto_watch_settings(const struct auto_watch *w)
{
    return w->have ? &w->settings : NULL;
}

unsigned long
auto_watch_seq(const struct auto_watch *w)
{
    return w->seq;
}

unsigned long
auto_watch_n_rejected(const struct auto_watch *w)
{
    return w->n_rejected;
}

enum auto_watch_state
auto_watch_get_state(const struct auto_watch *w)
{
    return w->state;
}
