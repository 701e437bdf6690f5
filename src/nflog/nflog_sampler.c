/* nflog_sampler: NFLOG packets -> flow samples, with per data source sample
 * pools and drop counts (see nflog_sampler.h). */
#include <config.h>

#include "nflog/nflog_sampler.h"

#include <stdlib.h>

#include "common/log.h"
#include "common/util.h"

/* Netfilter hooks (linux/netfilter.h NF_INET_*). */
#define HOOK_LOCAL_IN 1
#define HOOK_LOCAL_OUT 3

/* One data source; the table is open-addressed on ifindex. */
struct nflog_source {
    uint32_t ifindex;
    bool used;
    uint32_t pool;               /* wraps, as sFlow counters do */
    uint32_t drops;
};

/* Owns SOURCES. */
struct nflog_sampler {
    uint32_t kernel_rate;        /* K: each logged packet stands for K */
    uint32_t sampling;           /* N wanted; 0 = off */
    uint64_t rng;                /* built-in generator state (splitmix64) */
    nflog_random_fn *random;     /* NULL: the built-in generator */
    void *random_aux;
    uint32_t next_seq;           /* the sequence number expected next */
    struct nflog_source *sources;
    size_t n_sources, cap;       /* cap is a power of two */
    struct nflog_sampler_stats stats;
};

uint32_t
nflog_rate_from_probability(double p)
{
    if (!(p > 0.0 && p <= 1.0)) {
        return 0;
    }
    double r = 1.0 / p + 0.5;
    return r >= (double) UINT32_MAX ? UINT32_MAX : (uint32_t) r;
}

/* Any fixed value: hsnflog seeds from the kernel's random pool. */
#define DEFAULT_SEED 0x9e3779b97f4a7c15ull

struct nflog_sampler *
nflog_sampler_create(uint32_t kernel_rate)
{
    struct nflog_sampler *s = xzalloc(sizeof *s);
    s->kernel_rate = kernel_rate ? kernel_rate : 1;
    s->sampling = s->kernel_rate;
    s->rng = DEFAULT_SEED;
    s->cap = 16;
    s->sources = xcalloc(s->cap, sizeof *s->sources);
    return s;
}

void
nflog_sampler_destroy(struct nflog_sampler *s)
{
    if (s) {
        free(s->sources);
        free(s);
    }
}

uint32_t
nflog_sampler_set_sampling(struct nflog_sampler *s, uint32_t sampling)
{
    s->sampling = sampling;
    return nflog_sampler_get_rate(s);
}

uint32_t
nflog_sampler_get_rate(const struct nflog_sampler *s)
{
    if (!s->sampling) {
        return 0;
    }
    return s->sampling > s->kernel_rate ? s->sampling : s->kernel_rate;
}

void
nflog_sampler_seed(struct nflog_sampler *s, uint64_t seed)
{
    s->rng = seed;
}

void
nflog_sampler_set_random(struct nflog_sampler *s, nflog_random_fn *fn, void *aux)
{
    s->random = fn;
    s->random_aux = aux;
}

