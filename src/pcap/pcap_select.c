/* pcap_select: link selection, rates and the sampled header. See
 * pcap_select.h. */
#include <config.h>

#include "pcap/pcap_select.h"

#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/util.h"
#include "hsflowd/hsconfig_pcap.h"

#define ETH_HDR_LEN 14
#define ETH_ADDRS_LEN 12
#define VLAN_TAG_LEN 4
#define ETH_FCS_LEN 4
#define ETH_P_8021Q_ 0x8100

bool
pcap_spec_init(struct pcap_spec *spec, const struct hsconfig_pcap *cfg)
{
    memset(spec, 0, sizeof *spec);
    spec->cfg = *cfg;
    spec->cfg.dev = cfg->dev ? xstrdup(cfg->dev) : NULL;
    if (cfg->dev && hsconfig_pcap_is_pattern(cfg->dev)) {
        char *anchored = xasprintf("^(%s)$", cfg->dev);
        int rc = regcomp(&spec->re, anchored, REG_EXTENDED | REG_NOSUB);
        free(anchored);
        if (rc) {
            free(spec->cfg.dev);
            spec->cfg.dev = NULL;
            return false;
        }
        spec->has_re = true;
    }
    return true;
}

void
pcap_spec_destroy(struct pcap_spec *spec)
{
    if (spec->has_re) {
        regfree(&spec->re);
    }
    free(spec->cfg.dev);
    memset(spec, 0, sizeof *spec);
}

bool
pcap_spec_equal(const struct hsconfig_pcap *a, const struct hsconfig_pcap *b)
{
    return (a->dev == b->dev || (a->dev && b->dev && !strcmp(a->dev, b->dev)))
           && a->speed_set == b->speed_set && a->speed_min == b->speed_min
           && a->speed_max == b->speed_max && a->promisc == b->promisc
           && a->vport == b->vport && a->sampling_set == b->sampling_set
           && a->sampling == b->sampling;
}

bool
pcap_spec_selects(const struct pcap_spec *spec, const struct iftable_entry *e, uint64_t speed)
{
    const struct hsconfig_pcap *c = &spec->cfg;
    const struct rtlink_info *l = &e->link;
    if (l->flags & IFF_LOOPBACK) {
        return false;
    }
    bool in_range = !c->speed_set || (speed >= c->speed_min && speed <= c->speed_max);
    if (c->dev) {
        bool named = spec->has_re ? regexec(&spec->re, l->name, 0, NULL, 0) == 0
                                  : !strcmp(c->dev, l->name);
        return named && in_range;
    }
    /* By speed alone: NICs only, never bridges, bonds, VLANs or VM ports. */
    return in_range && e->kind == IFTABLE_NIC && l->type == ARPHRD_ETHER;
}

void
pcap_speed_text(uint64_t bps, char *buf, size_t len)
{
    static const struct { uint64_t unit; char c; } units[] = {
        { 1000000000000ULL, 'T' }, { 1000000000ULL, 'G' }, { 1000000ULL, 'M' },
        { 1000ULL, 'K' },
    };
    for (size_t i = 0; bps && i < ARRAY_SIZE(units); i++) {
        if (bps % units[i].unit == 0) {
            snprintf(buf, len, "%llu%c", (unsigned long long) (bps / units[i].unit),
                     units[i].c);
            return;
        }
    }
    snprintf(buf, len, "%llu", (unsigned long long) bps);
}

static bool
kv_get(const struct hsauto_settings *s, const char *name, uint32_t *out)
{
    for (size_t i = 0; i < s->n_samplings; i++) {
        if (!strcasecmp(s->samplings[i].name, name)) {
            *out = s->samplings[i].value;
            return true;
        }
    }
    return false;
}

uint32_t
pcap_rate(const struct hsconfig_pcap *spec, const struct hsauto_settings *s, uint64_t speed)
{
    if (spec->sampling_set) {
        return spec->sampling;
    }
    uint32_t v;
    if (speed) {
        char text[32];
        pcap_speed_text(speed, text, sizeof text);
        if (kv_get(s, text, &v)) {
            return v;
        }
        if (kv_get(s, "bps_ratio", &v) && v) {
            uint64_t n = speed / v;
            return n < 1 ? 1 : n > UINT32_MAX ? UINT32_MAX : (uint32_t) n;
        }
    }
    return s->sampling;
}

bool
pcap_frame_record(const struct pcap_frame *fr, uint32_t max_header, uint8_t *hdr,
                  struct sflow_flow_rec *rec)
{
    if (fr->caplen < ETH_HDR_LEN || fr->orig_len < fr->caplen) {
        return false;
    }
    if (max_header > SFLOW_MAX_HEADER) {
        max_header = SFLOW_MAX_HEADER;
    }
    size_t n;
    uint32_t frame_length = fr->orig_len;
    if (fr->vlan_valid) {
        uint16_t tpid = fr->vlan_tpid ? fr->vlan_tpid : ETH_P_8021Q_;
        uint8_t tag[VLAN_TAG_LEN] = { (uint8_t) (tpid >> 8), (uint8_t) tpid,
                                      (uint8_t) (fr->vlan_tci >> 8), (uint8_t) fr->vlan_tci };
        uint8_t full[SFLOW_MAX_HEADER + VLAN_TAG_LEN];
        size_t rest = fr->caplen - ETH_ADDRS_LEN;
        if (rest > SFLOW_MAX_HEADER - ETH_ADDRS_LEN) {
            rest = SFLOW_MAX_HEADER - ETH_ADDRS_LEN;
        }
        memcpy(full, fr->data, ETH_ADDRS_LEN);
        memcpy(full + ETH_ADDRS_LEN, tag, VLAN_TAG_LEN);
        memcpy(full + ETH_ADDRS_LEN + VLAN_TAG_LEN, fr->data + ETH_ADDRS_LEN, rest);
        n = ETH_ADDRS_LEN + VLAN_TAG_LEN + rest;
        n = n > max_header ? max_header : n;
        memcpy(hdr, full, n);
        frame_length += VLAN_TAG_LEN;
    } else {
        n = fr->caplen > max_header ? max_header : fr->caplen;
        memcpy(hdr, fr->data, n);
    }
    rec->tag = SFLOW_FLOW_HEADER;
    rec->u.header.protocol = SFLOW_HEADER_ETHERNET;
    rec->u.header.frame_length = frame_length + ETH_FCS_LEN;
    rec->u.header.stripped = ETH_FCS_LEN;
    rec->u.header.header_length = (uint32_t) n;
    rec->u.header.header = hdr;
    return true;
}
