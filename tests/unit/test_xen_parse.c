/* Unit tests for the Xen module's parsers: tapdisk3's statistics layouts,
 * blkback numbers, device names, xenstore names and MACs, domain states. */
#include <config.h>

#include <check.h>
#include <string.h>

#include "check_run.h"
#include "sflow/sflow.h"
#include "xen/xen_guest.h"
#include "xen/xen_parse.h"

static void
put64(uint8_t *buf, size_t word, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        buf[word * 8 + (size_t) i] = (uint8_t) (v >> (8 * i));
    }
}

START_TEST(test_vbd3)
{
    uint8_t page[4096];
    memset(page, 0, sizeof page);
    for (size_t i = 0; i < 14; i++) {
        put64(page, i, 1000 + i);       /* ds f oo rd_req rd_cnt rd_sect ... */
    }
    struct xen_disk d;
    const char *why = NULL;
    ck_assert(xen_parse_vbd3(page, sizeof page, &d, &why));
    ck_assert_uint_eq(d.errs, 1002);
    ck_assert_uint_eq(d.rd_req, 1003);
    ck_assert_uint_eq(d.rd_bytes, 1005u * 512);
    ck_assert_uint_eq(d.wr_req, 1008);
    ck_assert_uint_eq(d.wr_bytes, 1010u * 512);
    ck_assert(xen_parse_vbd3(page, 104, &d, &why));     /* without flags */
    ck_assert(!xen_parse_vbd3(page, 103, &d, &why));
    ck_assert_ptr_nonnull(strstr(why, "shorter"));
    ck_assert(!xen_parse_vbd3(page, 4097, &d, &why));
    put64(page, 5, UINT64_MAX);
    ck_assert(xen_parse_vbd3(page, 112, &d, &why));
    ck_assert_uint_eq(d.rd_bytes, UINT64_MAX);          /* saturates, no wrap */
}
END_TEST

START_TEST(test_td3)
{
    uint8_t buf[96];
    memset(buf, 0, sizeof buf);
    buf[0] = 1;
    for (size_t i = 1; i < 12; i++) {
        put64(buf, i, 2000 + i);        /* oo rd_sub rd_comp rd_sect ... */
    }
    struct xen_disk d;
    const char *why = NULL;
    ck_assert(xen_parse_td3(buf, sizeof buf, &d, &why));
    ck_assert_uint_eq(d.rd_req, 2002);
    ck_assert_uint_eq(d.rd_bytes, 2004u * 512);
    ck_assert_uint_eq(d.wr_req, 2006);
    ck_assert_uint_eq(d.wr_bytes, 2008u * 512);
    ck_assert_uint_eq(d.errs, 2010);
    ck_assert(!xen_parse_td3(buf, 95, &d, &why));
    buf[0] = 2;
    ck_assert(!xen_parse_td3(buf, sizeof buf, &d, &why));
    ck_assert_ptr_nonnull(strstr(why, "version"));
}
END_TEST

START_TEST(test_numbers_and_names)
{
    uint64_t v;
    ck_assert(xen_parse_number("18446744073709551615\n", &v));
    ck_assert_uint_eq(v, UINT64_MAX);
    ck_assert(!xen_parse_number("18446744073709551616\n", &v));
    ck_assert(!xen_parse_number("-1\n", &v));
    ck_assert(!xen_parse_number("12 13\n", &v));
    ck_assert(!xen_parse_number("", &v));
    uint32_t dom, dev;
    ck_assert(xen_parse_devname("vbd3-12-51712", "vbd3-", '-', &dom, &dev));
    ck_assert_uint_eq(dom, 12);
    ck_assert_uint_eq(dev, 51712);
    ck_assert(xen_parse_devname("vif3.0", "vif", '.', &dom, &dev));
    ck_assert(!xen_parse_devname("vbd3-65536-1", "vbd3-", '-', &dom, &dev));
    ck_assert(!xen_parse_devname("vbd3-1-", "vbd3-", '-', &dom, &dev));
    ck_assert(!xen_parse_devname("vbd3-1-2x", "vbd3-", '-', &dom, &dev));
    ck_assert(!xen_parse_devname("vbd-1-2", "vbd3-", '-', &dom, &dev));
    const char *why = NULL;
    ck_assert(xen_check_name("vm-\xc3\xbc", 5, &why));
    ck_assert(!xen_check_name("bad\xff", 4, &why));
    ck_assert_str_eq(why, "is not UTF-8");
    ck_assert(!xen_check_name("a\nb", 3, &why));
    ck_assert(!xen_check_name("a\0b", 3, &why));
    char long_name[80];
    memset(long_name, 'x', 65);
    long_name[65] = '\0';
    ck_assert(!xen_check_name(long_name, 65, &why));
    ck_assert(!xen_check_name("", 0, &why));
    uint8_t mac[6];
    ck_assert(xen_parse_mac("00:16:3e:aa:bb:01", 17, mac));
    ck_assert_uint_eq(mac[5], 1);
    ck_assert(!xen_parse_mac("00:16:3e:aa:bb:01:02", 20, mac));
    ck_assert(!xen_parse_mac("zz:16:3e:aa:bb:01", 17, mac));
}
END_TEST

START_TEST(test_states)
{
    ck_assert_uint_eq(xen_guest_state(XEN_CTL_RUNNING), SFLOW_VIRT_RUNNING);
    ck_assert_uint_eq(xen_guest_state(XEN_CTL_BLOCKED), SFLOW_VIRT_BLOCKED);
    ck_assert_uint_eq(xen_guest_state(XEN_CTL_PAUSED | XEN_CTL_BLOCKED), SFLOW_VIRT_PAUSED);
    ck_assert_uint_eq(xen_guest_state(XEN_CTL_SHUTDOWN), SFLOW_VIRT_SHUTDOWN);
    ck_assert_uint_eq(xen_guest_state(XEN_CTL_SHUTDOWN | 3u << XEN_CTL_SHUTDOWN_SHIFT),
                      SFLOW_VIRT_CRASHED);
    ck_assert_uint_eq(xen_guest_state(0), SFLOW_VIRT_NOSTATE);
}
END_TEST

CHECK_MAIN(
    .name = "xen_parse",
    .tests = CHECK_TESTS(test_vbd3, test_td3, test_numbers_and_names, test_states))
