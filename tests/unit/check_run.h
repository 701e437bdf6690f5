/* check_run: every unit test's main() in one call. A test file lists its
 * tests in a struct check_spec; check_main() builds the Check suite (one test
 * case), runs it and turns the result into an exit status. Everything here
 * is owned by Check once handed to it (the runner frees the suite). */
#ifndef CHECK_RUN_H
#define CHECK_RUN_H 1

#include <check.h>
#include <stdlib.h>

/* A NULL-ended list of tests for check_spec.tests:
 * .tests = CHECK_TESTS(test_a, test_b) */
#define CHECK_TESTS(...) ((const TTest *const[]) { __VA_ARGS__, NULL })

struct check_spec {
    const char *name;            /* suite and test case name */
    const TTest *const *tests;   /* NULL-ended (CHECK_TESTS) */
    double timeout;              /* seconds per test; 0: Check's default */
    SFun setup, teardown;        /* checked fixture, or NULL */
};

/* The suite SPEC describes; *TCP (if not NULL) is its one test case, for a
 * caller that adds loop tests. */
static inline Suite *
check_suite(const struct check_spec *spec, TCase **tcp)
{
    Suite *s = suite_create(spec->name);
    TCase *tc = tcase_create(spec->name);
    if (spec->timeout > 0) {
        tcase_set_timeout(tc, spec->timeout);
    }
    if (spec->setup || spec->teardown) {
        tcase_add_checked_fixture(tc, spec->setup, spec->teardown);
    }
    for (const TTest *const *t = spec->tests; *t; t++) {
        tcase_add_test(tc, *t);
    }
    suite_add_tcase(s, tc);
    if (tcp) {
        *tcp = tc;
    }
    return s;
}

/* Runs SUITE (and frees it); EXIT_SUCCESS when every test passed. */
static inline int
check_run(Suite *suite)
{
    SRunner *sr = srunner_create(suite);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* The whole of a usual main(): return check_main(&(struct check_spec){...}); */
static inline int
check_main(const struct check_spec *spec)
{
    return check_run(check_suite(spec, NULL));
}

/* Defines main() for a test file that needs nothing before its suite runs:
 * CHECK_MAIN(.name = "x", .tests = CHECK_TESTS(test_a, test_b)) */
#define CHECK_MAIN(...)                                                   \
    int main(void)                                                        \
    {                                                                     \
        return check_main(&(struct check_spec) { __VA_ARGS__ });          \
    }

#endif
