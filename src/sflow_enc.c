/* sflow_enc: the bounded XDR writer and the sFlow v5 record, sample and
 * datagram header encoders (sflow_version_5.txt, sflow_host.txt). Pure: no
 * I/O, no allocation. Every write goes through xdr_reserve(), which refuses
 * (and sets the sticky overflow flag) instead of writing past the buffer. */
#include <config.h>

#include "sflow.h"

#include <string.h>
#include <sys/socket.h>

/* ---- the bounded XDR writer ---------------------------------------------- */

void
xdr_init(struct xdr_buf *b, uint8_t *data, size_t cap)
{
    b->data = data;
    b->cap = data ? cap : 0;
    b->len = 0;
    b->overflow = false;
}

/* Returns where N more bytes go, or NULL (overflow set) when they do not fit. */
static uint8_t *
xdr_reserve(struct xdr_buf *b, size_t n)
{
    if (b->overflow || n > b->cap - b->len) {
        b->overflow = true;
        return NULL;
    }
    uint8_t *p = b->data + b->len;
    b->len += n;
    return p;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t) (v >> 24);
    p[1] = (uint8_t) (v >> 16);
    p[2] = (uint8_t) (v >> 8);
    p[3] = (uint8_t) v;
}

bool
xdr_put_u32(struct xdr_buf *b, uint32_t v)
{
    uint8_t *p = xdr_reserve(b, 4);
    if (!p) {
        return false;
    }
    put_be32(p, v);
    return true;
}

bool
xdr_put_u64(struct xdr_buf *b, uint64_t v)
{
    uint8_t *p = xdr_reserve(b, 8);
    if (!p) {
        return false;
    }
    put_be32(p, (uint32_t) (v >> 32));
    put_be32(p + 4, (uint32_t) v);
    return true;
}

bool
xdr_put_float(struct xdr_buf *b, float v)
{
    uint32_t u;
    _Static_assert(sizeof u == sizeof v, "float is not 32 bits");
    memcpy(&u, &v, sizeof u);
    return xdr_put_u32(b, u);
}

bool
xdr_put_opaque_fixed(struct xdr_buf *b, const void *p, size_t n)
{
    size_t padded = (n + 3) & ~(size_t) 3;
    if (padded < n) {
        b->overflow = true;
        return false;
    }
    uint8_t *q = xdr_reserve(b, padded);
    if (!q) {
        return false;
    }
    if (n) {
        memcpy(q, p, n);
    }
    memset(q + n, 0, padded - n);
    return true;
}

bool
xdr_put_opaque_var(struct xdr_buf *b, const void *p, size_t n)
{
    if (n > UINT32_MAX) {
        b->overflow = true;
        return false;
    }
    size_t start = b->len;
    if (!xdr_put_u32(b, (uint32_t) n) || !xdr_put_opaque_fixed(b, p, n)) {
        if (b->len > start) {
            b->len = start;
        }
        return false;
    }
    return true;
}

bool
xdr_put_string(struct xdr_buf *b, const char *s, size_t max)
{
    size_t n = s ? strnlen(s, max) : 0;
    return xdr_put_opaque_var(b, s ? s : "", n);
}

/* Length-prefixed blocks: opens with TAG and a length placeholder, closes by
 * patching the body length in. */
static bool
block_open(struct xdr_buf *b, uint32_t tag, size_t *start)
{
    *start = b->len;
    return xdr_put_u32(b, tag) && xdr_put_u32(b, 0);
}

static bool
block_close(struct xdr_buf *b, size_t start)
{
    if (b->overflow) {
        return false;
    }
    size_t body = b->len - start - 8;
    put_be32(b->data + start + 4, (uint32_t) body);
    return true;
}

/* ---- counter records ------------------------------------------------------ */

