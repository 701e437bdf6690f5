/* sflow_guest: a guest's counters sample (see sflow_guest.h). */
#include <config.h>

#include "sflow/sflow_guest.h"

#include <string.h>

void
sflow_guest_reset(struct sflow_guest *g)
{
    memset(&g->descr, 0, sizeof g->descr);
    g->n_adaptors = 0;
    memset(&g->cpu, 0, sizeof g->cpu);
    memset(&g->memory, 0, sizeof g->memory);
    memset(&g->disk, 0, sizeof g->disk);
    memset(&g->net, 0, sizeof g->net);
}

void
sflow_guest_add_adaptor(struct sflow_guest *g, uint32_t ifindex, const uint8_t mac[6])
{
    if (g->n_adaptors >= SFLOW_GUEST_MAX_ADAPTORS) {
        return;
    }
    struct sflow_adaptor *a = &g->adaptors[g->n_adaptors++];
    memset(a, 0, sizeof *a);
    a->ifIndex = ifindex;
    a->n_macs = 1;
    memcpy(a->macs[0], mac, 6);
}

const struct sflow_counters_sample *
sflow_guest_sample(struct sflow_guest *g, uint32_t ds_index)
{
    struct sflow_counter_rec *r = g->recs;
    memset(r, 0, sizeof g->recs);

    r[0].tag = SFLOW_CTR_HOST_DESCR;
    r[0].u.host_descr = g->descr;

    r[1].tag = SFLOW_CTR_HOST_ADAPTORS;
    r[1].u.host_adaptors.n_adaptors = (uint32_t) g->n_adaptors;
    r[1].u.host_adaptors.adaptors = g->adaptors;

    r[2].tag = SFLOW_CTR_HOST_PARENT;
    r[2].u.host_parent.container_type = SFLOW_DS_ENTITY;
    r[2].u.host_parent.container_index = 1;

    r[3].tag = SFLOW_CTR_VIRT_CPU;
    r[3].u.virt_cpu = g->cpu;
    r[4].tag = SFLOW_CTR_VIRT_MEMORY;
    r[4].u.virt_memory = g->memory;
    r[5].tag = SFLOW_CTR_VIRT_DISK_IO;
    r[5].u.virt_disk_io = g->disk;
    r[6].tag = SFLOW_CTR_VIRT_NET_IO;
    r[6].u.host_net_io = g->net;

    memset(&g->sample, 0, sizeof g->sample);
    g->sample.ds_class = SFLOW_DS_VM;
    g->sample.ds_index = ds_index;
    g->sample.n_recs = SFLOW_GUEST_N_RECS;
    g->sample.recs = g->recs;
    return &g->sample;
}
