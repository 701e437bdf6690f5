/* hsflowd: the host sFlow agent. This file only wires things together:
 * options, detaching, the pid file, signals (a signalfd in the one poll
 * loop) and the agent (hsagent.c). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hsflowd/agentaddr.h"
#include "common/daemon.h"
#include "hsflowd/hsagent.h"
#include "hsflowd/hsagent_show.h"
#include "common/hsauto.h"
#include "hsflowd/hsconfig.h"
#include "hsflowd/hsconfig_io.h"
#include "hsflowd/hshost.h"
#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"
#include "unixctl/unixctl.h"

#define DEFAULT_CONFIG SYSCONFDIR "/hsflowd.conf"
#define DEFAULT_AUTO SYSCONFDIR "/hsflowd.auto"
#define DEFAULT_PIDFILE RUNSTATEDIR "/hsflowd.pid"
/* How long hsflowd -t waits for the collector names to resolve. */
#define CHECK_RESOLVE_MS (5 * 1000LL)

struct options {                    /* strings point into argv */
    const char *config, *auto_path, *pidfile, *sysroot;
    const char *unixctl;            /* NULL = the default path */
    const char *user;               /* -u: run as USER once started */
    int debug;                      /* number of -d */
    bool check;                     /* -t */
};

static void
usage(FILE *f)
{
    fprintf(f,
            "usage: hsflowd [-f CONFIG] [-a AUTOFILE] [-p PIDFILE] [-u USER] [-d]... [-t]\n"
            "               [--sysroot DIR] [--unixctl PATH] [--help] [--version]\n"
            "Host sFlow agent: sends host and interface counters (and VM counters,\n"
            "NFLOG samples) to sFlow collectors and writes the resolved settings to\n"
            "AUTOFILE for sflowovsd.\n"
            "  -f, --config CONFIG   configuration file (default %s)\n"
            "  -a, --auto AUTOFILE   resolved settings written here (default %s)\n"
            "  -p, --pidfile PIDFILE pid file (default %s; '' = none)\n"
            "  -u, --user USER       run as USER (keeping only CAP_NET_ADMIN and\n"
            "                        CAP_NET_RAW, for NFLOG and pcap { })\n"
            "                        once the pid file and control socket are open;\n"
            "                        AUTOFILE's directory must be writable by USER\n"
            "  -d, --debug           stay in the foreground, log to stderr;\n"
            "                        twice for debug detail\n"
            "  -t, --check           check CONFIG, print the settings and the agent\n"
            "                        address choice, and exit\n"
            "      --sysroot DIR     read /proc and /sys under DIR (tests)\n"
            "      --unixctl PATH    control socket for ovs-appctl (default %s/hsflowd.ctl)\n"
            "  -h, --help            this text\n"
            "  -V, --version         the version\n",
            DEFAULT_CONFIG, DEFAULT_AUTO, DEFAULT_PIDFILE, RUNSTATEDIR);
}