static void
put_generic(struct xdr_buf *b, const struct sflow_if_counters *c)
{
    xdr_put_u32(b, c->ifIndex);
    xdr_put_u32(b, c->ifType);
    xdr_put_u64(b, c->ifSpeed);
    xdr_put_u32(b, c->ifDirection);
    xdr_put_u32(b, c->ifStatus);
    xdr_put_u64(b, c->ifInOctets);
    xdr_put_u32(b, c->ifInUcastPkts);
    xdr_put_u32(b, c->ifInMulticastPkts);
    xdr_put_u32(b, c->ifInBroadcastPkts);
    xdr_put_u32(b, c->ifInDiscards);
    xdr_put_u32(b, c->ifInErrors);
    xdr_put_u32(b, c->ifInUnknownProtos);
    xdr_put_u64(b, c->ifOutOctets);
    xdr_put_u32(b, c->ifOutUcastPkts);
    xdr_put_u32(b, c->ifOutMulticastPkts);
    xdr_put_u32(b, c->ifOutBroadcastPkts);
    xdr_put_u32(b, c->ifOutDiscards);
    xdr_put_u32(b, c->ifOutErrors);
    xdr_put_u32(b, c->ifPromiscuousMode);
}

/* Records made only of 32-bit words in declaration order. */
static void
put_words(struct xdr_buf *b, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xdr_put_u32(b, w[i]);
    }
}
_Static_assert(sizeof(struct sflow_ethernet_counters) == 52, "ethernet");
_Static_assert(sizeof(struct sflow_host_parent) == 8, "host_parent");
_Static_assert(sizeof(struct sflow_mib2_ip) == 76, "mib2_ip");
_Static_assert(sizeof(struct sflow_mib2_icmp) == 100, "mib2_icmp");
_Static_assert(sizeof(struct sflow_mib2_tcp) == 60, "mib2_tcp");
_Static_assert(sizeof(struct sflow_mib2_udp) == 28, "mib2_udp");
_Static_assert(sizeof(struct sflow_virt_cpu) == 12, "virt_cpu");
#define PUT_WORDS(B, STRUCT) \
    put_words(B, (const uint32_t *) (const void *) (STRUCT), sizeof *(STRUCT) / 4)

static void
put_host_descr(struct xdr_buf *b, const struct sflow_host_descr *d)
{
    xdr_put_string(b, d->hostname, SFLOW_HOSTNAME_MAX);
    xdr_put_opaque_fixed(b, d->uuid, 16);
    xdr_put_u32(b, d->machine_type);
    xdr_put_u32(b, d->os_name);
    xdr_put_string(b, d->os_release, SFLOW_OS_RELEASE_MAX);
}

static bool
put_host_adaptors(struct xdr_buf *b, const struct sflow_host_adaptors *a)
{
    if (a->n_adaptors && !a->adaptors) {
        return false;
    }
    xdr_put_u32(b, a->n_adaptors);
    for (uint32_t i = 0; i < a->n_adaptors; i++) {
        const struct sflow_adaptor *ad = &a->adaptors[i];
        if (ad->n_macs > SFLOW_ADAPTOR_MAX_MACS) {
            return false;
        }
        xdr_put_u32(b, ad->ifIndex);
        xdr_put_u32(b, ad->n_macs);
        for (uint32_t m = 0; m < ad->n_macs; m++) {
            xdr_put_opaque_fixed(b, ad->macs[m], 6);    /* 6 bytes + 2 pad */
        }
    }
    return true;
}

static void
put_host_cpu(struct xdr_buf *b, const struct sflow_host_cpu *c)
{
    xdr_put_float(b, c->load_one);
    xdr_put_float(b, c->load_five);
    xdr_put_float(b, c->load_fifteen);
    xdr_put_u32(b, c->proc_run);
    xdr_put_u32(b, c->proc_total);
    xdr_put_u32(b, c->cpu_num);
    xdr_put_u32(b, c->cpu_speed);
    xdr_put_u32(b, c->uptime);
    xdr_put_u32(b, c->cpu_user);
    xdr_put_u32(b, c->cpu_nice);
    xdr_put_u32(b, c->cpu_system);
    xdr_put_u32(b, c->cpu_idle);
    xdr_put_u32(b, c->cpu_wio);
    xdr_put_u32(b, c->cpu_intr);
    xdr_put_u32(b, c->cpu_sintr);
    xdr_put_u32(b, c->interrupts);
    xdr_put_u32(b, c->contexts);
}

