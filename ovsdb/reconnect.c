/* reconnect: the connection state machine. See reconnect.h for the states
 * and the allowed transitions. */
#include <config.h>

#include "ovsdb/reconnect.h"

#include <limits.h>

static void
reconnect_enter(struct ovsdb_reconnect *r, enum ovsdb_reconnect_state state, long long now)
{
    r->state = state;
    r->state_entered = now;
}

/* Grows the backoff after a failed or unproven connection; within the
 * fast-retry window after the loss of a proven one, it stays at the minimum. */
static void
reconnect_backoff_grow(struct ovsdb_reconnect *r, long long now)
{
    if (r->backoff < OVSDB_RECONNECT_MIN_BACKOFF_MS || now < r->fast_until) {
        r->backoff = OVSDB_RECONNECT_MIN_BACKOFF_MS;
    } else {
        r->backoff *= 2;
        if (r->backoff > OVSDB_RECONNECT_MAX_BACKOFF_MS) {
            r->backoff = OVSDB_RECONNECT_MAX_BACKOFF_MS;
        }
    }
}

void
ovsdb_reconnect_init(struct ovsdb_reconnect *r, long long probe_interval)
{
    r->state = OVSDB_RECONNECT_VOID;
    r->state_entered = 0;
    r->last_activity = 0;
    r->connected_at = 0;
    r->backoff = 0;
    r->proven = false;
    r->fast_until = 0;
    r->probe_interval = probe_interval > 0 ? probe_interval : 5000;
    r->n_connects = 0;
    r->n_attempts = 0;
}

/* VOID -> BACKOFF, with an immediate deadline. */
void
ovsdb_reconnect_start(struct ovsdb_reconnect *r, long long now)
{
    if (r->state == OVSDB_RECONNECT_VOID) {
        r->backoff = 0;
        reconnect_enter(r, OVSDB_RECONNECT_BACKOFF, now);
    }
}

/* BACKOFF -> CONNECTING. */
void
ovsdb_reconnect_connecting(struct ovsdb_reconnect *r, long long now)
{
    if (r->state == OVSDB_RECONNECT_BACKOFF) {
        r->n_attempts++;
        reconnect_enter(r, OVSDB_RECONNECT_CONNECTING, now);
    }
}

/* CONNECTING -> ACTIVE. */
void
ovsdb_reconnect_connected(struct ovsdb_reconnect *r, long long now)
{
    if (r->state == OVSDB_RECONNECT_CONNECTING) {
        r->n_connects++;
        r->connected_at = now;
        r->proven = false;
        r->last_activity = now;
        reconnect_enter(r, OVSDB_RECONNECT_ACTIVE, now);
    }
}

/* CONNECTING -> BACKOFF. */
void
ovsdb_reconnect_connect_failed(struct ovsdb_reconnect *r, long long now)
{
    if (r->state == OVSDB_RECONNECT_CONNECTING || r->state == OVSDB_RECONNECT_BACKOFF) {
        reconnect_backoff_grow(r, now);
        reconnect_enter(r, OVSDB_RECONNECT_BACKOFF, now);
    }
}

/* ACTIVE/IDLE -> BACKOFF (also accepted from CONNECTING, as a failure). */
void
ovsdb_reconnect_disconnected(struct ovsdb_reconnect *r, long long now)
{
    switch (r->state) {
    case OVSDB_RECONNECT_ACTIVE:
    case OVSDB_RECONNECT_IDLE:
        if (r->proven) {
            r->backoff = OVSDB_RECONNECT_MIN_BACKOFF_MS;
            r->fast_until = now + OVSDB_RECONNECT_FAST_RETRY_MS;
        } else {
            reconnect_backoff_grow(r, now);
        }
        reconnect_enter(r, OVSDB_RECONNECT_BACKOFF, now);
        break;
    case OVSDB_RECONNECT_CONNECTING:
        ovsdb_reconnect_connect_failed(r, now);
        break;
    case OVSDB_RECONNECT_VOID:
    case OVSDB_RECONNECT_BACKOFF:
        break;
    }
}

/* ACTIVE/IDLE: the connection did what it is for (the session synced), so
 * its end resets the backoff. */
void
ovsdb_reconnect_proven(struct ovsdb_reconnect *r)
{
    if (ovsdb_reconnect_is_connected(r)) {
        r->proven = true;
    }
}

/* IDLE -> ACTIVE; in ACTIVE, pushes the probe deadline. */
void
ovsdb_reconnect_activity(struct ovsdb_reconnect *r, long long now)
{
    if (r->state == OVSDB_RECONNECT_ACTIVE || r->state == OVSDB_RECONNECT_IDLE) {
        r->last_activity = now;
        if (r->state == OVSDB_RECONNECT_IDLE) {
            reconnect_enter(r, OVSDB_RECONNECT_ACTIVE, now);
        }
    }
}

/* any -> BACKOFF with an immediate deadline. The caller drops its
 * connection itself. */
void
ovsdb_reconnect_force_reconnect(struct ovsdb_reconnect *r, long long now)
{
    r->backoff = 0;
    r->fast_until = 0;
    reconnect_enter(r, OVSDB_RECONNECT_BACKOFF, now);
}

long long
ovsdb_reconnect_deadline(const struct ovsdb_reconnect *r)
{
    switch (r->state) {
    case OVSDB_RECONNECT_BACKOFF:
        return r->state_entered + r->backoff;
    case OVSDB_RECONNECT_CONNECTING:
        /* A connect that hangs (tcp to a silent host) is given up after
         * the longer of the backoff and the probe interval. */
        return r->state_entered
               + (r->backoff > r->probe_interval ? r->backoff : r->probe_interval);
    case OVSDB_RECONNECT_ACTIVE:
        return r->last_activity + r->probe_interval;
    case OVSDB_RECONNECT_IDLE:
        return r->state_entered + r->probe_interval;
    case OVSDB_RECONNECT_VOID:
        break;
    }
    return LLONG_MAX;
}

enum ovsdb_reconnect_action
ovsdb_reconnect_run(struct ovsdb_reconnect *r, long long now)
{
    if (now < ovsdb_reconnect_deadline(r)) {
        return OVSDB_RECONNECT_NONE;
    }
    switch (r->state) {
    case OVSDB_RECONNECT_BACKOFF:
        return OVSDB_RECONNECT_CONNECT;
    case OVSDB_RECONNECT_CONNECTING:
        ovsdb_reconnect_connect_failed(r, now);
        return OVSDB_RECONNECT_DISCONNECT;
    case OVSDB_RECONNECT_ACTIVE:
        /* ACTIVE -> IDLE */
        reconnect_enter(r, OVSDB_RECONNECT_IDLE, now);
        return OVSDB_RECONNECT_PROBE;
    case OVSDB_RECONNECT_IDLE:
        ovsdb_reconnect_disconnected(r, now);
        return OVSDB_RECONNECT_DISCONNECT;
    case OVSDB_RECONNECT_VOID:
        break;
    }
    return OVSDB_RECONNECT_NONE;
}

bool
ovsdb_reconnect_is_connected(const struct ovsdb_reconnect *r)
{
    return r->state == OVSDB_RECONNECT_ACTIVE || r->state == OVSDB_RECONNECT_IDLE;
}
