/* sflow_pack: packs encoded samples into datagrams of at most max_bytes and
 * keeps the sequence numbers: one per agent for datagrams, one per data
 * source for flow samples and one for counter samples (sflow_version_5.txt
 * keeps the two sample kinds apart). Sequence numbers only ever grow while
 * the packer lives, also across reconfiguration. */
#include <config.h>

#include "sflow/sflow_pack.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/log.h"
#include "common/util.h"
#include "sflow/sflow_enc.h"

/* One data source's sample counts. */
struct seq_entry {
    uint32_t ds_class, ds_index;
    uint32_t flow_seq, ctr_seq;     /* last number handed out */
};

/* Owned by its creator (sflow_packer_destroy frees it and everything here). */
struct sflow_packer {
    struct sflow_address agent;
    uint32_t sub_agent_id;
    size_t max_bytes;
    sflow_emit_fn *emit;
    void *ctx;

    uint8_t *buf;                   /* max_bytes: header room, then samples */
    size_t hdr_len;                 /* 28 (IPv4 agent) or 40 (IPv6) */
    size_t len;                     /* bytes used in buf, header room included */
    uint32_t n_samples;             /* samples in buf */
    uint8_t *scratch;               /* max_bytes: one sample being encoded */

    uint32_t dgram_seq;             /* last datagram number emitted */
    uint32_t uptime_ms;             /* from the last add */
    struct seq_entry *seqs;         /* sorted by (ds_class, ds_index) */
    size_t n_seqs, cap_seqs;

    struct sflow_packer_stats stats;
};

static size_t
clamp_max_bytes(size_t max_bytes)
{
    if (max_bytes < SFLOW_MIN_DATAGRAM) {
        return SFLOW_MIN_DATAGRAM;
    }
    return max_bytes > SFLOW_MAX_DATAGRAM ? SFLOW_MAX_DATAGRAM : max_bytes;
}

static void
set_config(struct sflow_packer *p, const struct sflow_address *agent,
           uint32_t sub_agent_id, size_t max_bytes)
{
    memset(&p->agent, 0, sizeof p->agent);
    p->agent.family = AF_INET;
    if (agent && (agent->family == AF_INET || agent->family == AF_INET6)) {
        p->agent = *agent;
    }
    p->sub_agent_id = sub_agent_id;
    max_bytes = clamp_max_bytes(max_bytes);
    if (max_bytes != p->max_bytes) {
        free(p->buf);
        free(p->scratch);
        p->buf = xmalloc(max_bytes);
        p->scratch = xmalloc(max_bytes);
        p->max_bytes = max_bytes;
    }
    p->hdr_len = sflow_datagram_header_size(&p->agent);
    p->len = p->hdr_len;
    p->n_samples = 0;
}

struct sflow_packer *
sflow_packer_create(const struct sflow_address *agent, uint32_t sub_agent_id,
                    size_t max_bytes, sflow_emit_fn *emit, void *ctx)
{
    struct sflow_packer *p = xzalloc(sizeof *p);
    p->emit = emit;
    p->ctx = ctx;
    set_config(p, agent, sub_agent_id, max_bytes);
    return p;
}

void
sflow_packer_destroy(struct sflow_packer *p)
{
    if (p) {
        free(p->buf);
        free(p->scratch);
        free(p->seqs);
        free(p);
    }
}

void
sflow_packer_flush(struct sflow_packer *p, uint32_t uptime_ms)
{
    if (!p->n_samples) {
        return;
    }
    struct sflow_datagram_header h = {
        .agent = p->agent,
        .sub_agent_id = p->sub_agent_id,
        .seq = ++p->dgram_seq,
        .uptime_ms = uptime_ms,
        .n_samples = p->n_samples,
    };
    struct xdr_buf b;
    xdr_init(&b, p->buf, p->hdr_len);
    if (sflow_encode_datagram_header(&b, &h) && b.len == p->hdr_len && p->emit) {
        p->emit(p->ctx, p->buf, p->len);
    }
    p->stats.datagrams++;
    p->len = p->hdr_len;
    p->n_samples = 0;
}

void
sflow_packer_reconfigure(struct sflow_packer *p, const struct sflow_address *agent,
                         uint32_t sub_agent_id, size_t max_bytes)
{
    sflow_packer_flush(p, p->uptime_ms);
    set_config(p, agent, sub_agent_id, max_bytes);
}

