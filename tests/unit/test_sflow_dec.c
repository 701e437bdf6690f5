/* Unit tests for the sFlow v5 decoder and its printers: encoder -> decoder
 * round trips for every record type and both sample forms, rejection of
 * truncated and inconsistent datagrams with the right offset, unknown types
 * skipped by their length, and the text / JSON / header summary views. */
#include <config.h>

#include <arpa/inet.h>
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sflow/sflow_enc.h"
#include "sflow/sflow_dec.h"
#include "sflowdump/sflow_print.h"
#include "common/util.h"
#include "check_run.h"

static uint8_t dg[4096];

static uint32_t
be32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static void
set_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t) (v >> 24);
    p[1] = (uint8_t) (v >> 16);
    p[2] = (uint8_t) (v >> 8);
    p[3] = (uint8_t) v;
}

/* A datagram (IPv4 agent 192.0.2.1, seq 77) around the samples encoded in
 * BODY (N_SAMPLES of them, BODY_LEN bytes). Returns its length. */
static size_t
wrap(const uint8_t *body, size_t body_len, uint32_t n_samples, bool v6)
{
    struct sflow_datagram_header h = { .sub_agent_id = 3, .seq = 77, .uptime_ms = 1234,
                                       .n_samples = n_samples };
    h.agent.family = v6 ? AF_INET6 : AF_INET;
    inet_pton(h.agent.family, v6 ? "2001:db8::9" : "192.0.2.1", h.agent.bytes);
    struct xdr_buf b;
    xdr_init(&b, dg, sizeof dg);
    ck_assert(sflow_encode_datagram_header(&b, &h));
    ck_assert(xdr_put_opaque_fixed(&b, body, body_len));
    return b.len;
}

/* The text (or JSON) sflowdump would print for D; the caller frees it. */
static char *
printed(const struct sflow_dgram *d, const char *src, bool json)
{
    char *text = NULL;
    size_t tlen = 0;
    FILE *f = open_memstream(&text, &tlen);
    ck_assert_ptr_nonnull(f);
    (json ? sflow_print_json : sflow_print_text)(f, src, d);
    fclose(f);
    return text;
}

/* Decodes the first LEN bytes of dg into D, which must succeed. */
static void
decode_ok(size_t len, struct sflow_dgram *d)
{
    struct sflow_dec_error err;
    ck_assert_msg(sflow_decode(dg, len, d, &err), "%s at %zu", err.msg, err.offset);
}

/* ---- every counter record type --------------------------------------------- */

static struct sflow_adaptor test_adaptors[2] = {
    { .ifIndex = 2, .n_macs = 1, .macs = { { 0x02, 0, 0, 0, 0, 0x01 } } },
    { .ifIndex = 3, .n_macs = 2, .macs = { { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff },
                                            { 1, 2, 3, 4, 5, 6 } } },
};

