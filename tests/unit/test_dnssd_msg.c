/* Unit tests for the DNS message TTL walker, with well-formed and hostile
 * responses: truncations, compression loops, lengths past the end. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dnssd/dnssd_msg.h"
#include "common/util.h"
#include "check_run.h"

#define T_SRV 33
#define T_TXT 16
#define T_CNAME 5

/* A tiny message builder for the tests. */
struct msg {
    uint8_t b[2048];
    size_t n;
};

static void
put8(struct msg *m, unsigned int v)
{
    ck_assert(m->n < sizeof m->b);
    m->b[m->n++] = (uint8_t) v;
}

static void
put16(struct msg *m, unsigned int v)
{
    put8(m, v >> 8);
    put8(m, v & 0xff);
}

static void
put32(struct msg *m, uint32_t v)
{
    put16(m, v >> 16);
    put16(m, v & 0xffff);
}

static void
put_name(struct msg *m, const char *name)
{
    while (*name) {
        const char *dot = strchr(name, '.');
        size_t n = dot ? (size_t) (dot - name) : strlen(name);
        put8(m, (unsigned int) n);
        for (size_t i = 0; i < n; i++) {
            put8(m, (uint8_t) name[i]);
        }
        name += n + (dot ? 1 : 0);
    }
    put8(m, 0);
}

static void
header(struct msg *m, unsigned int flags, unsigned int qd, unsigned int an)
{
    m->n = 0;
    put16(m, 0x1234);
    put16(m, flags);
    put16(m, qd);
    put16(m, an);
    put16(m, 0);
    put16(m, 0);
}

/* Answer RR with owner = pointer to offset 12 (the question name). */
static void
answer(struct msg *m, unsigned int type, uint32_t ttl, const uint8_t *rdata, size_t rdlen)
{
    put16(m, 0xc000 | 12);
    put16(m, type);
    put16(m, 1);
    put32(m, ttl);
    put16(m, (unsigned int) rdlen);
    for (size_t i = 0; i < rdlen; i++) {
        put8(m, rdata[i]);
    }
}

static const uint8_t srv_rdata[] = { 0, 0, 0, 0, 0x18, 0xc7, 9, 'c', 'o', 'l', 'l', 'e', 'c',
                                     't', 'o', 'r', 0xc0, 24 };

/* Response to SRV _sflow._udp.test.lan with answers of TTL 300 and 120. */
static void
good_srv(struct msg *m)
{
    header(m, 0x8180, 1, 2);
    put_name(m, "_sflow._udp.test.lan");
    put16(m, T_SRV);
    put16(m, 1);
    answer(m, T_SRV, 300, srv_rdata, sizeof srv_rdata);
    answer(m, T_SRV, 120, srv_rdata, sizeof srv_rdata);
}

static bool
walk(const struct msg *m, size_t len, uint16_t type, uint32_t *ttl, char **err)
{
    /* Copy to an exact-size heap buffer so ASan sees any read past LEN. */
    uint8_t *copy = xmalloc(len ? len : 1);
    memcpy(copy, m->b, len);
    bool ok = dnssd_msg_min_ttl(copy, len, type, ttl, err);
    free(copy);
    return ok;
}

static void
expect_bad(const struct msg *m, size_t len, uint16_t type, const char *want)
{
    uint32_t ttl = 4242;
    char *err = NULL;
    ck_assert_msg(!walk(m, len, type, &ttl, &err), "accepted, wanted '%s'", want);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, want), "error '%s' does not mention '%s'", err, want);
    ck_assert_uint_eq(ttl, 4242);
    free(err);
}

START_TEST(test_min_ttl)
{
    struct msg m;
    uint32_t ttl = 0;
    char *err = NULL;
    good_srv(&m);
    ck_assert(walk(&m, m.n, T_SRV, &ttl, &err));
    ck_assert_ptr_null(err);
    ck_assert_uint_eq(ttl, 120);
    /* No answer of the type asked for. */
    expect_bad(&m, m.n, T_TXT, "no answer of type 16");
}
END_TEST

START_TEST(test_cname_and_top_bit)
{
    struct msg m;
    uint32_t ttl = 0;
    char *err = NULL;
    static const uint8_t txt[] = { 9, 't', 'x', 't', 'v', 'e', 'r', 's', '=', '1' };
    static const uint8_t cname[] = { 1, 'x', 0xc0, 12 };
    header(&m, 0x8580, 1, 2);
    put_name(&m, "_sflow._udp.test.lan");
    put16(&m, T_TXT);
    put16(&m, 1);
    answer(&m, T_CNAME, 30, cname, sizeof cname);
    answer(&m, T_TXT, 600, txt, sizeof txt);
    ck_assert(walk(&m, m.n, T_TXT, &ttl, &err));
    ck_assert_uint_eq(ttl, 30);

    /* RFC 2181: a TTL with the top bit set counts as zero. */
    header(&m, 0x8180, 1, 1);
    put_name(&m, "a.b");
    put16(&m, T_TXT);
    put16(&m, 1);
    answer(&m, T_TXT, 0x80000010u, txt, sizeof txt);
    ck_assert(walk(&m, m.n, T_TXT, &ttl, &err));
    ck_assert_uint_eq(ttl, 0);

    /* Answers in another class do not count. */
    header(&m, 0x8180, 0, 1);
    put8(&m, 0);
    put16(&m, T_TXT);
    put16(&m, 3);
    put32(&m, 5);
    put16(&m, 0);
    expect_bad(&m, m.n, T_TXT, "no answer");
}
END_TEST

