/* sflowovsd: keeps one sFlow row, built from hsflowd.auto, attached to every
 * Open vSwitch bridge over OVSDB JSON-RPC. This file only parses options and
 * wires the modules into the poll loop: auto_watch (desired state), ovsd_ctl
 * (OVSDB session + reconcile), signals. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sflowovsd/auto_watch.h"
#include "common/daemon.h"
#include "common/log.h"
#include "sflowovsd/ovs_reconcile.h"
#include "sflowovsd/ovsd_ctl.h"
#include "common/poll_loop.h"
#include "common/util.h"
#include "unixctl/unixctl.h"

#define DEFAULT_REMOTE "unix:/var/run/openvswitch/db.sock"
#define DEFAULT_AUTO_FILE SYSCONFDIR "/hsflowd.auto"
#define MAX_EXCLUDE 256
#define DRY_RUN_TIMEOUT_MS 10000
#define EXIT_TIMEOUT_MS 3000

/* Owned by main(); strings point into argv. */
struct options {
    const char *remote;
    const char *auto_file;
    const char *exclude[MAX_EXCLUDE];
    size_t n_exclude;
    bool take_over;
    const char *pidfile;
    bool detach;
    const char *log_file;
    bool dry_run;
    bool keep_on_exit;
    bool check;
    const char *unixctl;        /* NULL = the default path */
    const char *user;           /* --user: run as USER once started */
    int verbose;
};

static void
usage(FILE *out)
{
    fprintf(out,
            "usage: sflowovsd [OPTION]...\n"
            "Keeps one sFlow row, built from hsflowd.auto, on every Open vSwitch bridge.\n\n"
            "  --db REMOTE       OVSDB remote (unix:PATH or tcp:IP:PORT; default %s)\n"
            "  --auto-file PATH  settings written by hsflowd (default %s)\n"
            "  --exclude BRIDGE  never touch BRIDGE (repeatable)\n"
            "  --take-over       replace sFlow rows that sflowovsd did not create\n"
            "  --pidfile PATH    write the process id to PATH\n"
            "  --detach          run in the background, log to syslog\n"
            "  --log-file PATH   log to PATH\n"
            "  --dry-run         print the transaction it would send, change nothing, exit\n"
            "  --keep-on-exit    leave the sFlow row attached on SIGTERM\n"
            "  --check           validate the settings file and options, then exit\n"
            "  --unixctl PATH    control socket for ovs-appctl (default %s/sflowovsd.ctl)\n"
            "  --user USER       run as USER (no capabilities) once the pid file, log\n"
            "                    file and control socket are open\n"
            "  -v, --verbose     more logging (twice: debug)\n"
            "  -h, --help        this help\n"
            "  -V, --version     print the version\n",
            DEFAULT_REMOTE, DEFAULT_AUTO_FILE, RUNSTATEDIR);
}

static bool
remote_ok(const char *r)
{
    return (!strncmp(r, "unix:", 5) && r[5]) || (!strncmp(r, "tcp:", 4) && strchr(r + 4, ':'));
}

static int
parse_options(int argc, char **argv, struct options *o)
{
    enum { OPT_DB = 256, OPT_AUTO, OPT_EXCLUDE, OPT_TAKE_OVER, OPT_PIDFILE, OPT_DETACH,
           OPT_LOG_FILE, OPT_DRY_RUN, OPT_KEEP, OPT_CHECK, OPT_UNIXCTL,
           OPT_USER };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "auto-file", required_argument, NULL, OPT_AUTO },
        { "exclude", required_argument, NULL, OPT_EXCLUDE },
        { "take-over", no_argument, NULL, OPT_TAKE_OVER },
        { "pidfile", required_argument, NULL, OPT_PIDFILE },
        { "detach", no_argument, NULL, OPT_DETACH },
        { "log-file", required_argument, NULL, OPT_LOG_FILE },
        { "dry-run", no_argument, NULL, OPT_DRY_RUN },
        { "keep-on-exit", no_argument, NULL, OPT_KEEP },
        { "check", no_argument, NULL, OPT_CHECK },
        { "unixctl", required_argument, NULL, OPT_UNIXCTL },
        { "user", required_argument, NULL, OPT_USER },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    o->remote = DEFAULT_REMOTE;
    o->auto_file = DEFAULT_AUTO_FILE;
    int ch;
    while ((ch = getopt_long(argc, argv, "vhV", longopts, NULL)) != -1) {
        switch (ch) {
        case OPT_DB: o->remote = optarg; break;
        case OPT_AUTO: o->auto_file = optarg; break;
        case OPT_EXCLUDE:
            if (o->n_exclude >= MAX_EXCLUDE || !*optarg) {
                fprintf(stderr, "sflowovsd: bad or too many --exclude (at most %d)\n",
                        MAX_EXCLUDE);
                return 2;
            }
            o->exclude[o->n_exclude++] = optarg;
            break;
        case OPT_TAKE_OVER: o->take_over = true; break;
        case OPT_PIDFILE: o->pidfile = optarg; break;
        case OPT_DETACH: o->detach = true; break;
        case OPT_LOG_FILE: o->log_file = optarg; break;
        case OPT_DRY_RUN: o->dry_run = true; break;
        case OPT_KEEP: o->keep_on_exit = true; break;
        case OPT_CHECK: o->check = true; break;
        case OPT_UNIXCTL: o->unixctl = optarg; break;
        case OPT_USER: o->user = optarg; break;
        case 'v': o->verbose++; break;
        case 'h': usage(stdout); exit(0);
        case 'V': printf("sflowovsd %s\n", PACKAGE_VERSION); exit(0);
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "sflowovsd: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (!remote_ok(o->remote)) {
        fprintf(stderr, "sflowovsd: bad --db '%s' (unix:PATH or tcp:IP:PORT)\n", o->remote);
        return 2;
    }
    return 0;
}

