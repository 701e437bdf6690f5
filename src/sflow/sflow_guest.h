/* sflow_guest: one guest (VM or container) as the counters sample of its
 * data source 3:N, the same whichever hypervisor module read it (libvirt,
 * Proxmox, Xen): host_descr 2000, host_adaptors 2001, host_parent 2002 (the
 * host, 2:1), virt_cpu 2101, virt_memory 2102, virt_disk_io 2103 and
 * virt_net_io 2104, in that order. A module fills the plain fields of a
 * struct sflow_guest and calls sflow_guest_sample(). Pure.
 *
 * Ownership: struct sflow_guest is caller-owned scratch space, reused from
 * one guest to the next; the sample returned points into it and is valid
 * until the struct is changed or freed. */
#ifndef SFLOW_GUEST_H
#define SFLOW_GUEST_H 1

#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

#define SFLOW_GUEST_N_RECS 7
#define SFLOW_GUEST_MAX_ADAPTORS 32

struct sflow_guest {
    /* Filled by the module (sflow_guest_reset() zeroes them). */
    struct sflow_host_descr descr;      /* hostname, uuid, machine_type, os_name */
    size_t n_adaptors;
    struct sflow_adaptor adaptors[SFLOW_GUEST_MAX_ADAPTORS];
    struct sflow_virt_cpu cpu;
    struct sflow_virt_memory memory;
    struct sflow_virt_disk_io disk;
    struct sflow_host_net_io net;       /* from the guest's side */
    /* Built by sflow_guest_sample(). */
    struct sflow_counter_rec recs[SFLOW_GUEST_N_RECS];
    struct sflow_counters_sample sample;
};

/* Zeroes the module-filled fields. */
void sflow_guest_reset(struct sflow_guest *g);
/* Adds one adaptor with one MAC (ignored past SFLOW_GUEST_MAX_ADAPTORS). */
void sflow_guest_add_adaptor(struct sflow_guest *g, uint32_t ifindex, const uint8_t mac[6]);
/* The counters sample of data source 3:DS_INDEX, parent 2:1. */
const struct sflow_counters_sample *sflow_guest_sample(struct sflow_guest *g, uint32_t ds_index);

#endif