/* Fills R with one record of each type, every field a distinct value. */
static uint32_t
all_counter_recs(struct sflow_counter_rec *r)
{
    static const uint32_t tags[] = {
        SFLOW_CTR_GENERIC, SFLOW_CTR_ETHERNET, SFLOW_CTR_HOST_DESCR, SFLOW_CTR_HOST_ADAPTORS,
        SFLOW_CTR_HOST_PARENT, SFLOW_CTR_HOST_CPU, SFLOW_CTR_HOST_MEMORY,
        SFLOW_CTR_HOST_DISK_IO, SFLOW_CTR_HOST_NET_IO, SFLOW_CTR_MIB2_IP, SFLOW_CTR_MIB2_ICMP,
        SFLOW_CTR_MIB2_TCP, SFLOW_CTR_MIB2_UDP, SFLOW_CTR_VIRT_NODE, SFLOW_CTR_VIRT_CPU,
        SFLOW_CTR_VIRT_MEMORY, SFLOW_CTR_VIRT_DISK_IO, SFLOW_CTR_VIRT_NET_IO,
        SFLOW_CTR_OF_PORT, SFLOW_CTR_PORT_NAME, SFLOW_CTR_APP_RESOURCES, SFLOW_CTR_OVS_DP,
    };
    for (size_t i = 0; i < ARRAY_SIZE(tags); i++) {
        memset(&r[i], 0, sizeof r[i]);
        r[i].tag = tags[i];
        /* Distinct bytes everywhere; strings, floats and pointers fixed below. */
        uint8_t *p = (uint8_t *) &r[i].u;
        for (size_t k = 0; k < sizeof r[i].u; k++) {
            p[k] = (uint8_t) (i * 31 + k * 7 + 1);
        }
        switch (tags[i]) {
        case SFLOW_CTR_HOST_DESCR:
            snprintf(r[i].u.host_descr.hostname, sizeof r[i].u.host_descr.hostname, "%s",
                     "a-host-name-that-is-long-enough-to-need-some-padding");
            snprintf(r[i].u.host_descr.os_release, sizeof r[i].u.host_descr.os_release,
                     "%s", "6.1.0-13-amd64");
            break;
        case SFLOW_CTR_HOST_ADAPTORS:
            r[i].u.host_adaptors.n_adaptors = 2;
            r[i].u.host_adaptors.adaptors = test_adaptors;
            break;
        case SFLOW_CTR_PORT_NAME:
            snprintf(r[i].u.port_name.name, sizeof r[i].u.port_name.name, "%s", "vif3.0");
            break;
        case SFLOW_CTR_HOST_CPU:
            r[i].u.host_cpu.load_one = 0.5f;
            r[i].u.host_cpu.load_five = 1.75f;
            r[i].u.host_cpu.load_fifteen = 3.0f;
            break;
        default:
            break;
        }
    }
    return ARRAY_SIZE(tags);
}

/* Encodes R alone and returns the bytes' length in BUF. */
static size_t
enc_rec(const struct sflow_counter_rec *r, uint8_t *buf, size_t cap)
{
    struct xdr_buf b;
    xdr_init(&b, buf, cap);
    ck_assert(sflow_encode_counter_rec(&b, r));
    return b.len;
}

START_TEST(test_roundtrip_counters)
{
    struct sflow_counter_rec recs[32];
    uint32_t n = all_counter_recs(recs);
    for (int expanded = 0; expanded < 2; expanded++) {
        struct sflow_counters_sample s = { .seq = 42, .ds_class = 3, .ds_index = 0x123456,
                                           .n_recs = n, .recs = recs };
        uint8_t body[3000];
        struct xdr_buf b;
        xdr_init(&b, body, sizeof body);
        ck_assert(sflow_encode_counters_sample(&b, &s, expanded));
        size_t len = wrap(body, b.len, 1, expanded);

        struct sflow_dgram d;
        struct sflow_dec_error err;
        ck_assert_msg(sflow_decode(dg, len, &d, &err), "%s at %zu", err.msg, err.offset);
        ck_assert_uint_eq(d.version, 5);
        ck_assert_int_eq(d.hdr.agent.family, expanded ? AF_INET6 : AF_INET);
        ck_assert_uint_eq(d.hdr.sub_agent_id, 3);
        ck_assert_uint_eq(d.hdr.seq, 77);
        ck_assert_uint_eq(d.hdr.uptime_ms, 1234);
        ck_assert_uint_eq(d.n_samples, 1);
        const struct sflow_dec_sample *ds = &d.samples[0];
        ck_assert(ds->known);
        ck_assert(!ds->is_flow);
        ck_assert_int_eq(ds->expanded, expanded);
        ck_assert_uint_eq(ds->seq, 42);
        ck_assert_uint_eq(ds->ds_class, 3);
        ck_assert_uint_eq(ds->ds_index, 0x123456);
        ck_assert_uint_eq(ds->n_recs, n);
        for (uint32_t i = 0; i < n; i++) {
            uint8_t a[1024], c[1024];
            ck_assert_msg(ds->recs[i].known, "record %u", i);
            ck_assert_uint_eq(ds->recs[i].ctr.tag, recs[i].tag);
            size_t la = enc_rec(&recs[i], a, sizeof a);
            size_t lc = enc_rec(&ds->recs[i].ctr, c, sizeof c);
            ck_assert_uint_eq(la, lc);
            ck_assert_msg(!memcmp(a, c, la), "record %u (%s) differs after a round trip",
                          i, sflow_counter_rec_name(recs[i].tag));
            ck_assert_uint_eq(ds->recs[i].length, la - 8);
            ck_assert_ptr_eq(ds->recs[i].body, dg + ds->recs[i].offset + 8);
        }
        /* Spot checks on decoded values. */
        ck_assert_str_eq(ds->recs[2].ctr.u.host_descr.os_release, "6.1.0-13-amd64");
        ck_assert_uint_eq(ds->recs[3].ctr.u.host_adaptors.adaptors[1].macs[1][5], 6);
        ck_assert(ds->recs[5].ctr.u.host_cpu.load_five == 1.75f);
        ck_assert_uint_eq(ds->recs[6].ctr.u.host_memory.mem_total,
                          recs[6].u.host_memory.mem_total);
        ck_assert_str_eq(ds->recs[19].ctr.u.port_name.name, "vif3.0");
        ck_assert_uint_eq(ds->recs[18].ctr.u.of_port.datapath_id,
                          recs[18].u.of_port.datapath_id);
        ck_assert_uint_eq(ds->recs[21].ctr.u.ovs_dp.n_masks, recs[21].u.ovs_dp.n_masks);
        sflow_dgram_free(&d);
    }
}
END_TEST

