/* Unit tests for the NFLOG sampler: sampling rate, sub-sampling in user
 * space (injected and seeded randomness), per data source sample pools,
 * drops from sequence gaps, interface values. */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "nflog_msg.h"
#include "nflog/nflog_sampler.h"
#include "check_run.h"

static uint8_t payload[84];

static struct nflog_pkt
mkpkt(uint32_t seq, uint32_t indev, uint32_t outdev, uint8_t hook)
{
    struct nflog_pkt p;
    memset(&p, 0, sizeof p);
    p.hw_protocol = 0x0800;
    p.hook = hook;
    p.indev = indev;
    p.outdev = outdev;
    p.has_seq = true;
    p.seq = seq;
    tmsg_ipv4(payload, sizeof payload, sizeof payload);
    p.payload = payload;
    p.payload_len = sizeof payload;
    return p;
}

/* What nflog_sampler_build() fills, shared by the tests. */
static uint8_t hdr[SFLOW_MAX_HEADER];
static struct sflow_flow_sample fs;
static struct sflow_flow_rec rec;

/* Builds from a packet of sequence SEQ on interface INDEV (hook LOCAL_IN). */
static bool
build(struct nflog_sampler *s, uint32_t seq, uint32_t indev)
{
    struct nflog_pkt p = mkpkt(seq, indev, 0, 1);
    return nflog_sampler_build(s, &p, hdr, 128, &fs, &rec);
}

START_TEST(test_rate_from_probability)
{
    ck_assert_uint_eq(nflog_rate_from_probability(0.0025), 400);
    ck_assert_uint_eq(nflog_rate_from_probability(1.0), 1);
    ck_assert_uint_eq(nflog_rate_from_probability(0.3), 3);
    ck_assert_uint_eq(nflog_rate_from_probability(0.4), 3);   /* 2.5 rounds up */
    ck_assert_uint_eq(nflog_rate_from_probability(0.001), 1000);
    ck_assert_uint_eq(nflog_rate_from_probability(0.0), 0);
    ck_assert_uint_eq(nflog_rate_from_probability(-0.5), 0);
    ck_assert_uint_eq(nflog_rate_from_probability(1.0001), 0);
    ck_assert_uint_eq(nflog_rate_from_probability(NAN), 0);
    ck_assert_uint_eq(nflog_rate_from_probability(1e-12), UINT32_MAX);
}
END_TEST

