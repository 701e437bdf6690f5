/* hsagent_int: the agent's state, shared by the files of the agent
 * (hsagent.c: settings and polling; hsagent_modules.c: the modules that
 * follow the config; hsagent_show.c: the report for operators). Not for
 * other modules.
 *
 * Ownership: see hsagent.h; hsagent_destroy() frees the whole struct,
 * hsagent_modules_destroy() the modules set up by hsagent_modules_apply(). */
#ifndef HSAGENT_INT_H
#define HSAGENT_INT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hsflowd/hsagent.h"
#include "hsflowd/hsschedule.h"
#include "sflow/sflow.h"
/* The optional modules the struct holds (hsagent_modules.h). */
#include "ovsports/ovswatch.h"
#include "pve/hspve.h"
#ifdef HAVE_LIBVIRT
#include "virt/hsvirt.h"
#include "xen/hsxen.h"
#endif
#ifdef HAVE_NFLOG
#include "nflog/hsnflog.h"
#endif
#ifdef HAVE_PCAP_SAMPLING
#include "pcap/hspcap.h"
#endif

#define MAX_HOST_RECS 16
#define MAX_IFACES 256

struct dnsname;
struct dnssd;
struct hscounters;
struct hssender;
struct iftable;
struct sflow_packer;

struct hsagent {
    char *auto_path;                /* NULL: do not write hsflowd.auto */
    char *sysroot;
    struct hsconfig cfg;
    long long start;                /* for the datagram header's uptime */

    struct dnssd *dnssd;            /* NULL when DNSSD is off */
    uint64_t dns_gen;
    struct dnsname *names;          /* collectors given by name; NULL: none */
    uint64_t names_gen;

    struct hsauto_settings settings;    /* in force */
    struct agentaddr_choice agent;
    bool resolve_needed;
    long long next_agent_check;

    uint64_t revision;              /* of the last hsflowd.auto written */
    bool write_needed;
    long long next_write;

    struct hssender *sender;
    struct sflow_packer *packer;
    struct hscounters *counters;
    struct iftable *ift;            /* NULL under a sysroot */
    uint64_t ift_gen;               /* table generation the sources follow */
    struct hsschedule sched;
    struct sflow_counter_rec ifrecs[MAX_IFACES];
    size_t n_ifrecs;
    long long ifrecs_at;            /* polling cycle ifrecs was read in; -1 = never */
    uint64_t ifrecs_gen;            /* table generation then */
    long long poll_now;             /* time of the poll in progress */
    long long next_sources_check;   /* interfaces read again for new sources */
    bool have_settings;             /* settings resolved at least once */
    struct ovswatch *ovs;           /* ovs { }: interfaces left to ovs-vswitchd */
    uint64_t ovs_gen;
    bool sources_dirty;             /* interface sources to be read again now */
    struct hspve *pve;              /* NULL without a pve { } block */
#ifdef HAVE_LIBVIRT
    struct hsvirt *kvm, *xen;
    struct hsxen *xend;             /* xen { } without a URI: Xen directly */
#endif
#ifdef HAVE_NFLOG
    struct hsnflog *nflog;
#endif
#ifdef HAVE_PCAP_SAMPLING
    struct hspcap *pcap;            /* NULL without pcap { } blocks */
    uint64_t pcap_gen;              /* hspcap_ports() generation followed */
#endif
};

#endif
