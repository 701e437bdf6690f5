/* sflow: sFlow version 5 record types (sflow_version_5.txt, sflow_host.txt):
 * the constants and the plain C structs of records, samples and the datagram
 * header, shared by the encoder (sflow_enc.h), the packer (sflow_pack.h), the
 * field tables (sflow_fields.h) and the decoder (sflow_dec.h). Declares no
 * functions.
 *
 * Counter and flow records are plain C structs, one per record type; a sample
 * holds an array of tagged records. Ownership: records and samples point into
 * memory owned by the caller; whoever encodes or packs them copies what it
 * needs during the call. */
#ifndef SFLOW_H
#define SFLOW_H 1

#include <stdint.h>

#define SFLOW_VERSION 5
#define SFLOW_DEFAULT_PORT 6343
#define SFLOW_DEFAULT_DATAGRAM 1400
#define SFLOW_MIN_DATAGRAM 200
#define SFLOW_MAX_DATAGRAM 65507
#define SFLOW_MAX_HEADER 256

/* data_format = enterprise << 12 | format; enterprise 0 throughout. */
#define SFLOW_TAG(ent, fmt) (((uint32_t) (ent) << 12) | (uint32_t) (fmt))

/* Sample types. */
enum {
    SFLOW_FLOW_SAMPLE = 1,
    SFLOW_COUNTERS_SAMPLE = 2,
    SFLOW_FLOW_SAMPLE_EXPANDED = 3,
    SFLOW_COUNTERS_SAMPLE_EXPANDED = 4,
};

/* Flow record types. */
enum {
    SFLOW_FLOW_HEADER = 1,          /* sampled_header */
    SFLOW_FLOW_EXT_SWITCH = 1001,   /* extended_switch (VLANs, priorities) */
};

/* Counter record types. */
enum {
    SFLOW_CTR_GENERIC = 1,          /* if_counters, 88 bytes */
    SFLOW_CTR_ETHERNET = 2,         /* ethernet_counters, 52 bytes */
    SFLOW_CTR_OF_PORT = 1004,       /* of_port (sflow_openflow.txt), 12 bytes */
    SFLOW_CTR_PORT_NAME = 1005,     /* port_name, string<255> */
    SFLOW_CTR_HOST_DESCR = 2000,
    SFLOW_CTR_HOST_ADAPTORS = 2001,
    SFLOW_CTR_HOST_PARENT = 2002,
    SFLOW_CTR_HOST_CPU = 2003,
    SFLOW_CTR_HOST_MEMORY = 2004,
    SFLOW_CTR_HOST_DISK_IO = 2005,
    SFLOW_CTR_HOST_NET_IO = 2006,
    SFLOW_CTR_MIB2_IP = 2007,
    SFLOW_CTR_MIB2_ICMP = 2008,
    SFLOW_CTR_MIB2_TCP = 2009,
    SFLOW_CTR_MIB2_UDP = 2010,
    SFLOW_CTR_VIRT_NODE = 2100,
    SFLOW_CTR_VIRT_CPU = 2101,
    SFLOW_CTR_VIRT_MEMORY = 2102,
    SFLOW_CTR_VIRT_DISK_IO = 2103,
    SFLOW_CTR_VIRT_NET_IO = 2104,
    SFLOW_CTR_APP_RESOURCES = 2203, /* app_resources (sflow_application.txt) */
    SFLOW_CTR_OVS_DP = 2207,        /* Open vSwitch datapath statistics */
};

/* Data source classes (the top 8 bits of source_id). */
enum {
    SFLOW_DS_IFINDEX = 0,           /* 0:ifIndex interfaces */
    SFLOW_DS_VLAN = 1,
    SFLOW_DS_ENTITY = 2,            /* 2:1 the host */
    SFLOW_DS_VM = 3,                /* 3:N virtual machines (hsflowd's use) */
};

/* header_protocol values for sampled_header. */
enum {
    SFLOW_HEADER_ETHERNET = 1,
    SFLOW_HEADER_IPV4 = 11,
    SFLOW_HEADER_IPV6 = 12,
};

