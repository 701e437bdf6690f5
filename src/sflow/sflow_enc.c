/* sflow_enc: the bounded XDR writer and the sFlow v5 record, sample and
 * datagram header encoders (sflow_version_5.txt, sflow_host.txt). Pure: no
 * I/O, no allocation. Every write goes through xdr_reserve(), which refuses
 * (and sets the sticky overflow flag) instead of writing past the buffer. */
#include <config.h>

#include "sflow/sflow_enc.h"

#include <string.h>
#include <sys/socket.h>

#include "sflow/sflow_fields.h"

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

/* A fixed-layout record from its field table. */
static void
put_fields(struct xdr_buf *b, const void *u, const struct sflow_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = (const uint8_t *) u + f[i].offset;
        uint32_t v32;
        uint64_t v64;
        float fl;
        switch (f[i].kind) {
        case SFLOW_F_U32: memcpy(&v32, p, 4); xdr_put_u32(b, v32); break;
        case SFLOW_F_U64: memcpy(&v64, p, 8); xdr_put_u64(b, v64); break;
        case SFLOW_F_FLOAT: memcpy(&fl, p, 4); xdr_put_float(b, fl); break;
        }
    }
}

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

bool
sflow_encode_counter_rec(struct xdr_buf *b, const struct sflow_counter_rec *r)
{
    size_t start;
    bool ok = true;

    if (!block_open(b, SFLOW_TAG(0, r->tag), &start)) {
        return false;
    }
    size_t n;
    const struct sflow_field *fields = sflow_counter_fields(r->tag, &n);
    if (fields) {
        put_fields(b, &r->u, fields, n);
    } else if (r->tag == SFLOW_CTR_HOST_DESCR) {
        put_host_descr(b, &r->u.host_descr);
    } else if (r->tag == SFLOW_CTR_HOST_ADAPTORS) {
        ok = put_host_adaptors(b, &r->u.host_adaptors);
    } else if (r->tag == SFLOW_CTR_PORT_NAME) {
        xdr_put_string(b, r->u.port_name.name, SFLOW_PORT_NAME_MAX);
    } else {
        ok = false;
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

    if (r->tag == SFLOW_FLOW_EXT_SWITCH) {
        const struct sflow_extended_switch *x = &r->u.ext_switch;
        if (!block_open(b, SFLOW_TAG(0, r->tag), &start)) {
            return false;
        }
        xdr_put_u32(b, x->src_vlan);
        xdr_put_u32(b, x->src_priority);
        xdr_put_u32(b, x->dst_vlan);
        xdr_put_u32(b, x->dst_priority);
        return block_close(b, start);
    }
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

/* Opens a sample block of type FORMAT and writes its sequence number and
 * source id (one word in the compact form, two in the expanded form). */
static bool
sample_open(struct xdr_buf *b, uint32_t format, bool expanded, uint32_t seq,
            uint32_t ds_class, uint32_t ds_index, size_t *start)
{
    if (!block_open(b, SFLOW_TAG(0, format), start)) {
        return false;
    }
    xdr_put_u32(b, seq);
    if (expanded) {
        xdr_put_u32(b, ds_class);
        return xdr_put_u32(b, ds_index);
    }
    return xdr_put_u32(b, ds_class << 24 | ds_index);
}

/* A record could not be encoded: an invalid one leaves B as it was before
 * the sample; an overflow stays visible to the caller. */
static bool
sample_abort(struct xdr_buf *b, size_t start)
{
    if (!b->overflow) {
        b->len = start;
    }
    return false;
}

bool
sflow_encode_counters_sample(struct xdr_buf *b, const struct sflow_counters_sample *s,
                             bool expanded)
{
    size_t start;

    if ((!expanded && !sflow_counters_sample_fits_compact(s)) || (s->n_recs && !s->recs)) {
        return false;
    }
    sample_open(b, expanded ? SFLOW_COUNTERS_SAMPLE_EXPANDED : SFLOW_COUNTERS_SAMPLE,
                expanded, s->seq, s->ds_class, s->ds_index, &start);
    xdr_put_u32(b, s->n_recs);
    for (uint32_t i = 0; i < s->n_recs; i++) {
        if (!sflow_encode_counter_rec(b, &s->recs[i])) {
            return sample_abort(b, start);
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
    sample_open(b, expanded ? SFLOW_FLOW_SAMPLE_EXPANDED : SFLOW_FLOW_SAMPLE,
                expanded, s->seq, s->ds_class, s->ds_index, &start);
    xdr_put_u32(b, s->sampling_rate);
    xdr_put_u32(b, s->sample_pool);
    xdr_put_u32(b, s->drops);
    put_if_ref(b, &s->input, expanded);
    put_if_ref(b, &s->output, expanded);
    xdr_put_u32(b, s->n_recs);
    for (uint32_t i = 0; i < s->n_recs; i++) {
        if (!sflow_encode_flow_rec(b, &s->recs[i])) {
            return sample_abort(b, start);
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