static void
put_host_memory(struct xdr_buf *b, const struct sflow_host_memory *m)
{
    xdr_put_u64(b, m->mem_total);
    xdr_put_u64(b, m->mem_free);
    xdr_put_u64(b, m->mem_shared);
    xdr_put_u64(b, m->mem_buffers);
    xdr_put_u64(b, m->mem_cached);
    xdr_put_u64(b, m->swap_total);
    xdr_put_u64(b, m->swap_free);
    xdr_put_u32(b, m->page_in);
    xdr_put_u32(b, m->page_out);
    xdr_put_u32(b, m->swap_in);
    xdr_put_u32(b, m->swap_out);
}

static void
put_host_disk_io(struct xdr_buf *b, const struct sflow_host_disk_io *d)
{
    xdr_put_u64(b, d->disk_total);
    xdr_put_u64(b, d->disk_free);
    xdr_put_u32(b, d->part_max_used);
    xdr_put_u32(b, d->reads);
    xdr_put_u64(b, d->bytes_read);
    xdr_put_u32(b, d->read_time);
    xdr_put_u32(b, d->writes);
    xdr_put_u64(b, d->bytes_written);
    xdr_put_u32(b, d->write_time);
}

static void
put_net_io(struct xdr_buf *b, const struct sflow_host_net_io *n)
{
    xdr_put_u64(b, n->bytes_in);
    xdr_put_u32(b, n->pkts_in);
    xdr_put_u32(b, n->errs_in);
    xdr_put_u32(b, n->drops_in);
    xdr_put_u64(b, n->bytes_out);
    xdr_put_u32(b, n->pkts_out);
    xdr_put_u32(b, n->errs_out);
    xdr_put_u32(b, n->drops_out);
}

static void
put_virt_node(struct xdr_buf *b, const struct sflow_virt_node *v)
{
    xdr_put_u32(b, v->mhz);
    xdr_put_u32(b, v->cpus);
    xdr_put_u64(b, v->memory);
    xdr_put_u64(b, v->memory_free);
    xdr_put_u32(b, v->num_domains);
}

static void
put_virt_disk_io(struct xdr_buf *b, const struct sflow_virt_disk_io *d)
{
    xdr_put_u64(b, d->capacity);
    xdr_put_u64(b, d->allocation);
    xdr_put_u64(b, d->available);
    xdr_put_u32(b, d->rd_req);
    xdr_put_u64(b, d->rd_bytes);
    xdr_put_u32(b, d->wr_req);
    xdr_put_u64(b, d->wr_bytes);
    xdr_put_u32(b, d->errs);
}

size_t
sflow_counter_rec_size(uint32_t tag)
{
    switch (tag) {
    case SFLOW_CTR_GENERIC: return 88;
    case SFLOW_CTR_ETHERNET: return 52;
    case SFLOW_CTR_HOST_PARENT: return 8;
    case SFLOW_CTR_HOST_CPU: return 68;
    case SFLOW_CTR_HOST_MEMORY: return 72;
    case SFLOW_CTR_HOST_DISK_IO: return 52;
    case SFLOW_CTR_HOST_NET_IO: return 40;
    case SFLOW_CTR_MIB2_IP: return 76;
    case SFLOW_CTR_MIB2_ICMP: return 100;
    case SFLOW_CTR_MIB2_TCP: return 60;
    case SFLOW_CTR_MIB2_UDP: return 28;
    case SFLOW_CTR_VIRT_NODE: return 28;
    case SFLOW_CTR_VIRT_CPU: return 12;
    case SFLOW_CTR_VIRT_MEMORY: return 16;
    case SFLOW_CTR_VIRT_DISK_IO: return 52;
    case SFLOW_CTR_VIRT_NET_IO: return 40;
    default: return 0;          /* host_descr, host_adaptors, unknown */
    }
}