/* --check: the settings file and what sflowovsd would make of it. */
static int
run_check(const struct options *o)
{
    struct hsauto_settings s;
    char *err = NULL;
    if (access(o->auto_file, F_OK) && errno == ENOENT) {
        printf("%s: absent: sFlow would be detached from every bridge\n", o->auto_file);
        return 0;
    }
    if (!hsauto_read(o->auto_file, &s, &err)) {
        char *e = str_escape(err);
        fprintf(stderr, "sflowovsd: %s\n", e);
        free(e);
        free(err);
        return 1;
    }
    char *problem;
    json_t *row = ovs_reconcile_desired_row(&s, &problem);
    if (row) {
        char *txt = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
        printf("%s: ok: sFlow row %s\n", o->auto_file, txt);
        free(txt);
        json_decref(row);
    } else {
        printf("%s: ok: %s: sFlow would be detached from every bridge\n", o->auto_file,
               problem);
        free(problem);
    }
    hsauto_settings_destroy(&s);
    return 0;
}

/* --dry-run: one reconcile against the live database, printed, nothing sent. */
static int
run_dry(struct ovsd_ctl *ctl, const struct options *o)
{
    if (!ovsd_ctl_wait_synced(ctl, DRY_RUN_TIMEOUT_MS)) {
        log_err("%s: could not read the database within %d ms", o->remote,
                DRY_RUN_TIMEOUT_MS);
        return 1;
    }
    json_t *ops = ovsd_ctl_plan(ctl);
    if (!ops) {
        printf("[]\n");
        log_notice("dry run: nothing to do");
        return 0;
    }
    json_t *txn = json_pack("[s]", "Open_vSwitch");
    json_array_extend(txn, ops);
    char *txt = json_dumps(txn, JSON_INDENT(2) | JSON_SORT_KEYS);
    printf("%s\n", txt);
    free(txt);
    log_notice("dry run: %zu operation(s) not sent", json_array_size(ops));
    json_decref(txn);
    json_decref(ops);
    return 0;
}

/* ---- the control socket (ovs-appctl -t PATH COMMAND) --------------------- */

struct control {
    struct ovsd_ctl *ctl;
    struct auto_watch *watch;
    bool exit_asked;
};

static bool
cmd_show(void *aux, FILE *out)
{
    struct control *k = aux;
    ovsd_ctl_show(k->ctl, out, time_msec());
    unsigned long rejected = auto_watch_n_rejected(k->watch);
    if (rejected) {
        fprintf(out, "settings files rejected so far: %lu (see the log)\n", rejected);
    }
    return true;
}

static bool
cmd_reconcile(void *aux, FILE *out)
{
    struct control *k = aux;
    ovsd_ctl_force_resync(k->ctl);
    fputs("full resync started", out);
    return true;
}

static struct unixctl_server *
control_open(const struct options *o, struct control *k)
{
    struct unixctl_server *u = unixctl_server_open_daemon(o->unixctl, "sflowovsd",
                                                          PACKAGE_VERSION, &k->exit_asked);
    if (u) {
        unixctl_command_register_print(u, "sflowovsd/show", cmd_show, k);
        unixctl_command_register_print(u, "sflowovsd/reconcile", cmd_reconcile, k);
    }
    return u;
}