/* splitmix64 (Steele, Lea, Flood 2014): the high 32 bits of one step. */
static uint32_t
draw(struct nflog_sampler *s)
{
    if (s->random) {
        return s->random(s->random_aux);
    }
    uint64_t z = (s->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (uint32_t) ((z ^ (z >> 31)) >> 32);
}

/* Whether the logged packet in hand becomes a sample: always when the rule
 * is as coarse as wanted (N <= K), else with probability K/N. */
static bool
pick(struct nflog_sampler *s)
{
    if (!s->sampling) {
        return false;
    }
    if (s->sampling <= s->kernel_rate) {
        return true;
    }
    /* draw / 2^32 < K / N, exactly, in 64 bits. */
    return (uint64_t) draw(s) * s->sampling < ((uint64_t) s->kernel_rate << 32);
}

static size_t
slot_of(uint32_t ifindex, size_t cap)
{
    return (size_t) ((ifindex * 2654435761u) & (cap - 1));
}

static struct nflog_source *
source_find(const struct nflog_sampler *s, uint32_t ifindex)
{
    for (size_t i = slot_of(ifindex, s->cap);; i = (i + 1) & (s->cap - 1)) {
        struct nflog_source *src = &s->sources[i];
        if (!src->used || src->ifindex == ifindex) {
            return src;
        }
    }
}

static struct nflog_source *
source_get(struct nflog_sampler *s, uint32_t ifindex)
{
    struct nflog_source *src = source_find(s, ifindex);
    if (src->used) {
        return src;
    }
    if ((s->n_sources + 1) * 2 > s->cap) {
        struct nflog_source *old = s->sources;
        size_t old_cap = s->cap;
        s->cap *= 2;
        s->sources = xcalloc(s->cap, sizeof *s->sources);
        for (size_t i = 0; i < old_cap; i++) {
            if (old[i].used) {
                *source_find(s, old[i].ifindex) = old[i];
            }
        }
        free(old);
        src = source_find(s, ifindex);
    }
    src->used = true;
    src->ifindex = ifindex;
    s->n_sources++;
    return src;
}

/* The data source a packet is accounted to: the bridge port or interface it
 * came in on, else the one it goes out on. */
static uint32_t
nflog_pkt_source(const struct nflog_pkt *pkt)
{
    if (pkt->physindev) {
        return pkt->physindev;
    }
    if (pkt->indev) {
        return pkt->indev;
    }
    return pkt->physoutdev ? pkt->physoutdev : pkt->outdev;
}

/* Packets missing before PKT, from its sequence number. */
static uint32_t
seq_gap(struct nflog_sampler *s, const struct nflog_pkt *pkt)
{
    if (!pkt->has_seq) {
        s->stats.no_seq++;
        return 0;
    }
    uint32_t gap = pkt->seq - s->next_seq;
    if (gap > UINT32_MAX / 2) {
        /* Behind what we expected: the group was re-created under us.
         * Follow the new numbering rather than invent a huge loss. */
        s->stats.seq_resets++;
        LOG_RL(LOG_WARNING, "nflog: sequence went back from %u to %u; resynchronising",
               s->next_seq, pkt->seq);
        gap = 0;
    }
    s->next_seq = pkt->seq + 1;
    return gap;
}

bool
nflog_sampler_build(struct nflog_sampler *s, const struct nflog_pkt *pkt,
                    uint8_t *hdr, size_t max_header,
                    struct sflow_flow_sample *fs, struct sflow_flow_rec *rec)
{
    uint32_t lost = seq_gap(s, pkt);
    uint32_t ifindex = nflog_pkt_source(pkt);
    struct nflog_source *src = source_get(s, ifindex);

    s->stats.packets++;
    s->stats.lost += lost;
    src->drops += lost;
    src->pool += s->kernel_rate * (lost + 1u);

    if (!pick(s)) {
        s->stats.skipped++;
        return false;
    }
    struct nflog_frame fr;
    if (!nflog_pkt_frame(pkt, hdr, max_header, &fr)) {
        s->stats.unsampleable++;
        return false;
    }
    s->stats.samples++;

    rec->tag = SFLOW_FLOW_HEADER;
    rec->u.header.protocol = fr.protocol;
    rec->u.header.frame_length = fr.frame_length;
    rec->u.header.stripped = fr.stripped;
    rec->u.header.header_length = fr.header_length;
    rec->u.header.header = hdr;

    fs->seq = 0;
    fs->ds_class = SFLOW_DS_IFINDEX;
    fs->ds_index = ifindex;
    fs->sampling_rate = nflog_sampler_get_rate(s);
    fs->sample_pool = src->pool;
    fs->drops = src->drops;
    uint32_t in = pkt->physindev ? pkt->physindev : pkt->indev;
    uint32_t out = pkt->physoutdev ? pkt->physoutdev : pkt->outdev;
    if (pkt->hook == HOOK_LOCAL_OUT && !in) {
        in = NFLOG_IF_INTERNAL;
    }
    if (pkt->hook == HOOK_LOCAL_IN && !out) {
        out = NFLOG_IF_INTERNAL;
    }
    fs->input.format = 0;
    fs->input.value = in;
    fs->output.format = 0;
    fs->output.value = out;
    fs->n_recs = 1;
    fs->recs = rec;
    return true;
}

void
nflog_sampler_overrun(struct nflog_sampler *s)
{
    s->stats.overruns++;
}

bool
nflog_sampler_get_source(const struct nflog_sampler *s, uint32_t ifindex,
                         uint32_t *pool, uint32_t *drops)
{
    const struct nflog_source *src = source_find(s, ifindex);
    if (!src->used) {
        return false;
    }
    *pool = src->pool;
    *drops = src->drops;
    return true;
}

const struct nflog_sampler_stats *
nflog_sampler_get_stats(const struct nflog_sampler *s)
{
    return &s->stats;
}