static const uint8_t icmp_frame[] = {
    0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,
    10, 10, 0, 1, 10, 10, 0, 2,
    0x08, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x01, 'p', 'i', 'n', 'g',
};

START_TEST(test_roundtrip_flow)
{
    struct sflow_flow_rec fr = { .tag = SFLOW_FLOW_HEADER };
    fr.u.header = (struct sflow_sampled_header) {
        .protocol = SFLOW_HEADER_ETHERNET, .frame_length = 102, .stripped = 4,
        .header_length = sizeof icmp_frame, .header = icmp_frame,
    };
    struct sflow_flow_rec frs[2] = { fr, { .tag = SFLOW_FLOW_EXT_SWITCH } };
    frs[1].u.ext_switch = (struct sflow_extended_switch) { 10, 3, 4094, 7 };
    struct sflow_flow_sample s = {
        .seq = 9, .ds_class = 0, .ds_index = 5, .sampling_rate = 1, .sample_pool = 33,
        .drops = 2, .input = { 0, 5 }, .output = { 2, 7 }, .n_recs = 2, .recs = frs,
    };
    uint8_t body[1000];
    struct xdr_buf b;
    xdr_init(&b, body, sizeof body);
    ck_assert(sflow_encode_flow_sample(&b, &s, false));
    ck_assert(sflow_encode_flow_sample(&b, &s, true));
    size_t len = wrap(body, b.len, 2, false);

    struct sflow_dgram d;
    struct sflow_dec_error err;
    ck_assert_msg(sflow_decode(dg, len, &d, &err), "%s at %zu", err.msg, err.offset);
    ck_assert_uint_eq(d.n_samples, 2);
    for (int i = 0; i < 2; i++) {
        const struct sflow_dec_sample *ds = &d.samples[i];
        ck_assert(ds->known && ds->is_flow);
        ck_assert_int_eq(ds->expanded, i == 1);
        ck_assert_uint_eq(ds->seq, 9);
        ck_assert_uint_eq(ds->ds_index, 5);
        ck_assert_uint_eq(ds->sampling_rate, 1);
        ck_assert_uint_eq(ds->sample_pool, 33);
        ck_assert_uint_eq(ds->drops, 2);
        ck_assert_uint_eq(ds->input.format, 0);
        ck_assert_uint_eq(ds->input.value, 5);
        ck_assert_uint_eq(ds->output.format, 2);
        ck_assert_uint_eq(ds->output.value, 7);
        ck_assert_uint_eq(ds->n_recs, 2);
        const struct sflow_extended_switch *x = &ds->recs[1].flow.u.ext_switch;
        ck_assert(ds->recs[1].known);
        ck_assert_uint_eq(ds->recs[1].flow.tag, SFLOW_FLOW_EXT_SWITCH);
        ck_assert_uint_eq(x->src_vlan, 10);
        ck_assert_uint_eq(x->src_priority, 3);
        ck_assert_uint_eq(x->dst_vlan, 4094);
        ck_assert_uint_eq(x->dst_priority, 7);
        const struct sflow_sampled_header *h = &ds->recs[0].flow.u.header;
        ck_assert(ds->recs[0].known);
        ck_assert_uint_eq(h->protocol, 1);
        ck_assert_uint_eq(h->frame_length, 102);
        ck_assert_uint_eq(h->stripped, 4);
        ck_assert_uint_eq(h->header_length, sizeof icmp_frame);
        ck_assert(!memcmp(h->header, icmp_frame, sizeof icmp_frame));
    }
    sflow_dgram_free(&d);
}
END_TEST

