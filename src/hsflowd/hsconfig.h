/* hsconfig: the /etc/hsflowd.conf parser (pure: text in, settings out).
 *
 * Syntax: tokens are split on whitespace, '=' and ';'; '#' starts a comment
 * that runs to the end of the line; keys are case-insensitive. Both forms are
 * accepted, alone or mixed:
 *
 *   sflow {                          # block form
 *     DNSSD = off
 *     polling = 20
 *     sampling = 400
 *     collector { ip = 10.0.0.50 udpport = 6343 }
 *     collector { ip = collector.example.com dev = vrf-mgmt }
 *     dns-sd { domain = example.com server = 127.0.0.1:5353 }
 *     ovs { dbsock = unix:/var/run/openvswitch/db.sock }
 *     kvm { uri = qemu:///system }
 *     nflog { group = 5 probability = 0.0025 }
 *     pcap { dev = tap.* }            # one block per device or pattern
 *     pcap { speed = 1G-1T }          # every NIC in that speed range
 *   }
 *   pve { config = /etc/pve/local run = /var/run/qemu-server timeout = 2000 }
 *
 *   DNSSD = off                      # flat form of older guides
 *   polling = 20
 *   ip = 10.0.0.50
 *   udpport = 6343
 *   ulogGroup = 5
 *
 * Ownership: a struct hsconfig owns every string and array inside it;
 * hsconfig_destroy() frees them. */
#ifndef HSCONFIG_H
#define HSCONFIG_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/hsauto.h"

#define HSCONFIG_DEFAULT_SAMPLING 400
#define HSCONFIG_DEFAULT_POLLING 30
#define HSCONFIG_DEFAULT_HEADER 128
#define HSCONFIG_DEFAULT_DATAGRAM 1400
#define HSCONFIG_DEFAULT_SUB_AGENT_ID 100000
#define HSCONFIG_DEFAULT_KVM_URI "qemu:///system"
#define HSCONFIG_DEFAULT_REFRESH_ADAPTORS 60
#define HSCONFIG_MAX_FILE (256 * 1024)
#define HSCONFIG_MAX_CIDRS 16
#define HSCONFIG_MAX_HOST 253       /* a DNS name, without the trailing dot */

struct hsconfig_collector {     /* plain value */
    char host[HSCONFIG_MAX_HOST + 1];   /* numeric address, or a name to resolve */
    uint16_t port;
    char dev[16];               /* dev =: send through this device; "" = any */
};

/* One pcap { } block: packet sampling on the interfaces it names (a device
 * name, a pattern, or a speed range; see src/pcap/hspcap.h). */
struct hsconfig_pcap {
    char *dev;                  /* name or extended regex (anchored); NULL = by speed */
    bool speed_set;             /* speed = MIN[-[MAX]] given */
    uint64_t speed_min, speed_max;  /* bits/s; max UINT64_MAX for "MIN-" */
    bool promisc;               /* promisc = on: the port in promiscuous mode */
    int vport;                  /* vport = on|off; -1 = not given */
    bool sampling_set;          /* sampling = N given: fixed rate for these ports */
    uint32_t sampling;
    int line;                   /* where the block starts */
    unsigned int given;         /* keys seen in the block (the parser's) */
};

struct hsconfig {
    bool dnssd;                 /* DNSSD = on|off, default on */
    char *dnssd_domain;         /* DNSSD_domain / dns-sd { domain = }; NULL = resolver's */
    char *dnssd_server;         /* dns-sd { server = ADDR[:PORT] }; NULL = resolv.conf's */
    uint32_t polling;           /* seconds, 0-300, default 30 */
    uint32_t sampling;          /* 1-in-N, default 400 */
    uint32_t header_bytes;      /* 0-256, default 128 */
    uint32_t datagram_bytes;    /* 200-8192, default 1400 */
    uint32_t sub_agent_id;      /* default 100000 */
    bool polling_set, sampling_set, header_set, agent_set; /* explicit: wins over DNS */
    struct hsauto_kv *samplings, *pollings;   /* sampling.<x>, polling.<x> */
    size_t n_samplings, n_pollings;
    char *agent_ip;             /* agentIP; NULL = not given */
    char *agent_dev;            /* agent (a device); NULL = not given */
    char **agent_cidrs;         /* agent.cidr lines, in file order: the first that
                                   matches an address wins */
    size_t n_agent_cidrs;
    struct hsconfig_collector *collectors;  /* in file order, without repeats */
    size_t n_collectors;
    bool uuid_set;
    uint8_t uuid[16];           /* uuid =: the host's UUID in host_descr */
    uint32_t refresh_adaptors;  /* s between readings of the interface list */
    uint32_t refresh_vms, forget_vms;           /* sflow level; 0 = not given */
    uint32_t kvm_refresh_vms, kvm_forget_vms;   /* kvm { }; 0 = the sflow level's */
    uint32_t xen_refresh_vms, xen_forget_vms;   /* xen { }; 0 = the sflow level's */
    bool kvm; char *kvm_uri;    /* kvm { uri = }, default "qemu:///system" */
    bool xen; char *xen_uri;    /* xen { uri = }: libvirt; NULL = Xen directly */
    bool nflog;                 /* nflog { } / ulog { } / nflogGroup / ulogGroup given */
    uint32_t nflog_group;
    double nflog_probability;   /* the rule's, (0, 1]; default 1 (every packet) */
    uint32_t nflog_rcvbuf;      /* bytes; 0 = kernel default */
    bool ovs;                   /* ovs { } present */
    char *ovs_db;               /* ovs { dbsock = }: OVSDB remote; NULL = default */
    struct hsconfig_pcap *pcaps;    /* pcap { } blocks, in file order */
    size_t n_pcaps;
    bool dnssd_block;           /* dns-sd { } present: DNS-SD on unless DNSSD = off */
    bool pve;                   /* pve { } present: Proxmox VE guests */
    char *pve_config;           /* pve { config = }: holds qemu-server/, lxc/; NULL = default */
    char *pve_run;              /* pve { run = }: QEMU pid files, QMP sockets; NULL = default */
    char *pve_cgroup;           /* pve { cgroup = }: the cgroup mount; NULL = default */
    uint32_t pve_timeout;       /* pve { timeout = } ms per QMP exchange; 0 = default */
    char **notices;             /* "file:line: ..." lines worth logging (mapped or
                                   skipped blocks); owned */
    size_t n_notices;
};

/* Sets every field of CFG to its default (no allocation). */
void hsconfig_init(struct hsconfig *cfg);
void hsconfig_destroy(struct hsconfig *cfg);

/* Parses TEXT (LEN bytes, need not be NUL-terminated). FILENAME is only used
 * in messages. On success fills OUT (initialised by the callee) and returns
 * true; on failure returns false, leaves OUT empty (as after hsconfig_init)
 * and sets *ERR to a malloc'd "FILENAME:LINE: what is wrong" (caller frees). */
bool hsconfig_parse(const char *filename, const char *text, size_t len,
                    struct hsconfig *out, char **err);

#endif
