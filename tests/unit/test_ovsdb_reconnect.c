/* Unit tests for the reconnect state machine, driven with fake time:
 * backoff doubling and cap, reset after a connection that proved itself,
 * probe and probe timeout, connect timeout, forced reconnect. */
#include <config.h>

#include <check.h>
#include <limits.h>
#include <stdlib.h>

#include "ovsdb/reconnect.h"
#include "check_run.h"

/* Runs R from NOW until it asks for ACTION; returns the time it did. */
static long long
run_until(struct ovsdb_reconnect *r, long long now, enum ovsdb_reconnect_action action)
{
    for (int i = 0; i < 100; i++) {
        long long deadline = ovsdb_reconnect_deadline(r);
        ck_assert(deadline != LLONG_MAX);
        if (deadline > now) {
            /* Nothing happens one msec early. */
            ck_assert_int_eq(ovsdb_reconnect_run(r, deadline - 1), OVSDB_RECONNECT_NONE);
            now = deadline;
        }
        enum ovsdb_reconnect_action a = ovsdb_reconnect_run(r, now);
        if (a == action) {
            return now;
        }
        ck_assert_int_eq(a, OVSDB_RECONNECT_NONE);
    }
    ck_abort_msg("action never came");
    return 0;
}

START_TEST(test_backoff_schedule)
{
    struct ovsdb_reconnect r;
    long long now = 1000;
    static const long long want[] = { 0, 250, 500, 1000, 2000, 4000, 8000, 8000, 8000 };

    ovsdb_reconnect_init(&r, 5000);
    ck_assert_int_eq(ovsdb_reconnect_run(&r, now), OVSDB_RECONNECT_NONE); /* VOID */
    ovsdb_reconnect_start(&r, now);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        long long t = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
        ck_assert_int_eq(t - now, want[i]);
        ovsdb_reconnect_connecting(&r, t);
        ovsdb_reconnect_connect_failed(&r, t);
        now = t;
    }
    ck_assert_uint_eq(r.n_attempts, 9);
    ck_assert_uint_eq(r.n_connects, 0);
}
END_TEST

START_TEST(test_short_connection_keeps_backoff)
{
    struct ovsdb_reconnect r;
    long long now = 0;
    ovsdb_reconnect_init(&r, 5000);
    ovsdb_reconnect_start(&r, now);
    for (int i = 0; i < 4; i++) {   /* connect, drop at once: 250, 500, 1000, 2000 */
        now = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
        ovsdb_reconnect_connecting(&r, now);
        ovsdb_reconnect_connected(&r, now + 1);
        ck_assert(ovsdb_reconnect_is_connected(&r));
        ovsdb_reconnect_disconnected(&r, now + 2);
        now += 2;
    }
    ck_assert_int_eq(ovsdb_reconnect_deadline(&r) - now, 2000);
    /* A long connection that never proved itself keeps growing it. */
    now = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
    ovsdb_reconnect_connecting(&r, now);
    ovsdb_reconnect_connected(&r, now);
    for (long long t = now; t < now + 10000; t += 1000) {
        ovsdb_reconnect_activity(&r, t);
        ck_assert_int_eq(ovsdb_reconnect_run(&r, t), OVSDB_RECONNECT_NONE);
    }
    now += 10000;
    ovsdb_reconnect_disconnected(&r, now);
    ck_assert_int_eq(ovsdb_reconnect_deadline(&r) - now, 4000);
    ck_assert_uint_eq(r.n_connects, 5);
}
END_TEST

/* A connection that proved itself resets the backoff when it ends, even at
 * once (a server restarted every second or two). */