/* ---- hostile input ---------------------------------------------------------- */

/* A datagram with a counters sample then a flow sample. */
static size_t
sample_datagram(void)
{
    struct sflow_counter_rec recs[32];
    uint32_t n = all_counter_recs(recs);
    struct sflow_counters_sample c = { .seq = 1, .ds_class = 2, .ds_index = 1,
                                       .n_recs = n, .recs = recs };
    struct sflow_flow_rec fr = { .tag = SFLOW_FLOW_HEADER };
    fr.u.header = (struct sflow_sampled_header) {
        .protocol = 1, .frame_length = 60, .header_length = sizeof icmp_frame,
        .header = icmp_frame,
    };
    struct sflow_flow_sample f = { .seq = 1, .ds_index = 5, .sampling_rate = 1,
                                   .n_recs = 1, .recs = &fr };
    uint8_t body[3000];
    struct xdr_buf b;
    xdr_init(&b, body, sizeof body);
    ck_assert(sflow_encode_counters_sample(&b, &c, false));
    ck_assert(sflow_encode_flow_sample(&b, &f, false));
    return wrap(body, b.len, 2, false);
}

START_TEST(test_every_truncation_reported)
{
    size_t len = sample_datagram();
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *copy = xmalloc(cut ? cut : 1);
        memcpy(copy, dg, cut);
        struct sflow_dgram d;
        struct sflow_dec_error err;
        ck_assert_msg(!sflow_decode(copy, cut, &d, &err), "cut at %zu accepted", cut);
        ck_assert(err.msg[0]);
        ck_assert_uint_le(err.offset, cut);
        ck_assert_ptr_null(d.samples);
        free(copy);
    }
}
END_TEST

/* OFFSET SIZE_MAX: any offset. */
static void
expect_error(size_t len, size_t offset, const char *words)
{
    struct sflow_dgram d;
    struct sflow_dec_error err;
    ck_assert(!sflow_decode(dg, len, &d, &err));
    ck_assert_msg(strstr(err.msg, words), "message '%s' lacks '%s'", err.msg, words);
    ck_assert_msg(offset == SIZE_MAX || err.offset == offset, "offset %zu, want %zu (%s)", err.offset, offset,
                  err.msg);
}

START_TEST(test_inconsistent_reported)
{
    size_t len = sample_datagram();
    /* 28: first sample's format, 32: its length, 36: seq, 40: source,
     * 44: record count, 48: first record's format, 52: its length. */
    set_be32(dg, 4);
    expect_error(len, 0, "version 4");
    sample_datagram();
    set_be32(dg + 4, 3);
    expect_error(len, 4, "address type 3");
    sample_datagram();
    set_be32(dg + 24, 0xffffffff);
    expect_error(len, 24, "sample count");
    sample_datagram();
    set_be32(dg + 32, be32(dg + 32) + 4000);
    expect_error(len, 32, "runs past the end");
    sample_datagram();
    set_be32(dg + 32, be32(dg + 32) - 2);
    expect_error(len, 32, "multiple of 4");
    sample_datagram();
    set_be32(dg + 44, 0x10000);
    expect_error(len, 44, "record count");
    sample_datagram();
    set_be32(dg + 52, 4000);            /* if_counters claims more than its sample */
    ck_assert_uint_eq(be32(dg + 48), 1);
    expect_error(len, 52, "runs past the end");
    sample_datagram();
    set_be32(dg + 52, 84);              /* if_counters shorter than 88 */
    expect_error(len, 56 + 84, "truncated ifPromiscuousMode");
    sample_datagram();
    set_be32(dg + 44, be32(dg + 44) - 1);   /* a record left over in the sample */
    expect_error(len, SIZE_MAX, "after the last record");
}
END_TEST