static int
seq_cmp(uint32_t c, uint32_t i, const struct seq_entry *e)
{
    if (c != e->ds_class) {
        return c < e->ds_class ? -1 : 1;
    }
    if (i != e->ds_index) {
        return i < e->ds_index ? -1 : 1;
    }
    return 0;
}

/* The entry for (DS_CLASS, DS_INDEX), added when new. */
static struct seq_entry *
seq_lookup(struct sflow_packer *p, uint32_t ds_class, uint32_t ds_index)
{
    size_t lo = 0, hi = p->n_seqs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = seq_cmp(ds_class, ds_index, &p->seqs[mid]);
        if (!c) {
            return &p->seqs[mid];
        }
        if (c < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    if (p->n_seqs == p->cap_seqs) {
        p->cap_seqs = p->cap_seqs ? p->cap_seqs * 2 : 16;
        p->seqs = xreallocarray(p->seqs, p->cap_seqs, sizeof *p->seqs);
    }
    memmove(&p->seqs[lo + 1], &p->seqs[lo], (p->n_seqs - lo) * sizeof *p->seqs);
    p->n_seqs++;
    p->seqs[lo] = (struct seq_entry) { .ds_class = ds_class, .ds_index = ds_index };
    return &p->seqs[lo];
}

/* Appends the sample encoded in p->scratch (B, or an encoder failure when
 * !OK): flushes first when it does not fit, drops it when it never can.
 * *SEQ_SLOT takes the sample's number SEQ unless the encoder refused the
 * sample outright; an oversize drop shows as a gap, as a loss should. */
static bool
add_encoded(struct sflow_packer *p, bool ok, const struct xdr_buf *b, uint32_t uptime_ms,
            const char *kind, uint32_t ds_class, uint32_t ds_index,
            uint32_t *seq_slot, uint32_t seq)
{
    if (ok || b->overflow) {
        *seq_slot = seq;
    }
    if (!ok) {
        if (b->overflow) {
            p->stats.oversize_drops++;
            LOG_RL(LOG_WARNING, "%s sample from %u:%u larger than the datagram limit "
                   "(%zu bytes): dropped (%llu so far)", kind, ds_class, ds_index,
                   p->max_bytes, (unsigned long long) p->stats.oversize_drops);
        } else {
            p->stats.invalid_drops++;
            LOG_RL(LOG_WARNING, "%s sample from %u:%u cannot be encoded (unknown record "
                   "type or bad length): dropped (%llu so far)", kind, ds_class, ds_index,
                   (unsigned long long) p->stats.invalid_drops);
        }
        return false;
    }
    p->uptime_ms = uptime_ms;
    if (p->len + b->len > p->max_bytes) {
        sflow_packer_flush(p, uptime_ms);
    }
    memcpy(p->buf + p->len, b->data, b->len);
    p->len += b->len;
    p->n_samples++;
    p->stats.samples++;
    return true;
}

bool
sflow_packer_add_counters(struct sflow_packer *p, const struct sflow_counters_sample *s,
                          uint32_t uptime_ms)
{
    struct seq_entry *e = seq_lookup(p, s->ds_class, s->ds_index);
    struct sflow_counters_sample c = *s;
    struct xdr_buf b;
    c.seq = e->ctr_seq + 1;
    xdr_init(&b, p->scratch, p->max_bytes - p->hdr_len);
    bool ok = sflow_encode_counters_sample(&b, &c, !sflow_counters_sample_fits_compact(s));
    return add_encoded(p, ok, &b, uptime_ms, "counter", s->ds_class, s->ds_index,
                       &e->ctr_seq, c.seq);
}

bool
sflow_packer_add_flow(struct sflow_packer *p, const struct sflow_flow_sample *s,
                      uint32_t uptime_ms)
{
    struct seq_entry *e = seq_lookup(p, s->ds_class, s->ds_index);
    struct sflow_flow_sample f = *s;
    struct xdr_buf b;
    f.seq = e->flow_seq + 1;
    xdr_init(&b, p->scratch, p->max_bytes - p->hdr_len);
    bool ok = sflow_encode_flow_sample(&b, &f, !sflow_flow_sample_fits_compact(s));
    return add_encoded(p, ok, &b, uptime_ms, "flow", s->ds_class, s->ds_index,
                       &e->flow_seq, f.seq);
}

const struct sflow_packer_stats *
sflow_packer_get_stats(const struct sflow_packer *p)
{
    return &p->stats;
}
