/* Unit tests for the tables of hsflowd.conf keys and blocks: each row is
 * consistent (a spelling is found once per scope, every notice has a text,
 * every stored key has a place to go), and a row does what it says. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hsflowd/hsconfig_int.h"
#include "common/util.h"
#include "check_run.h"

START_TEST(test_rows)
{
    for (size_t i = 0; i < hsconfig_n_keys; i++) {
        const struct hsconfig_key *k = &hsconfig_keys[i];
        ck_assert_msg(k->name && *k->name, "row %zu has no name", i);
        ck_assert_msg(k->blocks && !(k->blocks & HB(HB_SKIP)), "%s: bad scopes", k->name);
        ck_assert_msg((k->effect == HE_SET) == !k->notice, "%s: notice and effect disagree",
                      k->name);
        if (k->effect == HE_IGNORED) {
            ck_assert_msg(k->field == HSCONFIG_NO_FIELD && !k->apply,
                          "%s: ignored but stored", k->name);
        } else {
            ck_assert_msg(k->field != HSCONFIG_NO_FIELD || k->apply,
                          "%s: stored nowhere", k->name);
        }
        ck_assert_msg(k->type != HT_UINT || k->min <= k->max, "%s: empty range", k->name);
        for (size_t j = i + 1; j < hsconfig_n_keys; j++) {
            const struct hsconfig_key *o = &hsconfig_keys[j];
            ck_assert_msg(!str_ieq(k->name, o->name) || !(k->blocks & o->blocks),
                          "%s: two rows for one scope", k->name);
        }
    }
    for (size_t i = 0; i < hsconfig_n_blocks; i++) {
        const struct hsconfig_block_def *b = &hsconfig_blocks[i];
        ck_assert_msg(b->parents && b->kind < HB_N, "%s", b->name);
        ck_assert_msg(b->kind != HB_SKIP || b->notice, "%s: skipped without a notice",
                      b->name);
        for (size_t j = i + 1; j < hsconfig_n_blocks; j++) {
            ck_assert_msg(!str_ieq(b->name, hsconfig_blocks[j].name), "%s twice", b->name);
        }
    }
}
END_TEST

/* Each row with a range takes its ends and refuses one past them. */
START_TEST(test_ranges)
{
    for (size_t i = 0; i < hsconfig_n_keys; i++) {
        const struct hsconfig_key *k = &hsconfig_keys[i];
        if (k->type != HT_UINT || k->effect == HE_IGNORED || !(k->blocks & HB_FLAT)
            || k->name[strlen(k->name) - 1] == '.' || k->apply) {
            continue;
        }
        struct hsconfig c;
        char *err = NULL;
        char *text = xasprintf("%s = %llu\n", k->name, k->max);
        ck_assert_msg(hsconfig_parse("r", text, strlen(text), &c, &err), "%s", text);
        ck_assert_uint_eq(*(uint32_t *) ((char *) &c + k->field), k->max);
        hsconfig_destroy(&c);
        free(text);
        text = xasprintf("%s = %llu\n", k->name, k->max + 1);
        ck_assert_msg(!hsconfig_parse("r", text, strlen(text), &c, &err), "%s", text);
        ck_assert_ptr_nonnull(strstr(err, "is not a number in"));
        free(err);
        free(text);
    }
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("hsconfig_keys");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_rows);
    tcase_add_test(tc, test_ranges);
    suite_add_tcase(s, tc);
    return check_run(s);
}