static void
parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {
        { "config", required_argument, NULL, 'f' },
        { "auto", required_argument, NULL, 'a' },
        { "pidfile", required_argument, NULL, 'p' },
        { "user", required_argument, NULL, 'u' },
        { "debug", no_argument, NULL, 'd' },
        { "check", no_argument, NULL, 't' },
        { "sysroot", required_argument, NULL, 'S' },
        { "unixctl", required_argument, NULL, 'U' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof *o);
    o->config = DEFAULT_CONFIG;
    o->auto_path = DEFAULT_AUTO;
    o->pidfile = DEFAULT_PIDFILE;
    o->sysroot = "/";
    int c;
    while ((c = getopt_long(argc, argv, "f:a:p:u:dthV", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': o->config = optarg; break;
        case 'a': o->auto_path = optarg; break;
        case 'p': o->pidfile = optarg; break;
        case 'u': o->user = optarg; break;
        case 'd': o->debug++; break;
        case 't': o->check = true; break;
        case 'S': o->sysroot = optarg; break;
        case 'U': o->unixctl = optarg; break;
        case 'h': usage(stdout); exit(EXIT_SUCCESS);
        case 'V': printf("hsflowd %s\n", PACKAGE_VERSION); exit(EXIT_SUCCESS);
        default: usage(stderr); exit(2);
        }
    }
    if (optind != argc) {
        fprintf(stderr, "hsflowd: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        exit(2);
    }
}

/* A line that quotes the config file, on stderr, without its raw bytes. */
static void
print_escaped(const char *prefix, const char *msg)
{
    char *e = str_escape(msg);
    fprintf(stderr, "%s%s\n", prefix, e);
    free(e);
}

/* -t: the config as parsed, the agent address choice and the settings that
 * would go to hsflowd.auto before any DNS-SD answer. */
/* hsflowd -t: looks the collector names of CFG up now, as the daemon would,
 * for CHECK_RESOLVE_MS at most, and prints what each resolved to. Returns
 * the resolver (caller destroys), or NULL when CFG names none. */
static struct dnsname *
check_names(const struct hsconfig *cfg)
{
    const char *names[HSAUTO_MAX_COLLECTORS];
    size_t n_names = hsresolve_names(cfg, names, HSAUTO_MAX_COLLECTORS);
    struct dnsname *r = n_names ? dnsname_create(cfg->dnssd_server) : NULL;
    if (!r) {
        return NULL;
    }
    dnsname_set(r, names, n_names);
    long long give_up = time_msec() + CHECK_RESOLVE_MS;
    for (;;) {
        long long now = time_msec();
        dnsname_run(r, now);
        if (dnsname_settled(r) || now >= give_up) {
            break;
        }
        struct poll_loop loop;
        poll_loop_init(&loop);
        dnsname_wait(r, &loop);
        poll_loop_timer_wait(&loop, give_up);
        poll_loop_block(&loop);
    }
    for (size_t i = 0; i < n_names; i++) {
        const char (*addrs)[46];
        size_t k = dnsname_lookup(r, names[i], &addrs);
        const char *why = dnsname_error(r, names[i]);
        printf("# collector %s:", names[i]);
        for (size_t j = 0; j < k; j++) {
            printf(" %s", addrs[j]);
        }
        printf("%s%s\n", k ? "" : " not resolved: ",
               k ? "" : why ? why : "no answer yet");
    }
    return r;
}

static int
check_config(const struct options *o)
{
    struct hsconfig cfg;
    char *err = NULL;
    if (!hsconfig_read(o->config, &cfg, &err)) {
        print_escaped("", err);
        free(err);
        return EXIT_FAILURE;
    }
    for (size_t i = 0; i < cfg.n_notices; i++) {
        print_escaped("", cfg.notices[i]);
    }
    char *text = hsconfig_format(&cfg);
    printf("# %s: ok\n%s", o->config, text);
    free(text);

    struct dnsname *r = check_names(&cfg);
    struct agentaddr_choice choice;
    struct hsauto_settings s;
    int error = hshost_resolve(&cfg, NULL, r ? hsresolve_dnsname_lookup : NULL, r, NULL,
                               &choice, &s);
    dnsname_destroy(r);
    if (error) {
        fprintf(stderr, "hsflowd: cannot list the host's addresses: %s\n", strerror(error));
    }
    printf("# agent address: %s%s%s: %s\n", choice.addr.family ? choice.text : "none",
           choice.ifname[0] ? " on " : "", choice.ifname, choice.reason);
    text = hsauto_format(&s);
    printf("# %s would hold (%s):\n%s", o->auto_path,
           cfg.dnssd ? "before DNS-SD answers" : "DNS-SD off", text);
    free(text);
    hsauto_settings_destroy(&s);
    hsconfig_destroy(&cfg);
    return EXIT_SUCCESS;
}

/* Reads the config again and applies it; on a bad file the running settings
 * stay. Returns what happened (malloc'd) and whether it worked. */
static bool
reload(const struct options *o, struct hsagent *agent, char **what)
{
    struct hsconfig cfg;
    char *err = NULL;
    if (!hsconfig_read(o->config, &cfg, &err)) {
        log_err("%s; keeping the running settings", err);
        *what = xasprintf("%s; keeping the running settings", err);
        free(err);
        return false;
    }
    log_info("reloaded %s", o->config);
    hsagent_reconfigure(agent, &cfg, time_msec());
    *what = xasprintf("reloaded %s", o->config);
    return true;
}

/* ---- the control socket (ovs-appctl -t PATH COMMAND) --------------------- */

struct control {
    const struct options *o;
    struct hsagent *agent;
    bool exit_asked;
};

static bool
cmd_show(void *aux, FILE *out)
{
    struct control *k = aux;
    fprintf(out, "config: %s\n", k->o->config);
    hsagent_show(k->agent, out, time_msec());
    return true;
}

static bool
cmd_reload(void *aux, FILE *out)
{
    struct control *k = aux;
    char *what = NULL;
    bool ok = reload(k->o, k->agent, &what);
    fputs(what, out);
    free(what);
    return ok;
}

static struct unixctl_server *
control_open(struct control *k)
{
    struct unixctl_server *u = unixctl_server_open_daemon(k->o->unixctl, "hsflowd",
                                                          PACKAGE_VERSION, &k->exit_asked);
    if (u) {
        unixctl_command_register_print(u, "hsflowd/show", cmd_show, k);
        unixctl_command_register_print(u, "hsflowd/reload", cmd_reload, k);
    }
    return u;
}

int
main(int argc, char **argv)
{
    struct options o;
    parse_options(argc, argv, &o);
    if (o.check) {
        return check_config(&o);
    }
    log_open("hsflowd", !o.debug, o.debug > 1 ? LOG_DEBUG : LOG_INFO);

    struct hsconfig cfg;
    char *err = NULL;
    if (!hsconfig_read(o.config, &cfg, &err)) {
        log_err("%s", err);
        if (!o.debug) {
            print_escaped("hsflowd: ", err);
        }
        free(err);
        return EXIT_FAILURE;
    }
    int pid_fd = daemon_pidfile_lock("hsflowd", o.pidfile);
    if (!o.debug) {
        daemon_detach("hsflowd");
    }
    daemon_pidfile_write(pid_fd, o.pidfile);
    int sig_fd = daemon_signalfd_open();
    log_notice("hsflowd %s starting (config %s)", PACKAGE_VERSION, o.config);

    struct hsagent_options ao = { .auto_path = o.auto_path, .sysroot = o.sysroot };
    struct control k = { .o = &o };
    struct unixctl_server *uctl = control_open(&k);
    /* NFLOG needs CAP_NET_ADMIN, the packet sockets of pcap { } CAP_NET_RAW
     * (also later: on a reload, for a port plugged in); reading /proc and
     * /sys, sending UDP and re-reading the config need nothing. */
    uint64_t keep = UINT64_C(1) << CAP_NET_ADMIN | UINT64_C(1) << CAP_NET_RAW;
    if (!daemon_drop_privileges(o.user, keep, &err)) {
        log_err("%s", err);
        free(err);
        return EXIT_FAILURE;
    }
    struct hsagent *agent = hsagent_create(&ao, &cfg, time_msec());
    k.agent = agent;
    bool done = false;
    while (!done) {
        struct poll_loop loop;
        poll_loop_init(&loop);
        poll_loop_fd_wait(&loop, sig_fd, POLLIN);
        hsagent_wait(agent, &loop);
        if (uctl) {
            unixctl_server_wait(uctl, &loop);
        }
        poll_loop_block(&loop);
        if (uctl) {
            unixctl_server_run(uctl, time_msec());
            if (k.exit_asked) {
                log_notice("exit asked on the control socket: exiting");
                done = true;
            }
        }

        hsagent_ready(agent, &loop);
        int sig;
        while (poll_loop_revents(&loop, sig_fd) && (sig = daemon_signalfd_read(sig_fd)) != 0) {
            if (sig == SIGHUP) {
                char *what = NULL;
                reload(&o, agent, &what);
                free(what);
            } else {
                log_notice("signal %d: exiting", sig);
                done = true;
            }
        }
        if (!done) {
            hsagent_run(agent, time_msec());
        }
    }
    unixctl_server_destroy(uctl);
    hsagent_destroy(agent);
    close(sig_fd);
    if (pid_fd >= 0) {
        unlink(o.pidfile);
        close(pid_fd);
    }
    return EXIT_SUCCESS;
}
