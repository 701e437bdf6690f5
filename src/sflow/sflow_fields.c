/* sflow_fields: the fixed-layout counter records as tables of fields in wire
 * order (sflow_version_5.txt, sflow_host.txt). The encoder, the decoder and
 * the printers all walk these tables, so a record's layout is written down
 * once. host_descr and host_adaptors have strings and lists and are coded by
 * hand. */
#include <config.h>

#include "sflow/sflow_fields.h"

#include <stddef.h>

#include "common/util.h"

/* Offset of MEMBER within struct sflow_counter_rec's union. */
#define UOFF(MEMBER) \
    (offsetof(struct sflow_counter_rec, u.MEMBER) - offsetof(struct sflow_counter_rec, u))
#define U32(REC, F) { #F, UOFF(REC.F), SFLOW_F_U32 }
#define U64(REC, F) { #F, UOFF(REC.F), SFLOW_F_U64 }
#define FLT(REC, F) { #F, UOFF(REC.F), SFLOW_F_FLOAT }

static const struct sflow_field generic[] = {
    U32(generic, ifIndex), U32(generic, ifType), U64(generic, ifSpeed),
    U32(generic, ifDirection), U32(generic, ifStatus), U64(generic, ifInOctets),
    U32(generic, ifInUcastPkts), U32(generic, ifInMulticastPkts),
    U32(generic, ifInBroadcastPkts), U32(generic, ifInDiscards), U32(generic, ifInErrors),
    U32(generic, ifInUnknownProtos), U64(generic, ifOutOctets), U32(generic, ifOutUcastPkts),
    U32(generic, ifOutMulticastPkts), U32(generic, ifOutBroadcastPkts),
    U32(generic, ifOutDiscards), U32(generic, ifOutErrors), U32(generic, ifPromiscuousMode),
};

static const struct sflow_field ethernet[] = {
    U32(ethernet, dot3StatsAlignmentErrors), U32(ethernet, dot3StatsFCSErrors),
    U32(ethernet, dot3StatsSingleCollisionFrames),
    U32(ethernet, dot3StatsMultipleCollisionFrames), U32(ethernet, dot3StatsSQETestErrors),
    U32(ethernet, dot3StatsDeferredTransmissions), U32(ethernet, dot3StatsLateCollisions),
    U32(ethernet, dot3StatsExcessiveCollisions),
    U32(ethernet, dot3StatsInternalMacTransmitErrors),
    U32(ethernet, dot3StatsCarrierSenseErrors), U32(ethernet, dot3StatsFrameTooLongs),
    U32(ethernet, dot3StatsInternalMacReceiveErrors), U32(ethernet, dot3StatsSymbolErrors),
};

static const struct sflow_field host_parent[] = {
    U32(host_parent, container_type), U32(host_parent, container_index),
};

static const struct sflow_field host_cpu[] = {
    FLT(host_cpu, load_one), FLT(host_cpu, load_five), FLT(host_cpu, load_fifteen),
    U32(host_cpu, proc_run), U32(host_cpu, proc_total), U32(host_cpu, cpu_num),
    U32(host_cpu, cpu_speed), U32(host_cpu, uptime), U32(host_cpu, cpu_user),
    U32(host_cpu, cpu_nice), U32(host_cpu, cpu_system), U32(host_cpu, cpu_idle),
    U32(host_cpu, cpu_wio), U32(host_cpu, cpu_intr), U32(host_cpu, cpu_sintr),
    U32(host_cpu, interrupts), U32(host_cpu, contexts),
};

static const struct sflow_field host_memory[] = {
    U64(host_memory, mem_total), U64(host_memory, mem_free), U64(host_memory, mem_shared),
    U64(host_memory, mem_buffers), U64(host_memory, mem_cached),
    U64(host_memory, swap_total), U64(host_memory, swap_free), U32(host_memory, page_in),
    U32(host_memory, page_out), U32(host_memory, swap_in), U32(host_memory, swap_out),
};