START_TEST(test_trailing_and_strings)
{
    size_t len = sample_datagram();
    expect_error(len + 4, len, "after the last sample");
    /* host_descr's hostname longer than string<64>. */
    sample_datagram();
    size_t off = 48;
    while (be32(dg + off) != SFLOW_CTR_HOST_DESCR) {
        off += 8 + be32(dg + off + 4);
    }
    set_be32(dg + off + 8, 65);
    expect_error(len, off + 8, "more than its limit");
}
END_TEST

START_TEST(test_unknown_types_skipped)
{
    /* A flow sample holding an unknown record (0:1002, 16 bytes) then a
     * sampled header, then an unknown sample type (0:5). */
    uint8_t body[400];
    struct xdr_buf b;
    xdr_init(&b, body, sizeof body);
    xdr_put_u32(&b, SFLOW_FLOW_SAMPLE);
    xdr_put_u32(&b, 32 + 24 + 28);
    uint32_t head[] = { 1, 5, 1, 10, 0, 5, 6, 2 };
    for (size_t i = 0; i < ARRAY_SIZE(head); i++) {
        xdr_put_u32(&b, head[i]);
    }
    xdr_put_u32(&b, 1002);
    xdr_put_u32(&b, 16);
    for (int i = 0; i < 4; i++) {
        xdr_put_u32(&b, 0xabcdef00u + (uint32_t) i);
    }
    struct sflow_flow_rec fr = { .tag = SFLOW_FLOW_HEADER };
    fr.u.header = (struct sflow_sampled_header) { .protocol = 1, .frame_length = 64,
                                                   .header_length = 4, .header = icmp_frame };
    ck_assert(sflow_encode_flow_rec(&b, &fr));
    xdr_put_u32(&b, SFLOW_TAG(0, 5));
    xdr_put_u32(&b, 8);
    xdr_put_u32(&b, 1);
    xdr_put_u32(&b, 2);
    ck_assert(!b.overflow);
    struct sflow_dgram d;
    decode_ok(wrap(body, b.len, 2, false), &d);
    ck_assert_uint_eq(d.n_samples, 2);
    ck_assert(d.samples[0].known);
    ck_assert_uint_eq(d.samples[0].n_recs, 2);
    ck_assert(!d.samples[0].recs[0].known);
    ck_assert_uint_eq(d.samples[0].recs[0].data_format, 1002);
    ck_assert_uint_eq(d.samples[0].recs[0].length, 16);
    ck_assert(d.samples[0].recs[1].known);
    ck_assert_uint_eq(d.samples[0].recs[1].flow.u.header.frame_length, 64);
    ck_assert(!d.samples[1].known);
    ck_assert_uint_eq(d.samples[1].data_format, 5);

    /* Printed as unknown, with their lengths. */
    char *text = printed(&d, "192.0.2.1:40000", false);
    ck_assert_ptr_nonnull(strstr(text, "unknown_record=0:1002 length=16"));
    ck_assert_ptr_nonnull(strstr(text, "unknown_sample=0:5 length=8"));
    ck_assert_ptr_nonnull(strstr(text, "sampled_header"));
    free(text);
    sflow_dgram_free(&d);
}
END_TEST

START_TEST(test_longer_known_record)
{
    /* A newer agent's host_cpu: the 68 bytes we know, then 12 more (later
     * revisions add cpu_steal, cpu_guest, cpu_guest_nice). The known part is
     * decoded, the rest skipped. */
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_HOST_CPU };
    r.u.host_cpu.cpu_num = 4;
    r.u.host_cpu.contexts = 99;
    uint8_t body[200];
    struct xdr_buf b;
    xdr_init(&b, body, sizeof body);
    xdr_put_u32(&b, SFLOW_COUNTERS_SAMPLE);
    xdr_put_u32(&b, 12 + 8 + 68 + 12);
    xdr_put_u32(&b, 1);
    xdr_put_u32(&b, 0x02000001);
    xdr_put_u32(&b, 1);
    size_t at = b.len;
    ck_assert(sflow_encode_counter_rec(&b, &r));
    set_be32(body + at + 4, 68 + 12);
    xdr_put_u32(&b, 7);
    xdr_put_u32(&b, 8);
    xdr_put_u32(&b, 9);
    ck_assert(!b.overflow);
    size_t len = wrap(body, b.len, 1, false);
    struct sflow_dgram d;
    struct sflow_dec_error err;
    ck_assert_msg(sflow_decode(dg, len, &d, &err), "%s at %zu", err.msg, err.offset);
    ck_assert(d.samples[0].recs[0].known);
    ck_assert_uint_eq(d.samples[0].recs[0].length, 80);
    ck_assert_uint_eq(d.samples[0].recs[0].ctr.u.host_cpu.cpu_num, 4);
    ck_assert_uint_eq(d.samples[0].recs[0].ctr.u.host_cpu.contexts, 99);
    sflow_dgram_free(&d);
}
END_TEST

