/* Unit tests for the OVSDB stream framer: back-to-back JSON texts split at
 * every byte boundary, several texts in one read, strings with brackets and
 * escaped quotes, oversized and malformed input. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ovsdb/framer.h"
#include "common/util.h"
#include "check_run.h"

/* Feeds DATA in chunks of the given sizes (cycled) and collects complete
 * texts joined by '|'. Returns false on a framing error. */
static bool
frame_chunks(const char *data, const size_t *chunks, size_t n_chunks, size_t max,
             char *out, size_t out_size, const char **error)
{
    struct ovsdb_framer f;
    size_t len = strlen(data), off = 0, c = 0;
    bool ok = true;

    ovsdb_framer_init(&f, max);
    out[0] = '\0';
    while (off < len && ok) {
        size_t chunk = chunks[c++ % n_chunks];
        if (chunk > len - off) {
            chunk = len - off;
        }
        size_t pos = 0;
        while (pos < chunk) {
            size_t n = chunk - pos;
            enum ovsdb_framer_status st = ovsdb_framer_feed(&f, data + off + pos, &n, error);
            ck_assert_uint_le(n, chunk - pos);
            pos += n;
            if (st == OVSDB_FRAMER_ERROR) {
                ok = false;
                break;
            }
            if (st == OVSDB_FRAMER_TEXT) {
                size_t tlen;
                const char *t = ovsdb_framer_text(&f, &tlen);
                if (out[0]) {
                    strncat(out, "|", out_size - strlen(out) - 1);
                }
                strncat(out, t, tlen < out_size - strlen(out) - 1 ? tlen
                                                                   : out_size - strlen(out) - 1);
            }
        }
        off += chunk;
    }
    ovsdb_framer_destroy(&f);
    return ok;
}

static const char stream3[] =
    "{\"id\":1,\"result\":{\"a\":[1,2,{\"b\":\"}]\"}]},\"error\":null}"
    "  \n[\"x\\\"]{\",\"\\\\\"]"
    "{\"method\":\"update2\",\"params\":[\"monitor\",{\"T\":{}}],\"id\":null}";
static const char want3[] =
    "{\"id\":1,\"result\":{\"a\":[1,2,{\"b\":\"}]\"}]},\"error\":null}"
    "|[\"x\\\"]{\",\"\\\\\"]"
    "|{\"method\":\"update2\",\"params\":[\"monitor\",{\"T\":{}}],\"id\":null}";

START_TEST(test_one_read)
{
    char out[1024];
    const char *error;
    size_t all = sizeof stream3;
    ck_assert(frame_chunks(stream3, &all, 1, 1 << 20, out, sizeof out, &error));
    ck_assert_str_eq(out, want3);
}
END_TEST

START_TEST(test_every_split)
{
    /* Two chunks, split at every byte boundary. */
    size_t len = strlen(stream3);
    for (size_t at = 1; at < len; at++) {
        size_t chunks[2] = { at, len };
        char out[1024];
        const char *error;
        ck_assert(frame_chunks(stream3, chunks, 2, 1 << 20, out, sizeof out, &error));
        ck_assert_str_eq(out, want3);
    }
}
END_TEST

START_TEST(test_byte_by_byte)
{
    size_t one = 1;
    char out[1024];
    const char *error;
    ck_assert(frame_chunks(stream3, &one, 1, 1 << 20, out, sizeof out, &error));
    ck_assert_str_eq(out, want3);
}
END_TEST

START_TEST(test_oversized)
{
    char big[300];
    memset(big, 'a', sizeof big);
    memcpy(big, "[\"", 2);
    memcpy(big + sizeof big - 3, "\"]", 3);
    size_t all = sizeof big;
    char out[1024];
    const char *error = NULL;
    /* 299 bytes of text: fits in 299, not in 298, whatever the chunking. */
    ck_assert(frame_chunks(big, &all, 1, 299, out, sizeof out, &error));
    ck_assert_str_eq(out, big);
    size_t seven = 7;
    ck_assert(frame_chunks(big, &seven, 1, 299, out, sizeof out, &error));
    ck_assert_str_eq(out, big);
    ck_assert(!frame_chunks(big, &seven, 1, 298, out, sizeof out, &error));
    ck_assert_ptr_nonnull(strstr(error, "maximum size"));
    ck_assert_ptr_nonnull(strstr(error, "maximum size"));
    ck_assert(!frame_chunks(big, &all, 1, 200, out, sizeof out, &error));
    ck_assert_ptr_nonnull(strstr(error, "maximum size"));
}
END_TEST