static const struct sflow_field host_disk_io[] = {
    U64(host_disk_io, disk_total), U64(host_disk_io, disk_free),
    U32(host_disk_io, part_max_used), U32(host_disk_io, reads), U64(host_disk_io, bytes_read),
    U32(host_disk_io, read_time), U32(host_disk_io, writes),
    U64(host_disk_io, bytes_written), U32(host_disk_io, write_time),
};

static const struct sflow_field net_io[] = {          /* host_net_io and virt_net_io */
    U64(host_net_io, bytes_in), U32(host_net_io, pkts_in), U32(host_net_io, errs_in),
    U32(host_net_io, drops_in), U64(host_net_io, bytes_out), U32(host_net_io, pkts_out),
    U32(host_net_io, errs_out), U32(host_net_io, drops_out),
};

static const struct sflow_field mib2_ip[] = {
    U32(mib2_ip, ipForwarding), U32(mib2_ip, ipDefaultTTL), U32(mib2_ip, ipInReceives),
    U32(mib2_ip, ipInHdrErrors), U32(mib2_ip, ipInAddrErrors), U32(mib2_ip, ipForwDatagrams),
    U32(mib2_ip, ipInUnknownProtos), U32(mib2_ip, ipInDiscards), U32(mib2_ip, ipInDelivers),
    U32(mib2_ip, ipOutRequests), U32(mib2_ip, ipOutDiscards), U32(mib2_ip, ipOutNoRoutes),
    U32(mib2_ip, ipReasmTimeout), U32(mib2_ip, ipReasmReqds), U32(mib2_ip, ipReasmOKs),
    U32(mib2_ip, ipReasmFails), U32(mib2_ip, ipFragOKs), U32(mib2_ip, ipFragFails),
    U32(mib2_ip, ipFragCreates),
};

/* 25 fields: the spec has no icmpInTimestampReps. */
static const struct sflow_field mib2_icmp[] = {
    U32(mib2_icmp, icmpInMsgs), U32(mib2_icmp, icmpInErrors),
    U32(mib2_icmp, icmpInDestUnreachs), U32(mib2_icmp, icmpInTimeExcds),
    U32(mib2_icmp, icmpInParamProbs), U32(mib2_icmp, icmpInSrcQuenchs),
    U32(mib2_icmp, icmpInRedirects), U32(mib2_icmp, icmpInEchos),
    U32(mib2_icmp, icmpInEchoReps), U32(mib2_icmp, icmpInTimestamps),
    U32(mib2_icmp, icmpInAddrMasks), U32(mib2_icmp, icmpInAddrMaskReps),
    U32(mib2_icmp, icmpOutMsgs), U32(mib2_icmp, icmpOutErrors),
    U32(mib2_icmp, icmpOutDestUnreachs), U32(mib2_icmp, icmpOutTimeExcds),
    U32(mib2_icmp, icmpOutParamProbs), U32(mib2_icmp, icmpOutSrcQuenchs),
    U32(mib2_icmp, icmpOutRedirects), U32(mib2_icmp, icmpOutEchos),
    U32(mib2_icmp, icmpOutEchoReps), U32(mib2_icmp, icmpOutTimestamps),
    U32(mib2_icmp, icmpOutTimestampReps), U32(mib2_icmp, icmpOutAddrMasks),
    U32(mib2_icmp, icmpOutAddrMaskReps),
};

static const struct sflow_field mib2_tcp[] = {
    U32(mib2_tcp, tcpRtoAlgorithm), U32(mib2_tcp, tcpRtoMin), U32(mib2_tcp, tcpRtoMax),
    U32(mib2_tcp, tcpMaxConn), U32(mib2_tcp, tcpActiveOpens), U32(mib2_tcp, tcpPassiveOpens),
    U32(mib2_tcp, tcpAttemptFails), U32(mib2_tcp, tcpEstabResets), U32(mib2_tcp, tcpCurrEstab),
    U32(mib2_tcp, tcpInSegs), U32(mib2_tcp, tcpOutSegs), U32(mib2_tcp, tcpRetransSegs),
    U32(mib2_tcp, tcpInErrs), U32(mib2_tcp, tcpOutRsts), U32(mib2_tcp, tcpInCsumErrors),
};