/* machine_type and os_name enums (sflow_host.txt). */
enum {
    SFLOW_MT_UNKNOWN = 0, SFLOW_MT_OTHER = 1, SFLOW_MT_X86 = 2, SFLOW_MT_X86_64 = 3,
    SFLOW_MT_IA64 = 4, SFLOW_MT_SPARC = 5, SFLOW_MT_ALPHA = 6, SFLOW_MT_POWERPC = 7,
    SFLOW_MT_M68K = 8, SFLOW_MT_MIPS = 9, SFLOW_MT_ARM = 10, SFLOW_MT_HPPA = 11,
    SFLOW_MT_S390 = 12,
};
enum {
    SFLOW_OS_UNKNOWN = 0, SFLOW_OS_OTHER = 1, SFLOW_OS_LINUX = 2, SFLOW_OS_WINDOWS = 3,
    SFLOW_OS_DARWIN = 4, SFLOW_OS_HPUX = 5, SFLOW_OS_AIX = 6, SFLOW_OS_DRAGONFLY = 7,
    SFLOW_OS_FREEBSD = 8, SFLOW_OS_NETBSD = 9, SFLOW_OS_OPENBSD = 10, SFLOW_OS_OSF = 11,
    SFLOW_OS_SOLARIS = 12,
};

/* virt_cpu state: libvirt's virDomainState values. */
enum {
    SFLOW_VIRT_NOSTATE = 0, SFLOW_VIRT_RUNNING = 1, SFLOW_VIRT_BLOCKED = 2,
    SFLOW_VIRT_PAUSED = 3, SFLOW_VIRT_SHUTDOWN = 4, SFLOW_VIRT_SHUTOFF = 5,
    SFLOW_VIRT_CRASHED = 6, SFLOW_VIRT_PMSUSPENDED = 7,
};

/* address_type in the datagram header. */
enum {
    SFLOW_ADDR_UNKNOWN = 0,
    SFLOW_ADDR_IP_V4 = 1,
    SFLOW_ADDR_IP_V6 = 2,
};

struct sflow_address {
    int family;                     /* AF_INET or AF_INET6 */
    uint8_t bytes[16];              /* 4 or 16 bytes in network order */
};

/* ---- counter records ------------------------------------------------------ */

struct sflow_if_counters {
    uint32_t ifIndex, ifType;
    uint64_t ifSpeed;
    uint32_t ifDirection;           /* 0 unknown, 1 full, 2 half, 3 in, 4 out */
    uint32_t ifStatus;              /* bit 0 admin up, bit 1 oper up */
    uint64_t ifInOctets;
    uint32_t ifInUcastPkts, ifInMulticastPkts, ifInBroadcastPkts;
    uint32_t ifInDiscards, ifInErrors, ifInUnknownProtos;
    uint64_t ifOutOctets;
    uint32_t ifOutUcastPkts, ifOutMulticastPkts, ifOutBroadcastPkts;
    uint32_t ifOutDiscards, ifOutErrors;
    uint32_t ifPromiscuousMode;
};

struct sflow_ethernet_counters {
    uint32_t dot3StatsAlignmentErrors, dot3StatsFCSErrors;
    uint32_t dot3StatsSingleCollisionFrames, dot3StatsMultipleCollisionFrames;
    uint32_t dot3StatsSQETestErrors, dot3StatsDeferredTransmissions;
    uint32_t dot3StatsLateCollisions, dot3StatsExcessiveCollisions;
    uint32_t dot3StatsInternalMacTransmitErrors, dot3StatsCarrierSenseErrors;
    uint32_t dot3StatsFrameTooLongs, dot3StatsInternalMacReceiveErrors;
    uint32_t dot3StatsSymbolErrors;
};

#define SFLOW_HOSTNAME_MAX 64
#define SFLOW_OS_RELEASE_MAX 32
struct sflow_host_descr {
    char hostname[SFLOW_HOSTNAME_MAX + 1];      /* string<64> */
    uint8_t uuid[16];
    uint32_t machine_type;
    uint32_t os_name;
    char os_release[SFLOW_OS_RELEASE_MAX + 1];  /* string<32> */
};

