/* counters_mib2: mib2 ip, icmp, tcp and udp groups (2007-2010) from
 * <root>/proc/net/snmp.
 *
 * Each group is a header line of field names and a line of values, both
 * starting with the group's name ("Ip:", "Icmp:", "Tcp:", "Udp:"). Values
 * are mapped by field name, so added or reordered kernel fields do no harm;
 * fields the kernel does not give stay 0; values keep their low 32 bits
 * (Tcp MaxConn -1 is 0xffffffff, as in the MIB's Integer32). A group whose
 * value line is missing or shorter than its header is left out. */
#include <config.h>

#include <stddef.h>
#include <string.h>

#include "counters/counters_mib2.h"
#include "counters/counters_scan.h"
#include "counters/counters_state.h"

struct hsc_mib2_field {
    const char *name;           /* as /proc/net/snmp spells it */
    size_t off;                 /* of the uint32_t in the record */
};

#define F(TYPE, NAME, FIELD) { NAME, offsetof(struct TYPE, FIELD) }
static const struct hsc_mib2_field hsc_ip_fields[] = {
    F(sflow_mib2_ip, "Forwarding", ipForwarding), F(sflow_mib2_ip, "DefaultTTL", ipDefaultTTL),
    F(sflow_mib2_ip, "InReceives", ipInReceives), F(sflow_mib2_ip, "InHdrErrors", ipInHdrErrors),
    F(sflow_mib2_ip, "InAddrErrors", ipInAddrErrors),
    F(sflow_mib2_ip, "ForwDatagrams", ipForwDatagrams),
    F(sflow_mib2_ip, "InUnknownProtos", ipInUnknownProtos),
    F(sflow_mib2_ip, "InDiscards", ipInDiscards), F(sflow_mib2_ip, "InDelivers", ipInDelivers),
    F(sflow_mib2_ip, "OutRequests", ipOutRequests), F(sflow_mib2_ip, "OutDiscards", ipOutDiscards),
    F(sflow_mib2_ip, "OutNoRoutes", ipOutNoRoutes),
    F(sflow_mib2_ip, "ReasmTimeout", ipReasmTimeout), F(sflow_mib2_ip, "ReasmReqds", ipReasmReqds),
    F(sflow_mib2_ip, "ReasmOKs", ipReasmOKs), F(sflow_mib2_ip, "ReasmFails", ipReasmFails),
    F(sflow_mib2_ip, "FragOKs", ipFragOKs), F(sflow_mib2_ip, "FragFails", ipFragFails),
    F(sflow_mib2_ip, "FragCreates", ipFragCreates),
};
static const struct hsc_mib2_field hsc_icmp_fields[] = {
    F(sflow_mib2_icmp, "InMsgs", icmpInMsgs), F(sflow_mib2_icmp, "InErrors", icmpInErrors),
    F(sflow_mib2_icmp, "InDestUnreachs", icmpInDestUnreachs),
    F(sflow_mib2_icmp, "InTimeExcds", icmpInTimeExcds),
    F(sflow_mib2_icmp, "InParmProbs", icmpInParamProbs),
    F(sflow_mib2_icmp, "InSrcQuenchs", icmpInSrcQuenchs),
    F(sflow_mib2_icmp, "InRedirects", icmpInRedirects), F(sflow_mib2_icmp, "InEchos", icmpInEchos),
    F(sflow_mib2_icmp, "InEchoReps", icmpInEchoReps),
    F(sflow_mib2_icmp, "InTimestamps", icmpInTimestamps),
    F(sflow_mib2_icmp, "InAddrMasks", icmpInAddrMasks),
    F(sflow_mib2_icmp, "InAddrMaskReps", icmpInAddrMaskReps),
    F(sflow_mib2_icmp, "OutMsgs", icmpOutMsgs), F(sflow_mib2_icmp, "OutErrors", icmpOutErrors),
    F(sflow_mib2_icmp, "OutDestUnreachs", icmpOutDestUnreachs),
    F(sflow_mib2_icmp, "OutTimeExcds", icmpOutTimeExcds),
    F(sflow_mib2_icmp, "OutParmProbs", icmpOutParamProbs),
    F(sflow_mib2_icmp, "OutSrcQuenchs", icmpOutSrcQuenchs),
    F(sflow_mib2_icmp, "OutRedirects", icmpOutRedirects),
    F(sflow_mib2_icmp, "OutEchos", icmpOutEchos), F(sflow_mib2_icmp, "OutEchoReps", icmpOutEchoReps),
    F(sflow_mib2_icmp, "OutTimestamps", icmpOutTimestamps),
    F(sflow_mib2_icmp, "OutTimestampReps", icmpOutTimestampReps),
    F(sflow_mib2_icmp, "OutAddrMasks", icmpOutAddrMasks),
    F(sflow_mib2_icmp, "OutAddrMaskReps", icmpOutAddrMaskReps),
};
static const struct hsc_mib2_field hsc_tcp_fields[] = {
    F(sflow_mib2_tcp, "RtoAlgorithm", tcpRtoAlgorithm), F(sflow_mib2_tcp, "RtoMin", tcpRtoMin),
    F(sflow_mib2_tcp, "RtoMax", tcpRtoMax), F(sflow_mib2_tcp, "MaxConn", tcpMaxConn),
    F(sflow_mib2_tcp, "ActiveOpens", tcpActiveOpens),
    F(sflow_mib2_tcp, "PassiveOpens", tcpPassiveOpens),
    F(sflow_mib2_tcp, "AttemptFails", tcpAttemptFails),
    F(sflow_mib2_tcp, "EstabResets", tcpEstabResets), F(sflow_mib2_tcp, "CurrEstab", tcpCurrEstab),
    F(sflow_mib2_tcp, "InSegs", tcpInSegs), F(sflow_mib2_tcp, "OutSegs", tcpOutSegs),
    F(sflow_mib2_tcp, "RetransSegs", tcpRetransSegs), F(sflow_mib2_tcp, "InErrs", tcpInErrs),
    F(sflow_mib2_tcp, "OutRsts", tcpOutRsts), F(sflow_mib2_tcp, "InCsumErrors", tcpInCsumErrors),
};
static const struct hsc_mib2_field hsc_udp_fields[] = {
    F(sflow_mib2_udp, "InDatagrams", udpInDatagrams), F(sflow_mib2_udp, "NoPorts", udpNoPorts),
    F(sflow_mib2_udp, "InErrors", udpInErrors), F(sflow_mib2_udp, "OutDatagrams", udpOutDatagrams),
    F(sflow_mib2_udp, "RcvbufErrors", udpRcvbufErrors),
    F(sflow_mib2_udp, "SndbufErrors", udpSndbufErrors),
    F(sflow_mib2_udp, "InCsumErrors", udpInCsumErrors),
};
#undef F