static const struct sflow_field mib2_udp[] = {
    U32(mib2_udp, udpInDatagrams), U32(mib2_udp, udpNoPorts), U32(mib2_udp, udpInErrors),
    U32(mib2_udp, udpOutDatagrams), U32(mib2_udp, udpRcvbufErrors),
    U32(mib2_udp, udpSndbufErrors), U32(mib2_udp, udpInCsumErrors),
};

static const struct sflow_field virt_node[] = {
    U32(virt_node, mhz), U32(virt_node, cpus), U64(virt_node, memory),
    U64(virt_node, memory_free), U32(virt_node, num_domains),
};

static const struct sflow_field virt_cpu[] = {
    U32(virt_cpu, state), U32(virt_cpu, cpuTime), U32(virt_cpu, nrVirtCpu),
};

static const struct sflow_field virt_memory[] = {
    U64(virt_memory, memory), U64(virt_memory, maxMemory),
};

static const struct sflow_field virt_disk_io[] = {
    U64(virt_disk_io, capacity), U64(virt_disk_io, allocation), U64(virt_disk_io, available),
    U32(virt_disk_io, rd_req), U64(virt_disk_io, rd_bytes), U32(virt_disk_io, wr_req),
    U64(virt_disk_io, wr_bytes), U32(virt_disk_io, errs),
};

static const struct sflow_field of_port[] = {
    U64(of_port, datapath_id), U32(of_port, port_no),
};

static const struct sflow_field app_resources[] = {
    U32(app_resources, user_time), U32(app_resources, system_time),
    U64(app_resources, mem_used), U64(app_resources, mem_max), U32(app_resources, fd_open),
    U32(app_resources, fd_max), U32(app_resources, conn_open), U32(app_resources, conn_max),
};

static const struct sflow_field ovs_dp[] = {
    U32(ovs_dp, n_hit), U32(ovs_dp, n_missed), U32(ovs_dp, n_lost), U32(ovs_dp, n_mask_hit),
    U32(ovs_dp, n_flows), U32(ovs_dp, n_masks),
};

const struct sflow_field *
sflow_counter_fields(uint32_t tag, size_t *n)
{
#define CASE(TAG, TABLE) case TAG: *n = ARRAY_SIZE(TABLE); return TABLE
    switch (tag) {
    CASE(SFLOW_CTR_GENERIC, generic);
    CASE(SFLOW_CTR_ETHERNET, ethernet);
    CASE(SFLOW_CTR_HOST_PARENT, host_parent);
    CASE(SFLOW_CTR_HOST_CPU, host_cpu);
    CASE(SFLOW_CTR_HOST_MEMORY, host_memory);
    CASE(SFLOW_CTR_HOST_DISK_IO, host_disk_io);
    CASE(SFLOW_CTR_HOST_NET_IO, net_io);
    CASE(SFLOW_CTR_MIB2_IP, mib2_ip);
    CASE(SFLOW_CTR_MIB2_ICMP, mib2_icmp);
    CASE(SFLOW_CTR_MIB2_TCP, mib2_tcp);
    CASE(SFLOW_CTR_MIB2_UDP, mib2_udp);
    CASE(SFLOW_CTR_VIRT_NODE, virt_node);
    CASE(SFLOW_CTR_VIRT_CPU, virt_cpu);
    CASE(SFLOW_CTR_VIRT_MEMORY, virt_memory);
    CASE(SFLOW_CTR_VIRT_DISK_IO, virt_disk_io);
    CASE(SFLOW_CTR_VIRT_NET_IO, net_io);
    CASE(SFLOW_CTR_OF_PORT, of_port);
    CASE(SFLOW_CTR_APP_RESOURCES, app_resources);
    CASE(SFLOW_CTR_OVS_DP, ovs_dp);
    default:
        *n = 0;
        return NULL;
    }
#undef CASE
}

size_t
sflow_counter_rec_size(uint32_t tag)
{
    size_t n, size = 0;
    const struct sflow_field *f = sflow_counter_fields(tag, &n);
    for (size_t i = 0; f && i < n; i++) {
        size += f[i].kind == SFLOW_F_U64 ? 8 : 4;
    }
    return size;
}
