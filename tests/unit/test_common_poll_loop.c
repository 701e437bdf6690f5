/* Unit tests for the poll loop's timeout arithmetic. */
#include <config.h>

#include <check.h>
#include <limits.h>

#include "common/poll_loop.h"
#include "check_run.h"

START_TEST(test_timeout_none)
{
    ck_assert_int_eq(poll_loop_timeout(LLONG_MAX, 0), -1);
    ck_assert_int_eq(poll_loop_timeout(LLONG_MAX, 123456789), -1);
}
END_TEST

/* An immediate wake (deadline LLONG_MIN) at any time is a zero timeout:
 * LLONG_MIN - now must not be computed (it overflows to a huge wait). */
START_TEST(test_timeout_immediate)
{
    struct poll_loop loop;
    poll_loop_init(&loop);
    poll_loop_timer_wait(&loop, 5000);
    poll_loop_immediate_wake(&loop);
    ck_assert_int_eq(poll_loop_timeout(loop.deadline, 1), 0);
    ck_assert_int_eq(poll_loop_timeout(LLONG_MIN, 0), 0);
    ck_assert_int_eq(poll_loop_timeout(LLONG_MIN, 86400000LL * 365), 0);
    ck_assert_int_eq(poll_loop_timeout(LLONG_MIN, LLONG_MAX - 1), 0);
}
END_TEST

START_TEST(test_timeout_past_and_future)
{
    ck_assert_int_eq(poll_loop_timeout(1000, 1000), 0);
    ck_assert_int_eq(poll_loop_timeout(999, 1000), 0);
    ck_assert_int_eq(poll_loop_timeout(1250, 1000), 250);
    ck_assert_int_eq(poll_loop_timeout(-5, -10), 5);
}
END_TEST

/* Far deadlines are capped at INT_MAX, without overflow on the way. */
START_TEST(test_timeout_far)
{
    ck_assert_int_eq(poll_loop_timeout(LLONG_MAX - 1, 0), INT_MAX);
    ck_assert_int_eq(poll_loop_timeout(LLONG_MAX - 1, LLONG_MIN + 1), INT_MAX);
    ck_assert_int_eq(poll_loop_timeout((long long) INT_MAX + 10, 10), INT_MAX);
    ck_assert_int_eq(poll_loop_timeout((long long) INT_MAX + 10, 11), INT_MAX - 1);
}
END_TEST

CHECK_MAIN(
    .name = "poll_loop",
    .tests = CHECK_TESTS(test_timeout_none, test_timeout_immediate, test_timeout_past_and_future,
                         test_timeout_far))