bool
sflow_encode_counter_rec(struct xdr_buf *b, const struct sflow_counter_rec *r)
{
    size_t start;
    bool ok = true;

    if (!block_open(b, SFLOW_TAG(0, r->tag), &start)) {
        return false;
    }
    switch (r->tag) {
    case SFLOW_CTR_GENERIC: put_generic(b, &r->u.generic); break;
    case SFLOW_CTR_ETHERNET: PUT_WORDS(b, &r->u.ethernet); break;
    case SFLOW_CTR_HOST_DESCR: put_host_descr(b, &r->u.host_descr); break;
    case SFLOW_CTR_HOST_ADAPTORS: ok = put_host_adaptors(b, &r->u.host_adaptors); break;
    case SFLOW_CTR_HOST_PARENT: PUT_WORDS(b, &r->u.host_parent); break;
    case SFLOW_CTR_HOST_CPU: put_host_cpu(b, &r->u.host_cpu); break;
    case SFLOW_CTR_HOST_MEMORY: put_host_memory(b, &r->u.host_memory); break;
    case SFLOW_CTR_HOST_DISK_IO: put_host_disk_io(b, &r->u.host_disk_io); break;
    case SFLOW_CTR_HOST_NET_IO:
    case SFLOW_CTR_VIRT_NET_IO: put_net_io(b, &r->u.host_net_io); break;
    case SFLOW_CTR_MIB2_IP: PUT_WORDS(b, &r->u.mib2_ip); break;
    case SFLOW_CTR_MIB2_ICMP: PUT_WORDS(b, &r->u.mib2_icmp); break;
    case SFLOW_CTR_MIB2_TCP: PUT_WORDS(b, &r->u.mib2_tcp); break;
    case SFLOW_CTR_MIB2_UDP: PUT_WORDS(b, &r->u.mib2_udp); break;
    case SFLOW_CTR_VIRT_NODE: put_virt_node(b, &r->u.virt_node); break;
    case SFLOW_CTR_VIRT_CPU: PUT_WORDS(b, &r->u.virt_cpu); break;
    case SFLOW_CTR_VIRT_MEMORY:
        xdr_put_u64(b, r->u.virt_memory.memory);
        xdr_put_u64(b, r->u.virt_memory.maxMemory);
        break;
    case SFLOW_CTR_VIRT_DISK_IO: put_virt_disk_io(b, &r->u.virt_disk_io); break;
    default: ok = false; break;
    }
    if (!ok) {
        b->len = start;
        return false;
    }
    return block_close(b, start);
}

/* ---- flow records --------------------------------------------------------- */

bool
sflow_encode_flow_rec(struct xdr_buf *b, const struct sflow_flow_rec *r)
{
    size_t start;

    if (r->tag != SFLOW_FLOW_HEADER) {
        return false;
    }
    const struct sflow_sampled_header *h = &r->u.header;
    if (h->header_length > SFLOW_MAX_HEADER || (h->header_length && !h->header)) {
        return false;
    }
    if (!block_open(b, SFLOW_TAG(0, r->tag), &start)) {
        return false;
    }
    xdr_put_u32(b, h->protocol);
    xdr_put_u32(b, h->frame_length);
    xdr_put_u32(b, h->stripped);
    xdr_put_opaque_var(b, h->header, h->header_length);
    return block_close(b, start);
}

/* ---- samples -------------------------------------------------------------- */

/* The compact forms hold the source index in 24 bits and interface values in
 * 30 bits; anything larger needs the expanded forms. */
static bool
source_fits_compact(uint32_t ds_class, uint32_t ds_index)
{
    return ds_class <= 0xff && ds_index <= 0xffffff;
}

static bool
if_ref_fits_compact(const struct sflow_if_ref *r)
{
    return r->format <= 3 && r->value <= 0x3fffffff;
}

bool
sflow_counters_sample_fits_compact(const struct sflow_counters_sample *s)
{
    return source_fits_compact(s->ds_class, s->ds_index);
}

