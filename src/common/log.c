#include <config.h>
#include "common/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/safefile.h"
#include "common/util.h"

static bool log_syslog;
static int log_level = LOG_NOTICE;
static FILE *log_file;
static char log_ident[32] = "hsflowd";

static const char *
level_name(int level)
{
    switch (level) {
    case LOG_EMERG: case LOG_ALERT: case LOG_CRIT: return "crit";
    case LOG_ERR: return "error";
    case LOG_WARNING: return "warning";
    case LOG_NOTICE: return "notice";
    case LOG_INFO: return "info";
    default: return "debug";
    }
}

void
log_open(const char *ident, bool use_syslog, int max_level)
{
    snprintf(log_ident, sizeof log_ident, "%s", ident);
    log_syslog = use_syslog;
    log_level = max_level;
    if (use_syslog) {
        openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
    }
}

void
log_set_level(int max_level)
{
    log_level = max_level;
}

int
log_get_level(void)
{
    return log_level;
}

const char *
log_destination(void)
{
    return log_syslog ? "syslog" : log_file ? "file" : "console";
}

bool
log_set_file(const char *path)
{
    int fd = safefile_open_write(path, 0640, true);
    if (fd < 0) {
        return false;
    }
    FILE *f = fdopen(fd, "a");
    if (!f) {
        close(fd);
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    log_syslog = false;
    return true;
}

static void __attribute__((format(printf, 2, 0)))
log_vmsg(int level, const char *fmt, va_list ap)
{
    if (level > log_level) {
        return;
    }
    /* Lines carry text from outside (file lines, peer messages): escape it. */
    char *raw = xvasprintf(fmt, ap);
    char *line = str_escape(raw);
    free(raw);
    if (log_syslog) {
        syslog(level, "%s", line);
        free(line);
        return;
    }
    FILE *out = log_file ? log_file : stderr;
    char ts[32];
    time_t t = time(NULL);
    struct tm tm;
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", localtime_r(&t, &tm));
    fprintf(out, "%s %s[%s]: ", ts, log_ident, level_name(level));
    fprintf(out, "%s\n", line);
    free(line);
}

void
log_msg(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(level, fmt, ap);
    va_end(ap);
}

/* Returns true if a line may be logged now; *suppressed gets the count of
 * lines dropped before it (then reset). */
static bool
log_ratelimit_allow(struct log_ratelimit *rl, long long now, unsigned long *suppressed)
{
    if (!rl->window_start || now - rl->window_start >= LOG_RL_INTERVAL_MS) {
        rl->window_start = now ? now : 1;
        rl->in_window = 0;
    }
    if (rl->in_window >= LOG_RL_BURST) {
        rl->suppressed++;
        return false;
    }
    rl->in_window++;
    *suppressed = rl->suppressed;
    rl->suppressed = 0;
    return true;
}

void
log_msg_rl(struct log_ratelimit *rl, int level, const char *fmt, ...)
{
    unsigned long suppressed;
    if (level > log_level || !log_ratelimit_allow(rl, time_msec(), &suppressed)) {
        return;
    }
    if (suppressed) {
        log_msg(level, "(%lu similar messages suppressed)", suppressed);
    }
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(level, fmt, ap);
    va_end(ap);
}