/* ---- printing --------------------------------------------------------------- */

START_TEST(test_header_summary)
{
    char s[512];
    sflow_header_summary(SFLOW_HEADER_ETHERNET, icmp_frame, sizeof icmp_frame, s, sizeof s);
    ck_assert_str_eq(s, "eth 02:00:00:00:00:01>02:00:00:00:00:02 ipv4 10.10.0.1>10.10.0.2 "
                     "ttl=64 len=84 icmp echo-request id=7 seq=1");
    sflow_header_summary(SFLOW_HEADER_IPV4, icmp_frame + 14, sizeof icmp_frame - 14, s,
                         sizeof s);
    ck_assert_str_eq(s, "ipv4 10.10.0.1>10.10.0.2 ttl=64 len=84 icmp echo-request id=7 seq=1");
    /* Every truncation is summarized without reading past the end. */
    for (size_t n = 0; n < sizeof icmp_frame; n++) {
        uint8_t *copy = xmalloc(n ? n : 1);
        memcpy(copy, icmp_frame, n);
        sflow_header_summary(SFLOW_HEADER_ETHERNET, copy, n, s, sizeof s);
        ck_assert(s[0]);
        free(copy);
    }
    uint8_t v6[14 + 40 + 8] = { [12] = 0x86, [13] = 0xdd, [14] = 0x60, [18] = 0, [19] = 8,
                                [20] = 58, [21] = 64, [54] = 129 };
    v6[14 + 8 + 15] = 1;
    v6[14 + 24 + 15] = 2;
    sflow_header_summary(SFLOW_HEADER_ETHERNET, v6, sizeof v6, s, sizeof s);
    ck_assert_ptr_nonnull(strstr(s, "ipv6 ::1>::2 hlim=64 icmp6 echo-reply"));
    sflow_header_summary(SFLOW_HEADER_ETHERNET, v6, 20, s, 8);     /* tiny output */
    ck_assert_uint_eq(strlen(s), 7);
}
END_TEST

/* A 64-bit counter past 2^63 is printed exactly, in text and in JSON. */
START_TEST(test_print_u64_max)
{
    struct sflow_counter_rec r = { .tag = SFLOW_CTR_HOST_MEMORY };
    r.u.host_memory.mem_total = UINT64_MAX;
    r.u.host_memory.mem_free = (uint64_t) INT64_MAX;
    r.u.host_memory.mem_cached = (uint64_t) INT64_MAX + 1;
    struct sflow_counters_sample cs = { .seq = 1, .ds_class = 2, .ds_index = 1,
                                        .n_recs = 1, .recs = &r };
    uint8_t body[200];
    struct xdr_buf b;
    xdr_init(&b, body, sizeof body);
    ck_assert(sflow_encode_counters_sample(&b, &cs, false));
    struct sflow_dgram d;
    decode_ok(wrap(body, b.len, 1, false), &d);

    char *text = printed(&d, NULL, false);
    ck_assert_ptr_nonnull(strstr(text, " mem_total=18446744073709551615 "));
    ck_assert_ptr_nonnull(strstr(text, " mem_free=9223372036854775807 "));
    free(text);

    text = printed(&d, NULL, true);
    ck_assert_ptr_nonnull(strstr(text, "\"mem_total\":18446744073709551615,"));
    ck_assert_ptr_nonnull(strstr(text, "\"mem_free\":9223372036854775807,"));
    ck_assert_ptr_nonnull(strstr(text, "\"mem_cached\":9223372036854775808,"));
    ck_assert_ptr_null(strstr(text, "u64:"));
    json_error_t je;
    json_t *root = json_loads(text, JSON_DECODE_INT_AS_REAL, &je);
    ck_assert_msg(root != NULL, "bad JSON: %s", je.text);
    json_t *rec = json_array_get(json_object_get(json_array_get(json_object_get(root,
                                 "samples"), 0), "records"), 0);
    ck_assert(json_real_value(json_object_get(rec, "mem_total")) > 1.8e19);
    json_decref(root);
    free(text);
    sflow_dgram_free(&d);
}
END_TEST

