/* Unit tests for the pcap { } keys of hsflowd.conf: every key the older
 * agent has, the pattern and speed forms. (Bad values: test_hsflowd_hsconfig's
 * table of malformed files.) */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "hsflowd/hsconfig.h"
#include "hsflowd/hsconfig_io.h"
#include "hsflowd/hsconfig_pcap.h"
#include "tests/unit/check_run.h"

static void
parse_ok(const char *text, struct hsconfig *c)
{
    char *err = NULL;
    if (!hsconfig_parse("t.conf", text, strlen(text), c, &err)) {
        ck_abort_msg("%s", err);
    }
}

START_TEST(test_blocks)
{
    static const char text[] =
        "sflow {\n"
        "  collector { ip = 127.0.0.1 }\n"
        "  pcap { dev = vmbr0 }\n"
        "  pcap { dev = tap.* promisc = on vport = off sampling = 50 }\n"
        "  pcap { speed = 1G-1T }\n"
        "  pcap { speed = 10G }\n"
        "  pcap { speed = 1- }\n"
        "  PCAP { DEV = eth0 Speed = 100m-10g }\n"
        "}\n";
    struct hsconfig c;
    parse_ok(text, &c);
    ck_assert_uint_eq(c.n_pcaps, 6);
    ck_assert_uint_eq(c.n_notices, 0);
    ck_assert_str_eq(c.pcaps[0].dev, "vmbr0");
    ck_assert(!c.pcaps[0].speed_set && !c.pcaps[0].promisc && !c.pcaps[0].sampling_set);
    ck_assert_int_eq(c.pcaps[0].vport, -1);
    ck_assert_int_eq(c.pcaps[0].line, 3);
    ck_assert_str_eq(c.pcaps[1].dev, "tap.*");
    ck_assert(c.pcaps[1].promisc && c.pcaps[1].sampling_set);
    ck_assert_int_eq(c.pcaps[1].vport, 0);
    ck_assert_uint_eq(c.pcaps[1].sampling, 50);
    ck_assert_ptr_null(c.pcaps[2].dev);
    ck_assert(c.pcaps[2].speed_set);
    ck_assert_uint_eq(c.pcaps[2].speed_min, 1000000000ULL);
    ck_assert_uint_eq(c.pcaps[2].speed_max, 1000000000000ULL);
    ck_assert_uint_eq(c.pcaps[3].speed_min, 10000000000ULL);
    ck_assert_uint_eq(c.pcaps[3].speed_max, 10000000000ULL);
    ck_assert_uint_eq(c.pcaps[4].speed_min, 1);
    ck_assert_uint_eq(c.pcaps[4].speed_max, UINT64_MAX);
    ck_assert_str_eq(c.pcaps[5].dev, "eth0");
    ck_assert_uint_eq(c.pcaps[5].speed_min, 100000000ULL);
    ck_assert_uint_eq(c.pcaps[5].speed_max, 10000000000ULL);
    char *f = hsconfig_format(&c);
    ck_assert_ptr_nonnull(strstr(f, "pcap dev tap.* speed - promisc on vport off sampling 50\n"));
    ck_assert_ptr_nonnull(strstr(f, "pcap dev - speed 1000000000-1000000000000 promisc off "
                                    "vport - sampling -\n"));
    ck_assert_ptr_nonnull(strstr(f, "pcap dev - speed 1- "));
    free(f);
    hsconfig_destroy(&c);
    ck_assert_uint_eq(c.n_pcaps, 0);
}
END_TEST

START_TEST(test_speed_and_pattern)
{
    uint64_t v;
    ck_assert(hsconfig_parse_speed("0", &v) && v == 0);
    ck_assert(hsconfig_parse_speed("25G", &v) && v == 25000000000ULL);
    ck_assert(hsconfig_parse_speed("400k", &v) && v == 400000);
    ck_assert(hsconfig_parse_speed("18446744073709551615", &v) && v == UINT64_MAX);
    ck_assert(!hsconfig_parse_speed("20000000T", &v));
    ck_assert(!hsconfig_parse_speed("G", &v));
    ck_assert(!hsconfig_parse_speed("", &v));
    ck_assert(!hsconfig_parse_speed("-1", &v));
    ck_assert(!hsconfig_parse_speed("1.5G", &v));
    ck_assert(!hsconfig_parse_speed("1X", &v));
    ck_assert(hsconfig_pcap_is_pattern("tap.*"));
    ck_assert(hsconfig_pcap_is_pattern("tap[0-9]+i0"));
    ck_assert(!hsconfig_pcap_is_pattern("eth0.100"));
    ck_assert(!hsconfig_pcap_is_pattern("vmbr0"));
}
END_TEST

static Suite *
pcap_config_suite(void)
{
    Suite *s = suite_create("pcap_config");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_blocks);
    tcase_add_test(tc, test_speed_and_pattern);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return check_run(pcap_config_suite());
}
