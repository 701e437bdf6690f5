/* virt_domain: reads one libvirt domain into an sFlow counters sample. */
#include <config.h>

#include "virt/virt_domain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"

static const char *
last_error(void)
{
    return virGetLastErrorMessage();
}

/* libvirt reports -1 for a statistic it does not have: count it as 0. */
static uint64_t
stat64(long long v)
{
    return v > 0 ? (uint64_t) v : 0;
}

static uint32_t
stat32(long long v)
{
    return (uint32_t) stat64(v);
}

static void
log_device_failure(struct logonce *lo, const char *uuid, const char *name,
                   const char *what, const char *dev)
{
    char *key = xasprintf("%s/%s/%s", uuid, what, dev);
    if (logonce_first(lo, key)) {
        log_warn("libvirt: domain %s: %s %s: %s (counted as zero)", name, what, dev,
                 last_error());
    }
    free(key);
}

static void
read_disks(virDomainPtr dom, const struct virt_xml_domain *x, struct logonce *lo,
           const char *uuid, const char *name, struct sflow_virt_disk_io *d)
{
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < x->n_disks; i++) {
        const char *dev = x->disks[i].dev;
        virDomainBlockInfo bi;
        memset(&bi, 0, sizeof bi);
        if (virDomainGetBlockInfo(dom, dev, &bi, 0) < 0) {
            log_device_failure(lo, uuid, name, "disk info", dev);
        } else {
            d->capacity += bi.capacity;
            d->allocation += bi.allocation;
            d->available += bi.physical;
        }
        virDomainBlockStatsStruct bs;
        memset(&bs, 0, sizeof bs);
        if (virDomainBlockStats(dom, dev, &bs, sizeof bs) < 0) {
            log_device_failure(lo, uuid, name, "disk stats", dev);
        } else {
            d->rd_req += stat32(bs.rd_req);
            d->rd_bytes += stat64(bs.rd_bytes);
            d->wr_req += stat32(bs.wr_req);
            d->wr_bytes += stat64(bs.wr_bytes);
            d->errs += stat32(bs.errs);
        }
    }
}

static void
format_mac(const uint8_t mac[6], char buf[18])
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static void
read_ifaces(virDomainPtr dom, const struct virt_xml_domain *x, struct logonce *lo,
            const char *uuid, const char *name, struct sflow_host_net_io *n)
{
    memset(n, 0, sizeof *n);
    for (size_t i = 0; i < x->n_ifaces; i++) {
        const struct virt_xml_iface *f = &x->ifaces[i];
        char mac[18];
        const char *dev = f->dev;
        if (!*dev) {
            if (!f->has_mac) {
                continue;
            }
            format_mac(f->mac, mac);
            dev = mac;          /* libvirt also takes the guest MAC address */
        }
        virDomainInterfaceStatsStruct is;
        memset(&is, 0, sizeof is);
        if (virDomainInterfaceStats(dom, dev, &is, sizeof is) < 0) {
            log_device_failure(lo, uuid, name, "interface", dev);
            continue;
        }
        n->bytes_in += stat64(is.rx_bytes);
        n->pkts_in += stat32(is.rx_packets);
        n->errs_in += stat32(is.rx_errs);
        n->drops_in += stat32(is.rx_drop);
        n->bytes_out += stat64(is.tx_bytes);
        n->pkts_out += stat32(is.tx_packets);
        n->errs_out += stat32(is.tx_errs);
        n->drops_out += stat32(is.tx_drop);
    }
}

static void
fill_adaptors(const struct virt_xml_domain *x, struct sflow_guest *g)
{
    for (size_t i = 0; i < x->n_ifaces; i++) {
        if (x->ifaces[i].has_mac) {
            /* the guest's own ifIndex is not known here */
            sflow_guest_add_adaptor(g, 0, x->ifaces[i].mac);
        }
    }
}

bool
virt_domain_read(virDomainPtr dom, uint32_t ds_index, struct logonce *lo,
                 struct virt_domain_sample *out)
{
    const char *name = virDomainGetName(dom);
    unsigned char uuid[VIR_UUID_BUFLEN];
    char uuid_str[VIR_UUID_STRING_BUFLEN];
    if (!name || virDomainGetUUID(dom, uuid) < 0 || virDomainGetUUIDString(dom, uuid_str) < 0) {
        LOG_RL(LOG_WARNING, "libvirt: cannot read a domain's name or UUID: %s", last_error());
        return false;
    }
    virDomainInfo info;
    if (virDomainGetInfo(dom, &info) < 0) {
        LOG_RL(LOG_WARNING, "libvirt: domain %s: no info: %s", name, last_error());
        return false;
    }
    char *xml = virDomainGetXMLDesc(dom, 0);
    if (!xml) {
        LOG_RL(LOG_WARNING, "libvirt: domain %s: no description: %s", name, last_error());
        return false;
    }
    const char *err = NULL;
    bool ok = virt_xml_parse(xml, strlen(xml), &out->xml, &err);
    free(xml);
    if (!ok) {
        LOG_RL(LOG_WARNING, "libvirt: domain %s: unreadable description: %s", name, err);
        return false;
    }

    struct sflow_guest *g = &out->guest;
    sflow_guest_reset(g);
    snprintf(g->descr.hostname, sizeof g->descr.hostname, "%s", name);
    memcpy(g->descr.uuid, uuid, 16);
    g->descr.machine_type = out->xml.machine_type;
    g->descr.os_name = SFLOW_OS_UNKNOWN;        /* libvirt does not know the guest OS */
    fill_adaptors(&out->xml, g);
    g->cpu.state = info.state;
    g->cpu.cpuTime = (uint32_t) (info.cpuTime / 1000000);       /* ns -> ms */
    g->cpu.nrVirtCpu = info.nrVirtCpu;
    g->memory.memory = (uint64_t) info.memory * 1024;           /* KiB */
    g->memory.maxMemory = (uint64_t) info.maxMem * 1024;
    read_disks(dom, &out->xml, lo, uuid_str, name, &g->disk);
    read_ifaces(dom, &out->xml, lo, uuid_str, name, &g->net);
    sflow_guest_sample(g, ds_index);
    return true;
}