START_TEST(test_malformed)
{
    size_t all = 1000;
    char out[1024];
    const char *error = NULL;
    ck_assert(!frame_chunks("{\"a\":1} hello", &all, 1, 1 << 20, out, sizeof out, &error));
    ck_assert_str_eq(out, "{\"a\":1}");
    ck_assert_ptr_nonnull(strstr(error, "does not start"));
    ck_assert(!frame_chunks("[1]]", &all, 1, 1 << 20, out, sizeof out, &error));
    ck_assert_str_eq(out, "[1]");
    /* An error is sticky until reset. */
    struct ovsdb_framer f;
    ovsdb_framer_init(&f, 100);
    size_t n = 3;
    ck_assert_int_eq(ovsdb_framer_feed(&f, "x{}", &n, &error), OVSDB_FRAMER_ERROR);
    n = 2;
    ck_assert_int_eq(ovsdb_framer_feed(&f, "{}", &n, &error), OVSDB_FRAMER_ERROR);
    ovsdb_framer_reset(&f);
    n = 2;
    ck_assert_int_eq(ovsdb_framer_feed(&f, "{}", &n, &error), OVSDB_FRAMER_TEXT);
    ovsdb_framer_destroy(&f);
}
END_TEST

START_TEST(test_partial_then_more)
{
    struct ovsdb_framer f;
    const char *error;
    ovsdb_framer_init(&f, 1000);
    size_t n = 5;
    ck_assert_int_eq(ovsdb_framer_feed(&f, "{\"a\":", &n, &error), OVSDB_FRAMER_NEED_MORE);
    ck_assert_uint_eq(n, 5);
    n = 6;
    ck_assert_int_eq(ovsdb_framer_feed(&f, "\"{\"}[]", &n, &error), OVSDB_FRAMER_TEXT);
    ck_assert_uint_eq(n, 4);
    size_t len;
    const char *t = ovsdb_framer_text(&f, &len);
    ck_assert_uint_eq(len, 9);
    ck_assert(!memcmp(t, "{\"a\":\"{\"}", 9));
    n = 2;
    ck_assert_int_eq(ovsdb_framer_feed(&f, "[]", &n, &error), OVSDB_FRAMER_TEXT);
    t = ovsdb_framer_text(&f, &len);
    ck_assert_uint_eq(len, 2);
    ovsdb_framer_destroy(&f);
}
END_TEST

/* Feeds TEXT to F and checks the status and how many bytes it took. */
static void
feed_expect(struct ovsdb_framer *f, const char *text, enum ovsdb_framer_status want,
            size_t want_n)
{
    const char *error;
    size_t n = strlen(text);
    ck_assert_int_eq(ovsdb_framer_feed(f, text, &n, &error), want);
    ck_assert_uint_eq(n, want_n);
}

/* Whitespace alone, before any text: nothing to keep, nothing copied (the
 * buffer is not even allocated yet). */
START_TEST(test_leading_whitespace)
{
    struct ovsdb_framer f;
    ovsdb_framer_init(&f, 1000);
    feed_expect(&f, "\n", OVSDB_FRAMER_NEED_MORE, 1);
    feed_expect(&f, " \r\t", OVSDB_FRAMER_NEED_MORE, 3);
    feed_expect(&f, "\n[1]", OVSDB_FRAMER_TEXT, 4);
    size_t len;
    const char *t = ovsdb_framer_text(&f, &len);
    ck_assert_uint_eq(len, 3);
    ck_assert(!memcmp(t, "[1]", 3));
    ovsdb_framer_destroy(&f);
}
END_TEST

CHECK_MAIN(
    .name = "ovsdb_framer",
    .tests = CHECK_TESTS(test_one_read, test_every_split, test_byte_by_byte, test_oversized,
                         test_malformed, test_partial_then_more, test_leading_whitespace))
