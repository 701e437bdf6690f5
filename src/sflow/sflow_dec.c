/* sflow_dec: sFlow v5 decoder (see sflow_dec.h). Every read goes through a
 * bounded reader (struct rd) over one block of the datagram: the datagram,
 * a sample, a record. A read that would pass the block's end fails and the
 * whole datagram is rejected with the offset of the read. */
#include <config.h>

#include "sflow/sflow_dec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/util.h"
#include "sflow/sflow_fields.h"

/* A window [off, end) of the datagram at BASE. */
struct rd {
    const uint8_t *base;
    size_t off, end;
    struct sflow_dec_error *err;
};

static bool
rd_fail(struct rd *r, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool
rd_fail(struct rd *r, size_t off, const char *fmt, ...)
{
    if (!r->err->msg[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err->msg, sizeof r->err->msg, fmt, ap);
        va_end(ap);
        r->err->offset = off;
    }
    return false;
}

static size_t
rd_left(const struct rd *r)
{
    return r->end - r->off;
}

static bool
rd_need(struct rd *r, size_t n, const char *what)
{
    if (rd_left(r) < n) {
        return rd_fail(r, r->off, "truncated %s: need %zu bytes, %zu left",
                       what, n, rd_left(r));
    }
    return true;
}

static uint32_t
be32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static bool
rd_u32(struct rd *r, uint32_t *v, const char *what)
{
    if (!rd_need(r, 4, what)) {
        return false;
    }
    *v = be32(r->base + r->off);
    r->off += 4;
    return true;
}

static bool
rd_u64(struct rd *r, uint64_t *v, const char *what)
{
    if (!rd_need(r, 8, what)) {
        return false;
    }
    *v = (uint64_t) be32(r->base + r->off) << 32 | be32(r->base + r->off + 4);
    r->off += 8;
    return true;
}

static bool
rd_float(struct rd *r, float *v, const char *what)
{
    uint32_t u;
    if (!rd_u32(r, &u, what)) {
        return false;
    }
    memcpy(v, &u, sizeof *v);
    return true;
}

/* N bytes padded to a multiple of 4; *P points at them. */
static bool
rd_opaque(struct rd *r, size_t n, const uint8_t **p, const char *what)
{
    size_t padded = (n + 3) & ~(size_t) 3;
    if (padded < n || !rd_need(r, padded, what)) {
        return false;
    }
    *p = r->base + r->off;
    r->off += padded;
    return true;
}

/* string<MAX> into OUT (MAX + 1 bytes). */
static bool
rd_string(struct rd *r, char *out, size_t max, const char *what)
{
    size_t at = r->off;
    uint32_t n;
    const uint8_t *p;
    if (!rd_u32(r, &n, what)) {
        return false;
    }
    if (n > max) {
        return rd_fail(r, at, "%s of %u bytes, more than its limit of %zu", what, n, max);
    }
    if (!rd_opaque(r, n, &p, what)) {
        return false;
    }
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

/* A count of items each at least MIN_SIZE bytes must fit in what is left. */
static bool
rd_count(struct rd *r, uint32_t *n, size_t min_size, const char *what)
{
    size_t at = r->off;
    if (!rd_u32(r, n, what)) {
        return false;
    }
    if (*n > rd_left(r) / min_size) {
        return rd_fail(r, at, "%s %u cannot fit in the %zu bytes left", what, *n, rd_left(r));
    }
    return true;
}

/* ---- counter records ------------------------------------------------------ */

/* A fixed-layout record from its field table. */
static void
get_fields(struct rd *r, void *u, const struct sflow_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t *p = (uint8_t *) u + f[i].offset;
        uint32_t v32;
        uint64_t v64;
        float fl;
        switch (f[i].kind) {
        case SFLOW_F_U32:
            if (rd_u32(r, &v32, f[i].name)) {
                memcpy(p, &v32, 4);
            }
            break;
        case SFLOW_F_U64:
            if (rd_u64(r, &v64, f[i].name)) {
                memcpy(p, &v64, 8);
            }
            break;
        case SFLOW_F_FLOAT:
            if (rd_float(r, &fl, f[i].name)) {
                memcpy(p, &fl, 4);
            }
            break;
        }
    }
}

static void
get_host_descr(struct rd *r, struct sflow_host_descr *d)
{
    const uint8_t *uuid;
    if (rd_string(r, d->hostname, SFLOW_HOSTNAME_MAX, "hostname")
        && rd_opaque(r, 16, &uuid, "uuid")) {
        memcpy(d->uuid, uuid, 16);
        rd_u32(r, &d->machine_type, "machine_type");
        rd_u32(r, &d->os_name, "os_name");
        rd_string(r, d->os_release, SFLOW_OS_RELEASE_MAX, "os_release");
    }
}

static void
get_host_adaptors(struct rd *r, struct sflow_dec_rec *rec)
{
    struct sflow_host_adaptors *a = &rec->ctr.u.host_adaptors;
    uint32_t n;
    if (!rd_count(r, &n, 8, "adaptor count")) {
        return;
    }
    rec->adaptors = xcalloc(n ? n : 1, sizeof *rec->adaptors);
    a->adaptors = rec->adaptors;
    for (uint32_t i = 0; i < n; i++) {
        struct sflow_adaptor *ad = &rec->adaptors[i];
        uint32_t n_macs;
        if (!rd_u32(r, &ad->ifIndex, "adaptor ifIndex")
            || !rd_count(r, &n_macs, 8, "MAC count")) {
            return;
        }
        for (uint32_t m = 0; m < n_macs; m++) {
            const uint8_t *mac;
            if (!rd_opaque(r, 6, &mac, "MAC")) {
                return;
            }
            if (m < SFLOW_ADAPTOR_MAX_MACS) {   /* more are skipped */
                memcpy(ad->macs[m], mac, 6);
                ad->n_macs = m + 1;
            }
        }
        a->n_adaptors = i + 1;
    }
}

/* Decodes the body of a known counter record; false for unknown types.
 * Reading failures are left in R's error. */
static bool
get_counter_rec(struct rd *r, struct sflow_dec_rec *rec)
{
    struct sflow_counter_rec *c = &rec->ctr;
    if (rec->data_format >> 12) {
        return false;                   /* not enterprise 0 */
    }
    c->tag = rec->data_format;
    size_t n;
    const struct sflow_field *fields = sflow_counter_fields(c->tag, &n);
    if (fields) {
        get_fields(r, &c->u, fields, n);
    } else if (c->tag == SFLOW_CTR_HOST_DESCR) {
        get_host_descr(r, &c->u.host_descr);
    } else if (c->tag == SFLOW_CTR_HOST_ADAPTORS) {
        get_host_adaptors(r, rec);
    } else if (c->tag == SFLOW_CTR_PORT_NAME) {
        rd_string(r, c->u.port_name.name, SFLOW_PORT_NAME_MAX, "port_name");
    } else {
        return false;
    }
    return true;
}

static bool
get_flow_rec(struct rd *r, struct sflow_dec_rec *rec)
{
    if (rec->data_format == SFLOW_TAG(0, SFLOW_FLOW_EXT_SWITCH)) {
        struct sflow_extended_switch *x = &rec->flow.u.ext_switch;
        rec->flow.tag = SFLOW_FLOW_EXT_SWITCH;
        if (rd_u32(r, &x->src_vlan, "src_vlan") && rd_u32(r, &x->src_priority, "src_priority")
            && rd_u32(r, &x->dst_vlan, "dst_vlan")) {
            rd_u32(r, &x->dst_priority, "dst_priority");
        }
        return true;
    }
    if (rec->data_format != SFLOW_TAG(0, SFLOW_FLOW_HEADER)) {
        return false;
    }
    struct sflow_sampled_header *h = &rec->flow.u.header;
    rec->flow.tag = SFLOW_FLOW_HEADER;
    if (rd_u32(r, &h->protocol, "header_protocol")
        && rd_u32(r, &h->frame_length, "frame_length")
        && rd_u32(r, &h->stripped, "stripped")
        && rd_u32(r, &h->header_length, "header length")) {
        rd_opaque(r, h->header_length, &h->header, "header bytes");
    }
    return true;
}

/* ---- samples and the datagram --------------------------------------------- */

/* Reads the data_format and length words of a block and checks that the body
 * fits in R; *BODY is a reader over the body alone. */
static bool
rd_block(struct rd *r, uint32_t *format, uint32_t *length, struct rd *body, const char *what)
{
    if (!rd_u32(r, format, what) || !rd_u32(r, length, what)) {
        return false;
    }
    if (*length > rd_left(r)) {
        return rd_fail(r, r->off - 4, "%s length %u runs past the end (%zu bytes left)",
                       what, *length, rd_left(r));
    }
    if (*length % 4) {
        return rd_fail(r, r->off - 4, "%s length %u is not a multiple of 4", what, *length);
    }
    *body = (struct rd) { r->base, r->off, r->off + *length, r->err };
    r->off += *length;
    return true;
}

static bool
decode_records(struct rd *r, struct sflow_dec_sample *s)
{
    const char *what = s->is_flow ? "flow record" : "counter record";
    if (!rd_count(r, &s->n_recs, 8, s->is_flow ? "flow record count"
                                                 : "counter record count")) {
        return false;
    }
    s->recs = xcalloc(s->n_recs ? s->n_recs : 1, sizeof *s->recs);
    for (uint32_t i = 0; i < s->n_recs; i++) {
        struct sflow_dec_rec *rec = &s->recs[i];
        struct rd body;
        rec->offset = r->off;
        if (!rd_block(r, &rec->data_format, &rec->length, &body, what)) {
            return false;
        }
        rec->body = r->base + body.off;
        rec->known = s->is_flow ? get_flow_rec(&body, rec) : get_counter_rec(&body, rec);
        if (r->err->msg[0]) {
            return false;
        }
        /* Known records may be longer than we know (newer revisions add
         * fields at the end); the extra bytes are skipped. */
    }
    if (rd_left(r)) {
        return rd_fail(r, r->off, "%zu bytes after the last record of the sample",
                       rd_left(r));
    }
    return true;
}

static bool
rd_if_ref(struct rd *r, struct sflow_if_ref *ref, bool expanded)
{
    if (expanded) {
        return rd_u32(r, &ref->format, "interface format")
               && rd_u32(r, &ref->value, "interface value");
    }
    uint32_t w;
    if (!rd_u32(r, &w, "interface")) {
        return false;
    }
    ref->format = w >> 30;
    ref->value = w & 0x3fffffff;
    return true;
}

static bool
rd_source(struct rd *r, struct sflow_dec_sample *s)
{
    if (s->expanded) {
        return rd_u32(r, &s->ds_class, "source_id_type")
               && rd_u32(r, &s->ds_index, "source_id_index");
    }
    uint32_t w;
    if (!rd_u32(r, &w, "source_id")) {
        return false;
    }
    s->ds_class = w >> 24;
    s->ds_index = w & 0xffffff;
    return true;
}

static bool
decode_sample(struct rd *r, struct sflow_dec_sample *s)
{
    struct rd body;
    s->offset = r->off;
    if (!rd_block(r, &s->data_format, &s->length, &body, "sample")) {
        return false;
    }
    switch (s->data_format) {
    case SFLOW_TAG(0, SFLOW_FLOW_SAMPLE): s->is_flow = true; break;
    case SFLOW_TAG(0, SFLOW_FLOW_SAMPLE_EXPANDED): s->is_flow = s->expanded = true; break;
    case SFLOW_TAG(0, SFLOW_COUNTERS_SAMPLE): break;
    case SFLOW_TAG(0, SFLOW_COUNTERS_SAMPLE_EXPANDED): s->expanded = true; break;
    default: return true;               /* unknown: skipped by its length */
    }
    s->known = true;
    if (!rd_u32(&body, &s->seq, "sequence number") || !rd_source(&body, s)) {
        return false;
    }
    if (s->is_flow
        && !(rd_u32(&body, &s->sampling_rate, "sampling_rate")
             && rd_u32(&body, &s->sample_pool, "sample_pool")
             && rd_u32(&body, &s->drops, "drops")
             && rd_if_ref(&body, &s->input, s->expanded)
             && rd_if_ref(&body, &s->output, s->expanded))) {
        return false;
    }
    return decode_records(&body, s);
}

bool
sflow_decode(const uint8_t *data, size_t len, struct sflow_dgram *d,
             struct sflow_dec_error *err)
{
    struct rd r = { data, 0, len, err };
    uint32_t addr_type;
    const uint8_t *addr;

    memset(d, 0, sizeof *d);
    memset(err, 0, sizeof *err);
    d->len = len;
    if (!data) {
        r.end = 0;
    }
    if (!rd_u32(&r, &d->version, "datagram header")) {
        return false;
    }
    if (d->version != SFLOW_VERSION) {
        return rd_fail(&r, 0, "version %u, not sFlow version 5", d->version);
    }
    if (!rd_u32(&r, &addr_type, "agent address type")) {
        return false;
    }
    if (addr_type == SFLOW_ADDR_IP_V4 || addr_type == SFLOW_ADDR_IP_V6) {
        size_t n = addr_type == SFLOW_ADDR_IP_V4 ? 4 : 16;
        if (!rd_opaque(&r, n, &addr, "agent address")) {
            return false;
        }
        d->hdr.agent.family = n == 4 ? AF_INET : AF_INET6;
        memcpy(d->hdr.agent.bytes, addr, n);
    } else {
        return rd_fail(&r, 4, "agent address type %u is neither IPv4 (1) nor IPv6 (2)",
                       addr_type);
    }
    if (!rd_u32(&r, &d->hdr.sub_agent_id, "sub_agent_id")
        || !rd_u32(&r, &d->hdr.seq, "datagram sequence number")
        || !rd_u32(&r, &d->hdr.uptime_ms, "uptime")
        || !rd_count(&r, &d->hdr.n_samples, 8, "sample count")) {
        return false;
    }
    d->n_samples = d->hdr.n_samples;
    d->samples = xcalloc(d->n_samples ? d->n_samples : 1, sizeof *d->samples);
    for (uint32_t i = 0; i < d->n_samples; i++) {
        if (!decode_sample(&r, &d->samples[i])) {
            sflow_dgram_free(d);
            return false;
        }
    }
    if (rd_left(&r)) {
        rd_fail(&r, r.off, "%zu bytes after the last sample", rd_left(&r));
        sflow_dgram_free(d);
        return false;
    }
    return true;
}

void
sflow_dgram_free(struct sflow_dgram *d)
{
    if (!d || !d->samples) {
        return;
    }
    for (uint32_t i = 0; i < d->n_samples; i++) {
        struct sflow_dec_sample *s = &d->samples[i];
        for (uint32_t k = 0; s->recs && k < s->n_recs; k++) {
            free(s->recs[k].adaptors);
        }
        free(s->recs);
    }
    free(d->samples);
    d->samples = NULL;
    d->n_samples = 0;
}

/* ---- names ---------------------------------------------------------------- */

const char *
sflow_sample_type_name(uint32_t data_format)
{
    switch (data_format) {
    case SFLOW_FLOW_SAMPLE: return "flow_sample";
    case SFLOW_COUNTERS_SAMPLE: return "counters_sample";
    case SFLOW_FLOW_SAMPLE_EXPANDED: return "flow_sample_expanded";
    case SFLOW_COUNTERS_SAMPLE_EXPANDED: return "counters_sample_expanded";
    default: return NULL;
    }
}

const char *
sflow_counter_rec_name(uint32_t data_format)
{
    switch (data_format) {
    case SFLOW_CTR_GENERIC: return "if_counters";
    case SFLOW_CTR_ETHERNET: return "ethernet_counters";
    case SFLOW_CTR_HOST_DESCR: return "host_descr";
    case SFLOW_CTR_HOST_ADAPTORS: return "host_adaptors";
    case SFLOW_CTR_HOST_PARENT: return "host_parent";
    case SFLOW_CTR_HOST_CPU: return "host_cpu";
    case SFLOW_CTR_HOST_MEMORY: return "host_memory";
    case SFLOW_CTR_HOST_DISK_IO: return "host_disk_io";
    case SFLOW_CTR_HOST_NET_IO: return "host_net_io";
    case SFLOW_CTR_MIB2_IP: return "mib2_ip_group";
    case SFLOW_CTR_MIB2_ICMP: return "mib2_icmp_group";
    case SFLOW_CTR_MIB2_TCP: return "mib2_tcp_group";
    case SFLOW_CTR_MIB2_UDP: return "mib2_udp_group";
    case SFLOW_CTR_VIRT_NODE: return "virt_node";
    case SFLOW_CTR_VIRT_CPU: return "virt_cpu";
    case SFLOW_CTR_VIRT_MEMORY: return "virt_memory";
    case SFLOW_CTR_VIRT_DISK_IO: return "virt_disk_io";
    case SFLOW_CTR_VIRT_NET_IO: return "virt_net_io";
    case SFLOW_CTR_OF_PORT: return "of_port";
    case SFLOW_CTR_PORT_NAME: return "port_name";
    case SFLOW_CTR_APP_RESOURCES: return "app_resources";
    case SFLOW_CTR_OVS_DP: return "ovs_dp_stats";
    default: return NULL;
    }
}

const char *
sflow_flow_rec_name(uint32_t data_format)
{
    switch (data_format) {
    case SFLOW_FLOW_HEADER: return "sampled_header";
    case SFLOW_FLOW_EXT_SWITCH: return "extended_switch";
    default: return NULL;
    }
}
