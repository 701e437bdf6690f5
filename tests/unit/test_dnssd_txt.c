/* Unit tests for the DNS-SD TXT parser: values in range are taken, anything
 * out of range or malformed rejects the record and leaves the result as it
 * was. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dnssd/dnssd_txt.h"
#include "common/util.h"
#include "check_run.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A result as a previous refresh would leave it. */
static void
prefilled(struct dnssd_result *r)
{
    dnssd_result_init(r);
    ck_assert(hsauto_add_collector(&r->settings, "192.0.2.1", 6343));
    r->settings.sampling = 400;
    r->sampling_given = true;
    r->settings.polling = 30;
    r->polling_given = true;
    r->settings.agent_ip = xstrdup("192.0.2.9");
    ck_assert(hsauto_set_kv(&r->settings, true, "1G", 1000));
    r->agent_cidr = xstrdup("192.0.2.0/24");
    r->ttl = 77;
}

/* Parses TXT, expecting rejection with an error naming WANT; OUT untouched. */
static void
expect_reject(const char *const *txt, size_t n, const char *want)
{
    struct dnssd_result r, before;
    char *err = NULL;
    prefilled(&r);
    dnssd_result_copy(&before, &r);
    ck_assert_msg(!dnssd_txt_parse(txt, n, &r, &err), "accepted, wanted '%s'", want);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, want), "error '%s' does not mention '%s'", err, want);
    ck_assert(dnssd_result_equal(&r, &before));
    ck_assert_uint_eq(r.ttl, 77);
    free(err);
    dnssd_result_destroy(&r);
    dnssd_result_destroy(&before);
}

static void
reject1(const char *s, const char *want)
{
    const char *txt[] = { "txtvers=1", s };
    expect_reject(txt, N(txt), want);
}

START_TEST(test_full_record)
{
    const char *txt[] = {
        "txtvers=1", "sampling=512", "polling=20", "sampling.10G=2000",
        "polling.vm=10", "headerBytes=256", "agentIP=2001:db8::5", "agent=xenbr0",
        "agent.cidr=10.0.0.0/8",
    };
    struct dnssd_result r;
    char *err = NULL;
    prefilled(&r);
    ck_assert(dnssd_txt_parse(txt, N(txt), &r, &err));
    ck_assert_ptr_null(err);
    ck_assert_uint_eq(r.settings.sampling, 512);
    ck_assert_uint_eq(r.settings.polling, 20);
    ck_assert_uint_eq(r.settings.header, 256);
    ck_assert(r.sampling_given && r.polling_given && r.header_given);
    ck_assert_uint_eq(r.settings.n_samplings, 1);
    ck_assert_str_eq(r.settings.samplings[0].name, "10G");
    ck_assert_uint_eq(r.settings.samplings[0].value, 2000);
    ck_assert_uint_eq(r.settings.n_pollings, 1);
    ck_assert_str_eq(r.settings.pollings[0].name, "vm");
    ck_assert_uint_eq(r.settings.pollings[0].value, 10);
    ck_assert_str_eq(r.settings.agent_ip, "2001:db8::5");
    ck_assert_str_eq(r.settings.agent_dev, "xenbr0");
    ck_assert_str_eq(r.agent_cidr, "10.0.0.0/8");
    /* Collectors and TTL are not TXT fields: they stay. */
    ck_assert_uint_eq(r.settings.n_collectors, 1);
    ck_assert_str_eq(r.settings.collectors[0].addr, "192.0.2.1");
    ck_assert_uint_eq(r.ttl, 77);
    dnssd_result_destroy(&r);
}
END_TEST

START_TEST(test_absent_fields_cleared)
{
    /* A record without a key means "not given", even if the last one had it. */
    const char *txt[] = { "txtvers=1", "polling=0" };
    struct dnssd_result r;
    char *err = NULL;
    prefilled(&r);
    ck_assert(dnssd_txt_parse(txt, N(txt), &r, &err));
    ck_assert(!r.sampling_given);
    ck_assert_uint_eq(r.settings.sampling, 0);
    ck_assert(r.polling_given);
    ck_assert_uint_eq(r.settings.polling, 0);
    ck_assert_ptr_null(r.settings.agent_ip);
    ck_assert_ptr_null(r.agent_cidr);
    ck_assert_uint_eq(r.settings.n_samplings, 0);
    ck_assert_uint_eq(r.settings.n_collectors, 1);

    /* No strings at all (no TXT record) clears every TXT field. */
    ck_assert(dnssd_txt_parse(NULL, 0, &r, &err));
    ck_assert(!r.polling_given);
    dnssd_result_destroy(&r);
}
END_TEST

START_TEST(test_keys_case_unknown_empty)
{
    const char *txt[] = { "", "TxtVers=1", "SAMPLING=300", "Polling=5", "future=whatever",
                          "flag" };
    struct dnssd_result r;
    char *err = NULL;
    dnssd_result_init(&r);
    ck_assert(dnssd_txt_parse(txt, N(txt), &r, &err));
    ck_assert_uint_eq(r.settings.sampling, 300);
    ck_assert_uint_eq(r.settings.polling, 5);
    /* txtvers is optional. */
    const char *txt2[] = { "sampling=1" };
    ck_assert(dnssd_txt_parse(txt2, N(txt2), &r, &err));
    ck_assert_uint_eq(r.settings.sampling, 1);
    dnssd_result_destroy(&r);
}
END_TEST