START_TEST(test_print_text_and_json)
{
    size_t len = sample_datagram();
    struct sflow_dgram d;
    struct sflow_dec_error err;
    ck_assert(sflow_decode(dg, len, &d, &err));

    char *text = printed(&d, "192.0.2.1:1", false);
    /* A datagram line, then one line per record: 22 counters + 1 flow. */
    int lines = 0;
    for (char *p = text; *p; p++) {
        lines += *p == '\n';
    }
    ck_assert_int_eq(lines, 1 + 22 + 1);
    ck_assert_ptr_nonnull(strstr(text, "datagram from=192.0.2.1:1 agent=192.0.2.1 sub_agent=3 "
                                 "seq=77 uptime_ms=1234 samples=2"));
    ck_assert_ptr_nonnull(strstr(text, "counters_sample source=2:1 sample_seq=1 host_memory "
                                 "mem_total="));
    ck_assert_ptr_nonnull(strstr(text, "os_release=6.1.0-13-amd64"));
    ck_assert_ptr_nonnull(strstr(text, " port_name name=vif3.0\n"));
    ck_assert_ptr_nonnull(strstr(text, " ovs_dp_stats n_hit="));
    ck_assert_ptr_nonnull(strstr(text, "flow_sample source=0:5 sample_seq=1 rate=1 pool=0 "
                                 "drops=0 in=0 out=0 sampled_header protocol=1"));
    ck_assert_ptr_nonnull(strstr(text, "header=020000000002"));
    ck_assert_ptr_nonnull(strstr(text, "icmp echo-request"));
    free(text);

    text = printed(&d, "192.0.2.1:1", true);
    ck_assert_ptr_nonnull(strchr(text, '\n'));
    ck_assert_ptr_eq(strchr(text, '\n'), text + strlen(text) - 1);     /* one line */
    json_error_t je;
    /* Counters past 2^63 are exact integers jansson cannot hold: as reals. */
    json_t *root = json_loads(text, JSON_DECODE_INT_AS_REAL, &je);
    ck_assert_msg(root != NULL, "bad JSON: %s", je.text);
    ck_assert_str_eq(json_string_value(json_object_get(root, "agent")), "192.0.2.1");
    ck_assert(json_number_value(json_object_get(root, "seq")) == 77);
    json_t *samples = json_object_get(root, "samples");
    ck_assert_uint_eq(json_array_size(samples), 2);
    json_t *recs = json_object_get(json_array_get(samples, 0), "records");
    ck_assert_uint_eq(json_array_size(recs), 22);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(recs, 19), "name")),
                     "vif3.0");
    json_t *cpu = json_array_get(recs, 5);
    ck_assert_str_eq(json_string_value(json_object_get(cpu, "type")), "host_cpu");
    ck_assert(json_real_value(json_object_get(cpu, "load_five")) == 1.75);
    json_t *fl = json_array_get(samples, 1);
    ck_assert(json_number_value(json_object_get(fl, "sampling_rate")) == 1);
    json_t *hr = json_array_get(json_object_get(fl, "records"), 0);
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(hr, "decoded")),
                                 "icmp echo-request"));
    json_decref(root);
    free(text);
    sflow_dgram_free(&d);
}
END_TEST

CHECK_MAIN(
    .name = "sflow_dec",
    .tests = CHECK_TESTS(test_roundtrip_counters, test_roundtrip_flow,
                         test_every_truncation_reported, test_inconsistent_reported,
                         test_trailing_and_strings, test_unknown_types_skipped,
                         test_longer_known_record, test_header_summary,
                         test_print_text_and_json, test_print_u64_max))
