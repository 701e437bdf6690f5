/* Unit tests for the text helpers of util (UTF-8 check, escaping) and for
 * the logger, which escapes every line it writes. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "check_run.h"

START_TEST(test_utf8)
{
    ck_assert(str_is_utf8(""));
    ck_assert(str_is_utf8("eth0"));
    ck_assert(str_is_utf8("br\xc3\xa9"));                  /* é */
    ck_assert(str_is_utf8("\xe2\x82\xac \xf0\x9f\x98\x80"));  /* € and an emoji */
    ck_assert(!str_is_utf8("eth\xff"));
    ck_assert(!str_is_utf8("\xc3"));                        /* cut */
    ck_assert(!str_is_utf8("\xc0\xaf"));                    /* overlong '/' */
    ck_assert(!str_is_utf8("\xe0\x80\xaf"));                /* overlong */
    ck_assert(!str_is_utf8("\xed\xa0\x80"));                /* surrogate */
    ck_assert(!str_is_utf8("\xf4\x90\x80\x80"));            /* past U+10FFFF */
}
END_TEST

START_TEST(test_escape)
{
    struct { const char *in, *out; } cases[] = {
        { "plain text, 'quoted'", "plain text, 'quoted'" },
        { "a\nb\rc\td", "a\\x0ab\\x0dc\\x09d" },
        { "\x1b[31mred", "\\x1b[31mred" },
        { "del\x7f", "del\\x7f" },
        { "br\xc3\xa9", "br\xc3\xa9" },
        { "c1\xc2\x9b", "c1\\xc2\\x9b" },
        { "bad\xff\xfe", "bad\\xff\\xfe" },
        { "cut\xe2\x82", "cut\\xe2\\x82" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char *e = str_escape(cases[i].in);
        ck_assert_str_eq(e, cases[i].out);
        ck_assert(str_is_utf8(e));
        free(e);
    }
}
END_TEST

START_TEST(test_log_escapes)
{
    char path[] = "/tmp/test_common_util.XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    log_open("test", false, LOG_INFO);
    ck_assert(log_set_file(path));
    log_msg(LOG_WARNING, "line 2: bad agent device '%s'", "x\xff\nforged[error]: y");
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char buf[256];
    ck_assert_ptr_nonnull(fgets(buf, sizeof buf, f));
    ck_assert_ptr_nonnull(strstr(buf, "bad agent device 'x\\xff\\x0aforged[error]: y'\n"));
    ck_assert_ptr_null(fgets(buf, sizeof buf, f));     /* one line, not two */
    fclose(f);
    unlink(path);
}
END_TEST

CHECK_MAIN(.name = "util", .tests = CHECK_TESTS(test_utf8, test_escape, test_log_escapes))