#define SFLOW_ADAPTOR_MAX_MACS 8
struct sflow_adaptor {
    uint32_t ifIndex;
    uint32_t n_macs;
    uint8_t macs[SFLOW_ADAPTOR_MAX_MACS][6];
};
struct sflow_host_adaptors {
    uint32_t n_adaptors;
    const struct sflow_adaptor *adaptors;       /* caller's array */
};

struct sflow_host_parent {
    uint32_t container_type;        /* data source class of the parent (2) */
    uint32_t container_index;       /* its index (1) */
};

struct sflow_host_cpu {
    float load_one, load_five, load_fifteen;
    uint32_t proc_run, proc_total, cpu_num, cpu_speed, uptime;
    uint32_t cpu_user, cpu_nice, cpu_system, cpu_idle, cpu_wio, cpu_intr, cpu_sintr;
    uint32_t interrupts, contexts;
};

struct sflow_host_memory {
    uint64_t mem_total, mem_free, mem_shared, mem_buffers, mem_cached;
    uint64_t swap_total, swap_free;
    uint32_t page_in, page_out, swap_in, swap_out;
};

struct sflow_host_disk_io {
    uint64_t disk_total, disk_free;
    uint32_t part_max_used;         /* percent * 100 */
    uint32_t reads;
    uint64_t bytes_read;
    uint32_t read_time;
    uint32_t writes;
    uint64_t bytes_written;
    uint32_t write_time;
};

struct sflow_host_net_io {          /* also virt_net_io */
    uint64_t bytes_in;
    uint32_t pkts_in, errs_in, drops_in;
    uint64_t bytes_out;
    uint32_t pkts_out, errs_out, drops_out;
};

struct sflow_mib2_ip {
    uint32_t ipForwarding, ipDefaultTTL, ipInReceives, ipInHdrErrors, ipInAddrErrors;
    uint32_t ipForwDatagrams, ipInUnknownProtos, ipInDiscards, ipInDelivers;
    uint32_t ipOutRequests, ipOutDiscards, ipOutNoRoutes, ipReasmTimeout;
    uint32_t ipReasmReqds, ipReasmOKs, ipReasmFails, ipFragOKs, ipFragFails;
    uint32_t ipFragCreates;
};

struct sflow_mib2_icmp {
    uint32_t icmpInMsgs, icmpInErrors, icmpInDestUnreachs, icmpInTimeExcds;
    uint32_t icmpInParamProbs, icmpInSrcQuenchs, icmpInRedirects, icmpInEchos;
    uint32_t icmpInEchoReps, icmpInTimestamps, icmpInAddrMasks, icmpInAddrMaskReps;
    uint32_t icmpOutMsgs, icmpOutErrors, icmpOutDestUnreachs, icmpOutTimeExcds;
    uint32_t icmpOutParamProbs, icmpOutSrcQuenchs, icmpOutRedirects, icmpOutEchos;
    uint32_t icmpOutEchoReps, icmpOutTimestamps, icmpOutTimestampReps;
    uint32_t icmpOutAddrMasks, icmpOutAddrMaskReps;
};

struct sflow_mib2_tcp {
    uint32_t tcpRtoAlgorithm, tcpRtoMin, tcpRtoMax, tcpMaxConn;
    uint32_t tcpActiveOpens, tcpPassiveOpens, tcpAttemptFails, tcpEstabResets;
    uint32_t tcpCurrEstab, tcpInSegs, tcpOutSegs, tcpRetransSegs, tcpInErrs;
    uint32_t tcpOutRsts, tcpInCsumErrors;
};

struct sflow_mib2_udp {
    uint32_t udpInDatagrams, udpNoPorts, udpInErrors, udpOutDatagrams;
    uint32_t udpRcvbufErrors, udpSndbufErrors, udpInCsumErrors;
};

struct sflow_virt_node {
    uint32_t mhz, cpus;
    uint64_t memory, memory_free;
    uint32_t num_domains;
};

struct sflow_virt_cpu {
    uint32_t state, cpuTime, nrVirtCpu;
};

struct sflow_virt_memory {
    uint64_t memory, maxMemory;
};

/* The records that ovs-vswitchd sends besides the interface counters; decoded
 * so that sflowdump shows them, and encodable for the tests. */
struct sflow_of_port {
    uint64_t datapath_id;
    uint32_t port_no;
};

