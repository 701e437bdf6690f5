/* counters_mib2: the MIB-II ip, icmp, tcp and udp records (2007-2010) from
 * /proc/net/snmp (counters_mib2.c). Each parser takes the NUL-terminated
 * text of one whole file and fills a record from it without allocating;
 * numbers wrap as the kernel's own counters do (see counters_scan.h). */
#ifndef COUNTERS_MIB2_H
#define COUNTERS_MIB2_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

struct hscounters;

/* /proc/net/snmp. Returns a mask of the groups found:
 * bit 0 Ip, 1 Icmp, 2 Tcp, 3 Udp. */
enum { HSC_MIB2_IP = 1, HSC_MIB2_ICMP = 2, HSC_MIB2_TCP = 4, HSC_MIB2_UDP = 8 };
unsigned hsc_parse_snmp(const char *text, struct sflow_mib2_ip *ip, struct sflow_mib2_icmp *icmp,
                        struct sflow_mib2_tcp *tcp, struct sflow_mib2_udp *udp);

/* Reads <root>/proc/net/snmp; returns the mask of the groups found. */
unsigned hsc_read_mib2(struct hscounters *c, struct sflow_mib2_ip *ip, struct sflow_mib2_icmp *icmp,
                       struct sflow_mib2_tcp *tcp, struct sflow_mib2_udp *udp);

#endif
