/* virt_domain: one libvirt domain's counters as an sFlow counters sample for
 * data source 3:N (host_descr 2000, host_adaptors 2001, host_parent 2002,
 * virt_cpu 2101, virt_memory 2102, virt_disk_io 2103, virt_net_io 2104).
 *
 * Ownership: struct virt_domain_sample is caller-owned scratch space, reused
 * from one domain to the next; the sample (out->guest.sample) points into it.
 * The struct logonce is owned by its hsvirt. */
#ifndef VIRT_DOMAIN_H
#define VIRT_DOMAIN_H 1

#include "virt/virt_dl.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/logonce.h"
#include "sflow/sflow_guest.h"
#include "virt/virt_xml.h"

struct virt_domain_sample {
    struct sflow_guest guest;
    struct virt_xml_domain xml;
};

/* Reads DOM into OUT as data source 3:DS_INDEX. Returns false (logged,
 * rate-limited) when the domain's info or description cannot be read; a
 * single disk or interface whose stats fail counts as zero (logged once
 * through LO). The sample is OUT->guest.sample. */
bool virt_domain_read(virDomainPtr dom, uint32_t ds_index, struct logonce *lo,
                      struct virt_domain_sample *out);

#endif