START_TEST(test_limits_accepted)
{
    const char *txt[] = { "sampling=4294967295", "polling=300", "headerBytes=0",
                          "sampling.x=1", "polling.y=0" };
    struct dnssd_result r;
    char *err = NULL;
    dnssd_result_init(&r);
    ck_assert(dnssd_txt_parse(txt, N(txt), &r, &err));
    ck_assert_uint_eq(r.settings.sampling, 4294967295u);
    ck_assert_uint_eq(r.settings.polling, 300);
    ck_assert(r.header_given);
    ck_assert_uint_eq(r.settings.header, 0);
    dnssd_result_destroy(&r);
}
END_TEST

START_TEST(test_hostile_numbers)
{
    reject1("sampling=-1", "sampling '-1'");
    reject1("sampling=0", "sampling '0'");
    reject1("sampling=4294967296", "sampling '4294967296'");
    reject1("sampling=abc", "sampling 'abc'");
    reject1("sampling=", "sampling ''");
    reject1("sampling=12x", "sampling '12x'");
    reject1("sampling=+5", "sampling '+5'");
    reject1("sampling=0x10", "sampling '0x10'");
    reject1("sampling=99999999999999999999999", "sampling '9999");
    reject1("sampling", "has no value");
    reject1("polling=99999999999", "polling '99999999999'");
    reject1("polling=301", "polling '301'");
    reject1("polling=-1", "polling '-1'");
    reject1("headerBytes=257", "headerBytes '257'");
    reject1("sampling.10G=0", "sampling.10G '0'");
    reject1("polling.vm=1000", "polling.vm '1000'");
    reject1("sampling.bad/name=5", "bad name");
    reject1("sampling.=5", "bad name");
}
END_TEST

START_TEST(test_hostile_versions_and_text)
{
    const char *v2[] = { "txtvers=2", "sampling=512" };
    expect_reject(v2, N(v2), "txtvers '2'");
    const char *vx[] = { "txtvers=one" };
    expect_reject(vx, N(vx), "txtvers 'one'");
    reject1("agentIP=not-an-ip", "agentIP");
    reject1("agentIP=300.1.1.1", "agentIP");
    reject1("agent=averyveryverylongname", "agent 'averyveryverylongname'");
    reject1("agent=../etc", "agent");
    reject1("agent.cidr=10.0.0.0/33", "agent.cidr");
    reject1("agent.cidr=10.0.0.0", "agent.cidr");
    reject1("agent.cidr=fe80::/129", "agent.cidr");
    reject1("sampling=5 12", "blanks");
    reject1("sampling=\x01", "non-printable");
    reject1("sampling=\xc3\xa9", "non-printable");
    const char *dup[] = { "sampling=1", "SAMPLING=2" };
    expect_reject(dup, N(dup), "given twice");
    const char *dupkv[] = { "sampling.x=1", "Sampling.X=2" };
    expect_reject(dupkv, N(dupkv), "given twice");
}
END_TEST

START_TEST(test_hostile_sizes)
{
    char *big = xmalloc(4097);
    memset(big, '9', 4096);
    big[4096] = '\0';
    memcpy(big, "sampling=", 9);
    reject1(big, "4096 bytes long");
    /* 255 bytes is the longest DNS character-string: an unknown key that
     * long is fine, one byte more is not. */
    big[255] = '\0';
    memcpy(big, "zzzzzzzzz", 9);
    const char *ok[] = { big };
    struct dnssd_result r;
    char *err = NULL;
    dnssd_result_init(&r);
    ck_assert(dnssd_txt_parse(ok, 1, &r, &err));
    dnssd_result_destroy(&r);
    big[255] = 'z';
    big[256] = '\0';
    reject1(big, "256 bytes long");
    free(big);

    const char *many[DNSSD_MAX_TXT_STRINGS + 1];
    for (size_t i = 0; i < N(many); i++) {
        many[i] = "x=1";
    }
    expect_reject(many, N(many), "65 TXT strings");
    dnssd_result_init(&r);
    ck_assert(dnssd_txt_parse(many, DNSSD_MAX_TXT_STRINGS, &r, &err));
    dnssd_result_destroy(&r);
}
END_TEST

START_TEST(test_error_names_string)
{
    const char *txt[] = { "txtvers=1", "polling=20", "sampling=-1" };
    struct dnssd_result r;
    char *err = NULL;
    dnssd_result_init(&r);
    ck_assert(!dnssd_txt_parse(txt, N(txt), &r, &err));
    ck_assert_str_eq(err, "TXT string 3: sampling '-1' is not a number in 1..4294967295");
    free(err);
    /* Nothing of the record was applied, not even the good polling=20. */
    ck_assert(!r.polling_given);
    dnssd_result_destroy(&r);
}
END_TEST

CHECK_MAIN(
    .name = "dnssd_txt",
    .tests = CHECK_TESTS(test_full_record, test_absent_fields_cleared,
                         test_keys_case_unknown_empty, test_limits_accepted,
                         test_hostile_numbers, test_hostile_versions_and_text,
                         test_hostile_sizes, test_error_names_string))