START_TEST(test_pool_and_gaps)
{
    struct nflog_sampler *s = nflog_sampler_create(400);

    for (uint32_t i = 0; i < 3; i++) {
        ck_assert(build(s, i, 3));
        ck_assert_uint_eq(fs.sampling_rate, 400);
        ck_assert_uint_eq(fs.sample_pool, 400 * (i + 1));
        ck_assert_uint_eq(fs.drops, 0);
        ck_assert_uint_eq(fs.ds_class, SFLOW_DS_IFINDEX);
        ck_assert_uint_eq(fs.ds_index, 3);
        ck_assert_uint_eq(fs.input.value, 3);
        ck_assert_uint_eq(fs.output.value, NFLOG_IF_INTERNAL);
        ck_assert_uint_eq(fs.n_recs, 1);
        ck_assert_uint_eq(rec.tag, SFLOW_FLOW_HEADER);
        ck_assert_uint_eq(rec.u.header.protocol, SFLOW_HEADER_IPV4);
        ck_assert_uint_eq(rec.u.header.frame_length, 84);
    }
    /* Seq 3 and 4 never arrived: two drops, on the source of seq 5. */
    ck_assert(build(s, 5, 3));
    ck_assert_uint_eq(fs.drops, 2);
    ck_assert_uint_eq(fs.sample_pool, 400 * 6);

    /* Another data source has its own pool and drops. */
    ck_assert(build(s, 6, 7));
    ck_assert_uint_eq(fs.ds_index, 7);
    ck_assert_uint_eq(fs.sample_pool, 400);
    ck_assert_uint_eq(fs.drops, 0);

    uint32_t pool, drops;
    ck_assert(nflog_sampler_get_source(s, 3, &pool, &drops));
    ck_assert_uint_eq(pool, 2400);
    ck_assert_uint_eq(drops, 2);
    ck_assert(!nflog_sampler_get_source(s, 99, &pool, &drops));
    const struct nflog_sampler_stats *st = nflog_sampler_get_stats(s);
    ck_assert_uint_eq(st->packets, 5);
    ck_assert_uint_eq(st->samples, 5);
    ck_assert_uint_eq(st->lost, 2);
    nflog_sampler_overrun(s);
    ck_assert_uint_eq(st->overruns, 1);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_first_packets_lost)
{
    /* The group starts numbering at 0: packets lost before the first one we
     * see are drops too. */
    struct nflog_sampler *s = nflog_sampler_create(1);
    ck_assert(build(s, 10, 2));
    ck_assert_uint_eq(fs.drops, 10);
    ck_assert_uint_eq(fs.sample_pool, 11);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_seq_wrap_and_reset)
{
    struct nflog_sampler *s = nflog_sampler_create(1);
    ck_assert(build(s, 0, 2));
    /* A jump forward of more than half the space reads as going back. */
    ck_assert(build(s, UINT32_MAX - 1, 2));
    ck_assert_uint_eq(fs.drops, 0);
    ck_assert_uint_eq(nflog_sampler_get_stats(s)->seq_resets, 1);
    ck_assert(build(s, UINT32_MAX, 2));
    ck_assert(build(s, 1, 2));
    ck_assert_uint_eq(fs.drops, 1);
    ck_assert_uint_eq(fs.sample_pool, 5);
    /* Backwards: no loss invented. */
    ck_assert(build(s, 0, 2));
    ck_assert_uint_eq(fs.drops, 1);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_interfaces)
{
    struct nflog_sampler *s = nflog_sampler_create(1);
    /* OUTPUT: from the host itself, data source is the out device. */
    struct nflog_pkt p = mkpkt(0, 0, 4, 3);
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    ck_assert_uint_eq(fs.ds_index, 4);
    ck_assert_uint_eq(fs.input.value, NFLOG_IF_INTERNAL);
    ck_assert_uint_eq(fs.output.value, 4);
    /* FORWARD: both interfaces, accounted to the input. */
    p = mkpkt(1, 5, 6, 2);
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    ck_assert_uint_eq(fs.ds_index, 5);
    ck_assert_uint_eq(fs.input.value, 5);
    ck_assert_uint_eq(fs.output.value, 6);
    /* Bridged: the port, not the bridge. */
    p = mkpkt(2, 8, 8, 2);
    p.physindev = 9;
    p.physoutdev = 10;
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    ck_assert_uint_eq(fs.ds_index, 9);
    ck_assert_uint_eq(fs.input.value, 9);
    ck_assert_uint_eq(fs.output.value, 10);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_unsampleable_still_counted)
{
    struct nflog_sampler *s = nflog_sampler_create(10);
    struct nflog_pkt p = mkpkt(0, 2, 0, 1);
    p.payload = NULL;
    p.payload_len = 0;
    ck_assert(!nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    ck_assert(build(s, 1, 2));
    ck_assert_uint_eq(fs.sample_pool, 20);
    ck_assert_uint_eq(fs.drops, 0);
    ck_assert_uint_eq(nflog_sampler_get_stats(s)->unsampleable, 1);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_many_sources)
{
    struct nflog_sampler *s = nflog_sampler_create(2);
    uint32_t seq = 0;
    for (int round = 0; round < 3; round++) {
        for (uint32_t i = 1; i <= 500; i++) {
            struct nflog_pkt p = mkpkt(seq++, i * 7919u, 0, 1);
            ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
            ck_assert_uint_eq(fs.sample_pool, 2u * (uint32_t) (round + 1));
        }
    }
    nflog_sampler_destroy(s);
}
END_TEST

/* Injected randomness: hands out DRAWS in turn; a test that expects no
 * draw gives none and checks USED. */
struct draws {
    const uint32_t *v;
    size_t n, used;
};

static uint32_t
next_draw(void *aux)
{
    struct draws *d = aux;
    ck_assert_uint_lt(d->used, d->n);
    return d->v[d->used++];
}

START_TEST(test_subsample_injected)
{
    /* Rule of probability 1, sampling 4: keep a packet when draw < 2^32/4. */
    struct nflog_sampler *s = nflog_sampler_create(1);
    ck_assert_uint_eq(nflog_sampler_set_sampling(s, 4), 4);
    static const uint32_t v[] = { 0, (1u << 30) - 1, 1u << 30, UINT32_MAX, 12345 };
    struct draws d = { v, 5, 0 };
    nflog_sampler_set_random(s, next_draw, &d);
    static const bool want[] = { true, true, false, false, true };
    for (uint32_t i = 0; i < 5; i++) {
        ck_assert_int_eq(build(s, i, 3), want[i]);
        if (want[i]) {
            ck_assert_uint_eq(fs.sampling_rate, 4);
            /* The pool counts every logged packet, sampled or not. */
            ck_assert_uint_eq(fs.sample_pool, i + 1);
            ck_assert_uint_eq(fs.drops, 0);
        }
    }
    ck_assert_uint_eq(d.used, 5);
    const struct nflog_sampler_stats *st = nflog_sampler_get_stats(s);
    ck_assert_uint_eq(st->packets, 5);
    ck_assert_uint_eq(st->samples, 3);
    ck_assert_uint_eq(st->skipped, 2);
    /* Lost packets still reach the pool and the drops of a skipped one. */
    d.v = (const uint32_t[]) { UINT32_MAX };
    d.n = 1;
    d.used = 0;
    ck_assert(!build(s, 9, 3));
    uint32_t pool, drops;
    ck_assert(nflog_sampler_get_source(s, 3, &pool, &drops));
    ck_assert_uint_eq(pool, 10);
    ck_assert_uint_eq(drops, 4);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_subsample_ratio)
{
    /* Rule 1-in-400, sampling 1000: keep 400/1000 of the logged packets,
     * report 1000; the threshold is draw < 0.4 * 2^32 = 1717986918.4. */
    struct nflog_sampler *s = nflog_sampler_create(400);
    ck_assert_uint_eq(nflog_sampler_set_sampling(s, 1000), 1000);
    static const uint32_t v[] = { 1717986918u, 1717986919u };
    struct draws d = { v, 2, 0 };
    nflog_sampler_set_random(s, next_draw, &d);
    ck_assert(build(s, 0, 3));
    ck_assert_uint_eq(fs.sampling_rate, 1000);
    ck_assert_uint_eq(fs.sample_pool, 400);
    ck_assert(!build(s, 1, 3));
    ck_assert_uint_eq(d.used, 2);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_rule_coarser_than_sampling)
{
    /* Rule 1-in-400, sampling 100: cannot sample finer than the rule; every
     * logged packet is a sample at rate 400 and no draw is made. */
    struct nflog_sampler *s = nflog_sampler_create(400);
    ck_assert_uint_eq(nflog_sampler_set_sampling(s, 100), 400);
    struct draws d = { NULL, 0, 0 };
    nflog_sampler_set_random(s, next_draw, &d);
    for (uint32_t i = 0; i < 10; i++) {
        ck_assert(build(s, i, 3));
        ck_assert_uint_eq(fs.sampling_rate, 400);
    }
    ck_assert_uint_eq(d.used, 0);
    /* Equal rates: the same. */
    ck_assert_uint_eq(nflog_sampler_set_sampling(s, 400), 400);
    ck_assert(build(s, 10, 3));
    ck_assert_uint_eq(fs.sample_pool, 400 * 11);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_sampling_off)
{
    struct nflog_sampler *s = nflog_sampler_create(1);
    ck_assert_uint_eq(nflog_sampler_set_sampling(s, 0), 0);
    ck_assert_uint_eq(nflog_sampler_get_rate(s), 0);
    for (uint32_t i = 0; i < 5; i++) {
        ck_assert(!build(s, i, 3));
    }
    /* Turned back on, the pool has counted all along. */
    ck_assert_uint_eq(nflog_sampler_set_sampling(s, 1), 1);
    ck_assert(build(s, 5, 3));
    ck_assert_uint_eq(fs.sample_pool, 6);
    nflog_sampler_destroy(s);
}
END_TEST

/* Samples kept out of N logged packets at 1-in-RATE with the generator
 * seeded with SEED. */
static uint32_t
count_kept(uint64_t seed, uint32_t rate, uint32_t n)
{
    struct nflog_sampler *s = nflog_sampler_create(1);
    nflog_sampler_seed(s, seed);
    nflog_sampler_set_sampling(s, rate);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (build(s, i, 3)) {
            kept++;
            ck_assert_uint_eq(fs.sampling_rate, rate);
            ck_assert_uint_eq(fs.sample_pool, i + 1);
        }
    }
    nflog_sampler_destroy(s);
    return kept;
}

