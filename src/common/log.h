/* log: one logger for both daemons. Writes to stderr (foreground) or syslog
 * (detached). Lines that repeat are rate-limited: a hostile or broken peer can
 * never fill the disk.
 *
 *   LOG_RL(LOG_WARNING, "bad datagram from %s", addr);
 *
 * keeps at most `burst` lines per `interval` for that call site and, when it
 * lets a line through again, says how many it suppressed. The logger's state
 * is process-wide and owned here; callers own nothing of it. */
#ifndef LOG_H
#define LOG_H 1

#include <stdbool.h>
#include <syslog.h>

void log_open(const char *ident, bool use_syslog, int max_level);
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The most detailed level logged (LOG_ERR .. LOG_DEBUG; -1 = nothing), as
 * the control socket's vlog/set and vlog/list change and show it. */
void log_set_level(int max_level);
int log_get_level(void);

/* Where lines go now: "console" (stderr), "syslog" or "file". */
const char *log_destination(void);

/* Opens PATH for appending (created 0640; never through a symbolic link,
 * never a file that is not regular: errno ELOOP / EINVAL) and logs there
 * instead of stderr/syslog. */
bool log_set_file(const char *path);

struct log_ratelimit {
    long long window_start;   /* msec, monotonic */
    unsigned int in_window;   /* lines let through in this window */
    unsigned long suppressed; /* lines dropped since the last one shown */
};

#define LOG_RL_INTERVAL_MS 60000
#define LOG_RL_BURST 5

void log_msg_rl(struct log_ratelimit *rl, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define LOG_RL(LEVEL, ...)                                  \
    do {                                                    \
        static struct log_ratelimit rl_;                    \
        log_msg_rl(&rl_, LEVEL, __VA_ARGS__);               \
    } while (0)

#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
