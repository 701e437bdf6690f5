/* Unit tests for the NFLOG sampler: sampling rate, per data source sample
 * pools, drops from sequence gaps, interface values. */
#include <config.h>

#include <check.h>
#include <math.h>
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
    uint8_t hdr[SFLOW_MAX_HEADER];
    struct sflow_flow_sample fs;
    struct sflow_flow_rec rec;

    for (uint32_t i = 0; i < 3; i++) {
        struct nflog_pkt p = mkpkt(i, 3, 0, 1);
        ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
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
    struct nflog_pkt p = mkpkt(5, 3, 0, 1);
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    ck_assert_uint_eq(fs.drops, 2);
    ck_assert_uint_eq(fs.sample_pool, 400 * 6);

    /* Another data source has its own pool and drops. */
    p = mkpkt(6, 7, 0, 1);
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
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
    uint8_t hdr[SFLOW_MAX_HEADER];
    struct sflow_flow_sample fs;
    struct sflow_flow_rec rec;
    struct nflog_pkt p = mkpkt(10, 2, 0, 1);
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    ck_assert_uint_eq(fs.drops, 10);
    ck_assert_uint_eq(fs.sample_pool, 11);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_seq_wrap_and_reset)
{
    struct nflog_sampler *s = nflog_sampler_create(1);
    uint8_t hdr[SFLOW_MAX_HEADER];
    struct sflow_flow_sample fs;
    struct sflow_flow_rec rec;
    struct nflog_pkt p = mkpkt(0, 2, 0, 1);
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    p = mkpkt(UINT32_MAX - 1, 2, 0, 1);
    /* A jump forward of more than half the space reads as going back. */
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    ck_assert_uint_eq(fs.drops, 0);
    ck_assert_uint_eq(nflog_sampler_get_stats(s)->seq_resets, 1);
    p = mkpkt(UINT32_MAX, 2, 0, 1);
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    p = mkpkt(1, 2, 0, 1);          /* 0 lost across the wrap */
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    ck_assert_uint_eq(fs.drops, 1);
    ck_assert_uint_eq(fs.sample_pool, 5);
    /* Backwards: no loss invented. */
    p = mkpkt(0, 2, 0, 1);
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    ck_assert_uint_eq(fs.drops, 1);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_interfaces)
{
    struct nflog_sampler *s = nflog_sampler_create(1);
    uint8_t hdr[SFLOW_MAX_HEADER];
    struct sflow_flow_sample fs;
    struct sflow_flow_rec rec;
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
    uint8_t hdr[SFLOW_MAX_HEADER];
    struct sflow_flow_sample fs;
    struct sflow_flow_rec rec;
    struct nflog_pkt p = mkpkt(0, 2, 0, 1);
    p.payload = NULL;
    p.payload_len = 0;
    ck_assert(!nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    p = mkpkt(1, 2, 0, 1);
    ck_assert(nflog_sampler_build(s, &p, hdr, 128, &fs, &rec));
    ck_assert_uint_eq(fs.sample_pool, 20);
    ck_assert_uint_eq(fs.drops, 0);
    ck_assert_uint_eq(nflog_sampler_get_stats(s)->unsampleable, 1);
    nflog_sampler_destroy(s);
}
END_TEST

START_TEST(test_many_sources)
{
    struct nflog_sampler *s = nflog_sampler_create(2);
    uint8_t hdr[SFLOW_MAX_HEADER];
    struct sflow_flow_sample fs;
    struct sflow_flow_rec rec;
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

CHECK_MAIN(
    .name = "nflog_sampler",
    .tests = CHECK_TESTS(test_rate_from_probability, test_pool_and_gaps,
                         test_first_packets_lost, test_seq_wrap_and_reset, test_interfaces,
                         test_unsampleable_still_counted, test_many_sources))