START_TEST(test_seeded_generator)
{
    /* Within 5 sigma of the binomial mean, for several seeds. */
    const uint32_t n = 50000;
    static const uint32_t rates[] = { 2, 10, 400 };
    for (size_t r = 0; r < 3; r++) {
        double p = 1.0 / rates[r];
        double mean = n * p, sigma = sqrt(n * p * (1 - p));
        for (uint64_t seed = 1; seed <= 2; seed++) {
            uint32_t k = count_kept(seed * 0x1234567ull, rates[r], n);
            ck_assert_msg(fabs(k - mean) <= 5 * sigma, "rate %u seed %llu: %u kept, "
                          "want %.0f +- %.0f", rates[r], (unsigned long long) seed, k,
                          mean, 5 * sigma);
        }
    }
    /* The same seed draws the same packets. */
    ck_assert_uint_eq(count_kept(42, 10, 10000), count_kept(42, 10, 10000));
}
END_TEST

CHECK_MAIN(
    .name = "nflog_sampler",
    .timeout = 60,
    .tests = CHECK_TESTS(test_rate_from_probability, test_pool_and_gaps,
                         test_first_packets_lost, test_seq_wrap_and_reset, test_interfaces,
                         test_unsampleable_still_counted, test_many_sources,
                         test_subsample_injected, test_subsample_ratio,
                         test_rule_coarser_than_sampling, test_sampling_off,
                         test_seeded_generator))