bool
sflow_flow_sample_fits_compact(const struct sflow_flow_sample *s)
{
    return source_fits_compact(s->ds_class, s->ds_index)
           && if_ref_fits_compact(&s->input) && if_ref_fits_compact(&s->output);
}

bool
sflow_encode_counters_sample(struct xdr_buf *b, const struct sflow_counters_sample *s,
                             bool expanded)
{
    size_t start;

    if ((!expanded && !sflow_counters_sample_fits_compact(s)) || (s->n_recs && !s->recs)) {
        return false;
    }
    if (!block_open(b, SFLOW_TAG(0, expanded ? SFLOW_COUNTERS_SAMPLE_EXPANDED
                                               : SFLOW_COUNTERS_SAMPLE), &start)) {
        return false;
    }
    xdr_put_u32(b, s->seq);
    if (expanded) {
        xdr_put_u32(b, s->ds_class);
        xdr_put_u32(b, s->ds_index);
    } else {
        xdr_put_u32(b, s->ds_class << 24 | s->ds_index);
    }
    xdr_put_u32(b, s->n_recs);
    for (uint32_t i = 0; i < s->n_recs; i++) {
        if (!sflow_encode_counter_rec(b, &s->recs[i])) {
            if (!b->overflow) {
                b->len = start;
            }
            return false;
        }
    }
    return block_close(b, start);
}

static void
put_if_ref(struct xdr_buf *b, const struct sflow_if_ref *r, bool expanded)
{
    if (expanded) {
        xdr_put_u32(b, r->format);
        xdr_put_u32(b, r->value);
    } else {
        xdr_put_u32(b, r->format << 30 | r->value);
    }
}

bool
sflow_encode_flow_sample(struct xdr_buf *b, const struct sflow_flow_sample *s, bool expanded)
{
    size_t start;

    if ((!expanded && !sflow_flow_sample_fits_compact(s)) || (s->n_recs && !s->recs)) {
        return false;
    }
    if (!block_open(b, SFLOW_TAG(0, expanded ? SFLOW_FLOW_SAMPLE_EXPANDED
                                               : SFLOW_FLOW_SAMPLE), &start)) {
        return false;
    }
    xdr_put_u32(b, s->seq);
    if (expanded) {
        xdr_put_u32(b, s->ds_class);
        xdr_put_u32(b, s->ds_index);
    } else {
        xdr_put_u32(b, s->ds_class << 24 | s->ds_index);
    }
    xdr_put_u32(b, s->sampling_rate);
    xdr_put_u32(b, s->sample_pool);
    xdr_put_u32(b, s->drops);
    put_if_ref(b, &s->input, expanded);
    put_if_ref(b, &s->output, expanded);
    xdr_put_u32(b, s->n_recs);
    for (uint32_t i = 0; i < s->n_recs; i++) {
        if (!sflow_encode_flow_rec(b, &s->recs[i])) {
            if (!b->overflow) {
                b->len = start;
            }
            return false;
        }
    }
    return block_close(b, start);
}

/* ---- datagram header ------------------------------------------------------ */

size_t
sflow_datagram_header_size(const struct sflow_address *agent)
{
    return agent->family == AF_INET6 ? 40 : 28;
}

bool
sflow_encode_datagram_header(struct xdr_buf *b, const struct sflow_datagram_header *h)
{
    bool v6 = h->agent.family == AF_INET6;
    if (!v6 && h->agent.family != AF_INET) {
        return false;
    }
    xdr_put_u32(b, SFLOW_VERSION);
    xdr_put_u32(b, v6 ? SFLOW_ADDR_IP_V6 : SFLOW_ADDR_IP_V4);
    xdr_put_opaque_fixed(b, h->agent.bytes, v6 ? 16 : 4);
    xdr_put_u32(b, h->sub_agent_id);
    xdr_put_u32(b, h->seq);
    xdr_put_u32(b, h->uptime_ms);
    return xdr_put_u32(b, h->n_samples);
}