START_TEST(test_proven_connection_resets_backoff)
{
    struct ovsdb_reconnect r;
    long long now = 0;
    ovsdb_reconnect_init(&r, 5000);
    ovsdb_reconnect_start(&r, now);
    for (int i = 0; i < 6; i++) {   /* refused: 0, 250, 500, 1000, 2000, 4000 */
        now = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
        ovsdb_reconnect_connecting(&r, now);
        ovsdb_reconnect_connect_failed(&r, now);
    }
    ck_assert_int_eq(ovsdb_reconnect_deadline(&r) - now, 8000);
    ovsdb_reconnect_proven(&r);     /* not connected: no effect */
    for (int round = 0; round < 20; round++) {
        now = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
        ovsdb_reconnect_connecting(&r, now);
        ovsdb_reconnect_connected(&r, now + 5);
        ovsdb_reconnect_activity(&r, now + 10);
        ovsdb_reconnect_proven(&r);
        now += 1500;
        ovsdb_reconnect_disconnected(&r, now);
        ck_assert_int_eq(ovsdb_reconnect_deadline(&r) - now, OVSDB_RECONNECT_MIN_BACKOFF_MS);
        /* The restart takes longer than the first retries: they all wait
         * the minimum, for as long as a restart takes. */
        long long lost = now;
        for (int k = 0; k < round % 5 + 2; k++) {
            now = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
            ovsdb_reconnect_connecting(&r, now);
            ovsdb_reconnect_connect_failed(&r, now);
            ck_assert_int_eq(ovsdb_reconnect_deadline(&r) - now, OVSDB_RECONNECT_MIN_BACKOFF_MS);
        }
        ck_assert_int_lt(now - lost, OVSDB_RECONNECT_FAST_RETRY_MS);
    }
    /* A server down for longer: past the window, the backoff doubles again. */
    now = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
    ovsdb_reconnect_connecting(&r, now);
    ovsdb_reconnect_connected(&r, now);
    ovsdb_reconnect_proven(&r);
    long long lost = now + 100;
    ovsdb_reconnect_disconnected(&r, lost);
    now = lost;
    for (;;) {
        long long t = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
        ovsdb_reconnect_connecting(&r, t);
        ovsdb_reconnect_connect_failed(&r, t);
        long long wait = ovsdb_reconnect_deadline(&r) - t;
        now = t;
        if (t < lost + OVSDB_RECONNECT_FAST_RETRY_MS) {
            ck_assert_int_eq(wait, OVSDB_RECONNECT_MIN_BACKOFF_MS);
        } else {
            ck_assert_int_eq(wait, 2 * OVSDB_RECONNECT_MIN_BACKOFF_MS);
            break;
        }
    }
    /* The next connection does not prove itself: the proof is not carried over. */
    now = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
    ovsdb_reconnect_connecting(&r, now);
    ovsdb_reconnect_connected(&r, now);
    ovsdb_reconnect_disconnected(&r, now + 1);
    ck_assert_int_eq(ovsdb_reconnect_deadline(&r) - (now + 1), 4 * OVSDB_RECONNECT_MIN_BACKOFF_MS);
    ck_assert_uint_eq(r.n_connects, 22);
}
END_TEST

START_TEST(test_probe)
{
    struct ovsdb_reconnect r;
    long long now = 500;
    ovsdb_reconnect_init(&r, 3000);
    ovsdb_reconnect_start(&r, now);
    now = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
    ovsdb_reconnect_connecting(&r, now);
    ovsdb_reconnect_connected(&r, now);
    /* Activity pushes the probe. */
    ovsdb_reconnect_activity(&r, now + 2000);
    long long t = run_until(&r, now, OVSDB_RECONNECT_PROBE);
    ck_assert_int_eq(t, now + 5000);
    ck_assert_int_eq(r.state, OVSDB_RECONNECT_IDLE);
    /* An answer brings it back to ACTIVE, and the next probe is 3 s later. */
    ovsdb_reconnect_activity(&r, t + 100);
    ck_assert_int_eq(r.state, OVSDB_RECONNECT_ACTIVE);
    long long t2 = run_until(&r, t + 100, OVSDB_RECONNECT_PROBE);
    ck_assert_int_eq(t2, t + 3100);
    /* No answer: disconnect one probe interval later, then back off. */
    long long t3 = run_until(&r, t2, OVSDB_RECONNECT_DISCONNECT);
    ck_assert_int_eq(t3, t2 + 3000);
    ck_assert_int_eq(r.state, OVSDB_RECONNECT_BACKOFF);
    ck_assert_int_eq(ovsdb_reconnect_deadline(&r) - t3, 250);
}
END_TEST

START_TEST(test_connect_timeout_and_force)
{
    struct ovsdb_reconnect r;
    long long now = 0;
    ovsdb_reconnect_init(&r, 4000);
    ovsdb_reconnect_start(&r, now);
    now = run_until(&r, now, OVSDB_RECONNECT_CONNECT);
    ovsdb_reconnect_connecting(&r, now);
    long long t = run_until(&r, now, OVSDB_RECONNECT_DISCONNECT);
    ck_assert_int_eq(t - now, 4000);
    ck_assert_int_eq(r.state, OVSDB_RECONNECT_BACKOFF);
    ck_assert_int_eq(ovsdb_reconnect_deadline(&r) - t, 250);
    /* Forced reconnect: immediate, whatever the backoff. */
    ovsdb_reconnect_connect_failed(&r, t);
    ovsdb_reconnect_connect_failed(&r, t);
    ck_assert_int_eq(ovsdb_reconnect_deadline(&r) - t, 1000);
    ovsdb_reconnect_force_reconnect(&r, t + 5);
    ck_assert_int_eq(ovsdb_reconnect_run(&r, t + 5), OVSDB_RECONNECT_CONNECT);
}
END_TEST

CHECK_MAIN(
    .name = "ovsdb_reconnect",
    .tests = CHECK_TESTS(test_backoff_schedule, test_short_connection_keeps_backoff,
                         test_proven_connection_resets_backoff, test_probe,
                         test_connect_timeout_and_force))