struct hsc_mib2_group {
    const char *prefix;
    unsigned bit;
    const struct hsc_mib2_field *fields;
    size_t n_fields;
    size_t size;                /* of the record */
};

/* Maps the value line VALS by the names of the header line NAMES into REC.
 * False if a name has no value. */
static bool
hsc_mib2_map(const struct hsc_mib2_group *g, const char *names, const char *vals, void *rec)
{
    size_t hint = 0;            /* the kernel's order is the table's, mostly */
    memset(rec, 0, g->size);
    for (;;) {
        hsc_skip_blanks(&names);
        size_t len = strcspn(names, " \t\n");
        if (len == 0) {
            return true;
        }
        uint64_t v;
        if (!hsc_scan_u64(&vals, &v)) {
            return false;
        }
        for (size_t k = 0; k < g->n_fields; k++) {
            size_t i = (hint + k) % g->n_fields;
            const char *name = g->fields[i].name;
            if (!strncmp(name, names, len) && name[len] == '\0') {
                uint32_t v32 = (uint32_t) v;
                memcpy((char *) rec + g->fields[i].off, &v32, sizeof v32);
                hint = i + 1;
                break;
            }
        }
        names += len;
    }
}

unsigned
hsc_parse_snmp(const char *text, struct sflow_mib2_ip *ip, struct sflow_mib2_icmp *icmp,
               struct sflow_mib2_tcp *tcp, struct sflow_mib2_udp *udp)
{
    const struct hsc_mib2_group groups[] = {
        { "Ip:", HSC_MIB2_IP, hsc_ip_fields, sizeof hsc_ip_fields / sizeof hsc_ip_fields[0],
          sizeof *ip },
        { "Icmp:", HSC_MIB2_ICMP, hsc_icmp_fields,
          sizeof hsc_icmp_fields / sizeof hsc_icmp_fields[0], sizeof *icmp },
        { "Tcp:", HSC_MIB2_TCP, hsc_tcp_fields, sizeof hsc_tcp_fields / sizeof hsc_tcp_fields[0],
          sizeof *tcp },
        { "Udp:", HSC_MIB2_UDP, hsc_udp_fields, sizeof hsc_udp_fields / sizeof hsc_udp_fields[0],
          sizeof *udp },
    };
    void *recs[] = { ip, icmp, tcp, udp };
    unsigned found = 0;

    for (const char *p = text; *p; p = hsc_next_line(p)) {
        for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
            const char *names, *vals;
            if (found & groups[g].bit || !hsc_line_word(p, groups[g].prefix, &names)) {
                continue;
            }
            const char *next = hsc_next_line(p);
            if (hsc_line_word(next, groups[g].prefix, &vals)
                && hsc_mib2_map(&groups[g], names, vals, recs[g])) {
                found |= groups[g].bit;
                p = next;               /* the value line is used up */
            }
            break;
        }
    }
    return found;
}

unsigned
hsc_read_mib2(struct hscounters *c, struct sflow_mib2_ip *ip, struct sflow_mib2_icmp *icmp,
              struct sflow_mib2_tcp *tcp, struct sflow_mib2_udp *udp)
{
    const char *text = sysroot_read(&c->sys, "proc/net/snmp", 0, HSC_SRC_SNMP);
    return text ? hsc_parse_snmp(text, ip, icmp, tcp, udp) : 0;
}
