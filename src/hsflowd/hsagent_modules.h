/* hsagent_modules: the agent's optional modules that follow the config
 * (DNS-SD, collector names, ovs { }, pve { }, xen { }, kvm { }, nflog { },
 * pcap { }): created, re-created when their settings change, and freed.
 * Their run/wait calls stay in hsagent.c's loop.
 *
 * Ownership: the modules are fields of struct hsagent (hsagent_int.h);
 * hsagent_modules_destroy() frees them. */
#ifndef HSAGENT_MODULES_H
#define HSAGENT_MODULES_H 1

#include <stdbool.h>
#include <stdint.h>

struct hsagent;
struct hsconfig;

/* (Re)creates the modules whose settings changed between OLD and the new
 * a->cfg. OLD is NULL at start. */
void hsagent_modules_apply(struct hsagent *a, const struct hsconfig *old, long long now);

/* Frees every module hsagent_modules_apply() set up. */
void hsagent_modules_destroy(struct hsagent *a);

/* Whether interface IFINDEX is ovs-vswitchd's to report (ovs { }): one
 * owner per data source under the agent address. Until OVSDB has answered
 * (a few seconds at most), every interface is held back. */
bool hsagent_modules_left_to_ovs(const struct hsagent *a, uint32_t ifindex);

#endif
