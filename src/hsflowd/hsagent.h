/* hsagent: the running host agent. Holds the settings (config file merged
 * with DNS-SD), writes hsflowd.auto when they change, polls the host and its
 * interfaces (each data source in its own slot of the polling interval, see
 * hsschedule.h) and sends the counters through one sflow_packer to every
 * collector. A run/wait module: hsflowd.c's loop drives it.
 *
 * With ovs { }, the interfaces ovs-vswitchd reports (ovswatch.h) are left
 * to it: one sub-agent per data source under the agent address.
 *
 * Ownership: struct hsagent owns its config, the DNS-SD refresher, the
 * sender, the packer, the counter readers, the interface table and the
 * optional libvirt/NFLOG/OVSDB modules; hsagent_destroy() frees them all. */
#ifndef HSAGENT_H
#define HSAGENT_H 1

#include <stdbool.h>
#include <stdint.h>

#include "hsflowd/agentaddr.h"
#include "common/hsauto.h"
#include "hsflowd/hsconfig.h"

struct iftable;
struct poll_loop;

/* Options that do not come from the config file. */
struct hsagent_options {
    const char *auto_path;          /* hsflowd.auto to write; NULL = none */
    const char *sysroot;            /* "/" or a test tree */
};

/* Takes ownership of CFG's contents (CFG is left empty). */
struct hsagent *hsagent_create(const struct hsagent_options *opts, struct hsconfig *cfg,
                               long long now);
void hsagent_destroy(struct hsagent *a);

/* A new config (after SIGHUP): takes ownership of CFG's contents. */
void hsagent_reconfigure(struct hsagent *a, struct hsconfig *cfg, long long now);

void hsagent_run(struct hsagent *a, long long now);
void hsagent_wait(struct hsagent *a, struct poll_loop *loop);
/* After poll_loop_block(LOOP): which of the agent's sockets have something
 * to read, so that the next run reads only those (optional: without it, a
 * run tries them all). */
void hsagent_ready(struct hsagent *a, const struct poll_loop *loop);

/* The settings in force (what hsflowd.auto holds). */
const struct hsauto_settings *hsagent_settings(const struct hsagent *a);

/* The host's interface table (src/netlink/iftable.h: lookups, iteration and
 * a generation counter that grows with every change), kept current by the
 * agent's run; NULL under a sysroot other than "/" or without rtnetlink. */
struct iftable *hsagent_iftable(const struct hsagent *a);

#endif