#define SFLOW_PORT_NAME_MAX 255
struct sflow_port_name {
    char name[SFLOW_PORT_NAME_MAX + 1];         /* string<255> */
};

struct sflow_app_resources {
    uint32_t user_time;             /* ms */
    uint32_t system_time;           /* ms */
    uint64_t mem_used;              /* bytes */
    uint64_t mem_max;
    uint32_t fd_open;
    uint32_t fd_max;
    uint32_t conn_open;
    uint32_t conn_max;
};

struct sflow_ovs_dp {
    uint32_t n_hit;
    uint32_t n_missed;
    uint32_t n_lost;
    uint32_t n_mask_hit;
    uint32_t n_flows;
    uint32_t n_masks;
};

struct sflow_virt_disk_io {
    uint64_t capacity, allocation, available;
    uint32_t rd_req;
    uint64_t rd_bytes;
    uint32_t wr_req;
    uint64_t wr_bytes;
    uint32_t errs;
};

struct sflow_counter_rec {
    uint32_t tag;                   /* SFLOW_CTR_* (enterprise 0) */
    union {
        struct sflow_if_counters generic;
        struct sflow_ethernet_counters ethernet;
        struct sflow_host_descr host_descr;
        struct sflow_host_adaptors host_adaptors;
        struct sflow_host_parent host_parent;
        struct sflow_host_cpu host_cpu;
        struct sflow_host_memory host_memory;
        struct sflow_host_disk_io host_disk_io;
        struct sflow_host_net_io host_net_io;   /* 2006 and virt_net_io 2104 */
        struct sflow_mib2_ip mib2_ip;
        struct sflow_mib2_icmp mib2_icmp;
        struct sflow_mib2_tcp mib2_tcp;
        struct sflow_mib2_udp mib2_udp;
        struct sflow_virt_node virt_node;
        struct sflow_virt_cpu virt_cpu;
        struct sflow_virt_memory virt_memory;
        struct sflow_virt_disk_io virt_disk_io;
        struct sflow_of_port of_port;
        struct sflow_port_name port_name;
        struct sflow_app_resources app_resources;
        struct sflow_ovs_dp ovs_dp;
    } u;
};

struct sflow_counters_sample {
    uint32_t seq;                   /* the packer sets it; encoders write it as is */
    uint32_t ds_class, ds_index;
    uint32_t n_recs;
    const struct sflow_counter_rec *recs;
};

/* ---- flow records --------------------------------------------------------- */

struct sflow_sampled_header {
    uint32_t protocol;              /* SFLOW_HEADER_* */
    uint32_t frame_length;          /* original length incl. stripped bytes */
    uint32_t stripped;
    uint32_t header_length;         /* bytes in header[], <= SFLOW_MAX_HEADER */
    const uint8_t *header;
};

struct sflow_extended_switch {
    uint32_t src_vlan;              /* 802.1Q VLAN of the incoming frame */
    uint32_t src_priority;          /* its 802.1p priority */
    uint32_t dst_vlan;              /* of the outgoing frame */
    uint32_t dst_priority;
};

struct sflow_flow_rec {
    uint32_t tag;                   /* SFLOW_FLOW_* */
    union {
        struct sflow_sampled_header header;
        struct sflow_extended_switch ext_switch;
    } u;
};

/* Interface values for flow samples: the format (top 2 bits in the compact
 * form) and the value. Format 0 = ifIndex (0 = unknown), 1 = discarded
 * (value = reason), 2 = multiple (value = count, 0x7fffffff unknown). */
struct sflow_if_ref {
    uint32_t format;
    uint32_t value;
};

struct sflow_flow_sample {
    uint32_t seq;
    uint32_t ds_class, ds_index;
    uint32_t sampling_rate;
    uint32_t sample_pool;
    uint32_t drops;
    struct sflow_if_ref input, output;
    uint32_t n_recs;
    const struct sflow_flow_rec *recs;
};

/* The datagram header: the encoder writes it, the decoder fills it. */
struct sflow_datagram_header {
    struct sflow_address agent;
    uint32_t sub_agent_id;
    uint32_t seq;
    uint32_t uptime_ms;
    uint32_t n_samples;
};

#endif
