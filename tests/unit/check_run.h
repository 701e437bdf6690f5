/* check_run: runs a Check suite and turns its result into an exit status, so
 * that every unit test's main() is one line. */
#ifndef CHECK_RUN_H
#define CHECK_RUN_H 1

#include <check.h>
#include <stdlib.h>

static inline int
check_run(Suite *suite)
{
    SRunner *sr = srunner_create(suite);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