START_TEST(test_header_checks)
{
    struct msg m;
    good_srv(&m);
    for (size_t len = 0; len < 12; len++) {
        expect_bad(&m, len, T_SRV, "shorter than a DNS header");
    }
    m.b[2] &= 0x7f;
    expect_bad(&m, m.n, T_SRV, "not a response");
    good_srv(&m);
    m.b[3] |= 3;
    expect_bad(&m, m.n, T_SRV, "response code 3");
    good_srv(&m);
    m.b[2] |= 0x02;
    expect_bad(&m, m.n, T_SRV, "truncated");
}
END_TEST

START_TEST(test_every_truncation_fails)
{
    struct msg m;
    good_srv(&m);
    for (size_t len = 0; len < m.n; len++) {
        uint32_t ttl;
        char *err = NULL;
        ck_assert_msg(!walk(&m, len, T_SRV, &ttl, &err), "prefix of %zu bytes accepted", len);
        ck_assert_ptr_nonnull(err);
        free(err);
    }
}
END_TEST

START_TEST(test_lengths_past_end)
{
    struct msg m;
    good_srv(&m);
    /* rdlength of the last answer says one byte more than there is. */
    size_t rdlen_at = m.n - sizeof srv_rdata - 2;
    m.b[rdlen_at + 1]++;
    expect_bad(&m, m.n, T_SRV, "runs past the end");
    m.b[rdlen_at] = 0xff;
    expect_bad(&m, m.n, T_SRV, "runs past the end");

    /* A label longer than what is left. */
    header(&m, 0x8180, 1, 0);
    put8(&m, 63);
    put8(&m, 'a');
    expect_bad(&m, m.n, T_SRV, "runs past the end");

    /* A compression pointer cut in half. */
    header(&m, 0x8180, 0, 1);
    put8(&m, 0xc0);
    expect_bad(&m, m.n, T_SRV, "cut short");

    /* More answers announced than present. */
    good_srv(&m);
    m.b[7] = 3;
    expect_bad(&m, m.n, T_SRV, "past the end");
}
END_TEST

START_TEST(test_compression_loops)
{
    struct msg m;
    /* Question name that is a pointer to itself. */
    header(&m, 0x8180, 1, 0);
    put16(&m, 0xc000 | 12);
    put16(&m, T_SRV);
    put16(&m, 1);
    expect_bad(&m, m.n, T_SRV, "does not point backwards");

    /* Label then a pointer back to that label: a loop inside one name. */
    header(&m, 0x8180, 1, 0);
    put8(&m, 1);
    put8(&m, 'a');
    put16(&m, 0xc000 | 12);
    put16(&m, T_SRV);
    put16(&m, 1);
    expect_bad(&m, m.n, T_SRV, "does not point backwards");

    /* A forward pointer. */
    header(&m, 0x8180, 1, 0);
    put16(&m, 0xc000 | 40);
    put16(&m, T_SRV);
    put16(&m, 1);
    expect_bad(&m, m.n, T_SRV, "does not point backwards");

    /* Two names pointing at each other: the second points back to the
     * first, whose pointer goes forward to the second. */
    header(&m, 0x8180, 1, 1);
    put16(&m, 0xc000 | 18);   /* question at 12 -> 18 */
    put16(&m, T_SRV);
    put16(&m, 1);
    put16(&m, 0xc000 | 12);   /* answer owner at 18 -> 12 */
    put16(&m, T_SRV);
    put16(&m, 1);
    put32(&m, 1);
    put16(&m, 0);
    expect_bad(&m, m.n, T_SRV, "does not point backwards");
}
END_TEST

START_TEST(test_hop_limit_and_name_length)
{
    struct msg m;
    /* Question section: 40 names, each "x" + pointer to the previous one;
     * the answer's owner points at the last, 40 hops deep. */
    header(&m, 0x8180, 41, 1);
    size_t prev = m.n;
    put8(&m, 0);
    put16(&m, T_SRV);
    put16(&m, 1);
    for (int i = 0; i < 40; i++) {
        size_t here = m.n;
        put8(&m, 1);
        put8(&m, 'x');
        put16(&m, 0xc000 | (unsigned int) prev);
        put16(&m, T_SRV);
        put16(&m, 1);
        prev = here;
    }
    put16(&m, 0xc000 | (unsigned int) prev);
    put16(&m, T_SRV);
    put16(&m, 1);
    put32(&m, 9);
    put16(&m, 0);
    expect_bad(&m, m.n, T_SRV, "too many compression hops");

    /* A name of more than 255 bytes, without compression. */
    header(&m, 0x8180, 1, 0);
    for (int i = 0; i < 5; i++) {
        put8(&m, 60);
        for (int j = 0; j < 60; j++) {
            put8(&m, 'a');
        }
    }
    put8(&m, 0);
    put16(&m, T_SRV);
    put16(&m, 1);
    expect_bad(&m, m.n, T_SRV, "longer than 255");

    /* Extended label types are not allowed. */
    header(&m, 0x8180, 1, 0);
    put8(&m, 0x41);
    put8(&m, 0);
    put16(&m, T_SRV);
    put16(&m, 1);
    expect_bad(&m, m.n, T_SRV, "unsupported label type 0x41");
}
END_TEST

CHECK_MAIN(
    .name = "dnssd_msg",
    .tests = CHECK_TESTS(test_min_ttl, test_cname_and_top_bit, test_header_checks,
                         test_every_truncation_fails, test_lengths_past_end,
                         test_compression_loops, test_hop_limit_and_name_length))