/* SIGTERM: detach our row (unless --keep-on-exit) and wait for the reply. */
static void
run_exit(struct ovsd_ctl *ctl, const struct options *o)
{
    if (o->keep_on_exit) {
        return;
    }
    /* A SIGTERM that arrives before the first sync (or during a reconnect)
     * still detaches: keep the session running until it has synced and the
     * detach has been confirmed, or the deadline passes. */
    ovsd_ctl_set_desired(ctl, NULL);
    long long deadline = time_msec() + EXIT_TIMEOUT_MS;
    for (;;) {
        long long now = time_msec();
        ovsd_ctl_run(ctl, now);
        if ((ovsd_ctl_is_synced(ctl) && ovsd_ctl_is_settled(ctl)) || now >= deadline) {
            break;
        }
        struct poll_loop loop;
        poll_loop_init(&loop);
        ovsd_ctl_wait(ctl, &loop);
        poll_loop_timer_wait(&loop, deadline);
        poll_loop_block(&loop);
    }
    log_notice("exiting: sFlow %s",
               !ovsd_ctl_is_synced(ctl) ? "not detached (no connection to the database)"
               : ovsd_ctl_is_settled(ctl) ? "detached" : "not confirmed detached");
}

int
main(int argc, char **argv)
{
    struct options o;
    int rc = parse_options(argc, argv, &o);
    if (rc) {
        return rc;
    }
    if (o.check) {
        return run_check(&o);
    }
    int level = o.verbose >= 2 ? LOG_DEBUG : o.verbose ? LOG_INFO : LOG_NOTICE;
    int pid_fd = o.dry_run ? -1 : daemon_pidfile_lock("sflowovsd", o.pidfile);
    if (o.detach && !o.dry_run) {
        daemon_detach("sflowovsd");
    }
    log_open("sflowovsd", o.detach && !o.dry_run, level);
    if (o.log_file && !log_set_file(o.log_file)) {
        log_err("%s: cannot open log file: %s", o.log_file,
                errno == ELOOP ? "refused: a symbolic link"
                : errno == EINVAL ? "refused: not a regular file" : strerror(errno));
        return 1;
    }
    daemon_pidfile_write(pid_fd, o.pidfile);
    int sig_fd = daemon_signalfd_open();

    /* What needs root is open (the control socket is made below, before
     * the rest): from here on sflowovsd needs only to read hsflowd.auto and
     * to reach the database. */
    struct control k = { 0 };
    struct unixctl_server *uctl = o.dry_run ? NULL : control_open(&o, &k);
    char *err = NULL;
    if (!daemon_drop_privileges(o.user, 0, &err)) {
        log_err("%s", err);
        free(err);
        return 1;
    }

    long long now = time_msec();
    struct auto_watch *watch = auto_watch_create(o.auto_file, now);
    struct ovsd_ctl_options co = {
        .remote = o.remote, .exclude = o.exclude, .n_exclude = o.n_exclude,
        .take_over = o.take_over,
    };
    struct ovsd_ctl *ctl = ovsd_ctl_create(&co);
    ovsd_ctl_set_desired(ctl, auto_watch_settings(watch));
    unsigned long seq = auto_watch_seq(watch);

    k.ctl = ctl;
    k.watch = watch;
    if (o.dry_run) {
        rc = run_dry(ctl, &o);
    } else {
        log_notice("started: database %s, settings %s", o.remote, o.auto_file);
        bool was_settled = false;
        for (;;) {
            now = time_msec();
            int sig = daemon_signalfd_read(sig_fd);
            if (uctl) {
                unixctl_server_run(uctl, now);
            }
            if (sig == SIGTERM || sig == SIGINT || k.exit_asked) {
                if (k.exit_asked) {
                    log_notice("exit asked on the control socket: stopping");
                } else {
                    log_notice("signal %d: stopping", sig);
                }
                run_exit(ctl, &o);
                break;
            } else if (sig == SIGHUP) {
                log_notice("SIGHUP: re-reading %s", o.auto_file);
                auto_watch_reload(watch);
                ovsd_ctl_set_desired(ctl, auto_watch_settings(watch));
            }
            auto_watch_run(watch, now);
            if (auto_watch_seq(watch) != seq) {
                seq = auto_watch_seq(watch);
                ovsd_ctl_set_desired(ctl, auto_watch_settings(watch));
            }
            ovsd_ctl_run(ctl, now);
            bool settled = ovsd_ctl_is_settled(ctl);
            if (settled && !was_settled) {
                /* A sync and its transaction peak at several times what
                 * the replica needs: give that back once done. */
                util_trim_heap();
            }
            was_settled = settled;

            struct poll_loop loop;
            poll_loop_init(&loop);
            poll_loop_fd_wait(&loop, sig_fd, POLLIN);
            auto_watch_wait(watch, &loop);
            ovsd_ctl_wait(ctl, &loop);
            if (uctl) {
                unixctl_server_wait(uctl, &loop);
            }
            poll_loop_block(&loop);
        }
    }
    unixctl_server_destroy(uctl);
    ovsd_ctl_destroy(ctl);
    auto_watch_destroy(watch);
    close(sig_fd);
    if (pid_fd >= 0) {
        unlink(o.pidfile);
        close(pid_fd);
    }
    return rc;
}
