/* virt_domain: one libvirt domain's counters as an sFlow counters sample for
 * data source 3:N (host_descr 2000, host_adaptors 2001, host_parent 2002,
 * virt_cpu 2101, virt_memory 2102, virt_disk_io 2103, virt_net_io 2104).
 *
 * Ownership: struct virt_domain_sample is caller-owned scratch space, reused
 * from one domain to the next; the sample inside points into it. struct
 * virt_logonce is owned by its hsvirt and frees its keys in
 * virt_logonce_destroy(). */
#ifndef VIRT_DOMAIN_H
#define VIRT_DOMAIN_H 1

#include "virt/virt_dl.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"
#include "virt/virt_xml.h"

#define VIRT_DOMAIN_N_RECS 7

struct virt_domain_sample {
    struct sflow_counters_sample sample;
    struct sflow_counter_rec recs[VIRT_DOMAIN_N_RECS];
    struct sflow_adaptor adaptors[VIRT_XML_MAX_IFACES];
    struct virt_xml_domain xml;
};

/* Remembers which failures were logged, so that a disk or interface that
 * always fails is reported once, not every poll. Bounded: past
 * VIRT_LOGONCE_MAX keys nothing more is logged. */
#define VIRT_LOGONCE_MAX 1024
struct virt_logonce {
    char **keys;
    size_t n;
};
void virt_logonce_destroy(struct virt_logonce *lo);
/* True the first time KEY is seen. */
bool virt_logonce_first(struct virt_logonce *lo, const char *key);

/* Reads DOM into OUT as data source 3:DS_INDEX. Returns false (logged,
 * rate-limited) when the domain's info or description cannot be read; a
 * single disk or interface whose stats fail counts as zero (logged once
 * through LO). */
bool virt_domain_read(virDomainPtr dom, uint32_t ds_index, struct virt_logonce *lo,
                      struct virt_domain_sample *out);

#endif
