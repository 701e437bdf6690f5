/* reconnect: when to connect, when to give up on a connection and when to
 * probe it. Pure: no I/O; time is a parameter (msec, monotonic).
 *
 * States and the transitions allowed between them:
 *
 *   VOID ------start-----> BACKOFF   (deadline = now: connect at once)
 *   BACKOFF ---run-------> CONNECTING  (action CONNECT when the backoff ends)
 *   CONNECTING -connected-> ACTIVE
 *   CONNECTING -failed---> BACKOFF   (backoff doubled, capped)
 *   CONNECTING -run------> BACKOFF   (connect timed out: action DISCONNECT)
 *   ACTIVE ----run-------> IDLE      (silence for probe_interval: action PROBE)
 *   IDLE ------activity--> ACTIVE
 *   IDLE ------run-------> BACKOFF   (no answer to the probe: action DISCONNECT)
 *   ACTIVE/IDLE -disconnected-> BACKOFF
 *   any -force_reconnect-> BACKOFF   (deadline = now)
 *
 * Backoff: the first retry after a failure waits min_backoff (250 ms), each
 * further failure doubles it up to max_backoff (8 s). A connection that
 * proved itself (ovsdb_reconnect_proven(): the session synced over it)
 * resets it when it ends, however short it was, and for fast_retry (5 s)
 * after that the retries stay at min_backoff: a server that restarts (in a
 * few seconds) is rejoined within 250 ms of accepting again, every time.
 * Past that window, or after a connection that never proved itself
 * (refused, hostile, stalled), the backoff doubles. */
#ifndef OVSDB_RECONNECT_H
#define OVSDB_RECONNECT_H 1

#include <stdbool.h>

enum ovsdb_reconnect_state {
    OVSDB_RECONNECT_VOID,
    OVSDB_RECONNECT_BACKOFF,
    OVSDB_RECONNECT_CONNECTING,
    OVSDB_RECONNECT_ACTIVE,
    OVSDB_RECONNECT_IDLE,
};

enum ovsdb_reconnect_action {
    OVSDB_RECONNECT_NONE,
    OVSDB_RECONNECT_CONNECT,     /* start a connection attempt now */
    OVSDB_RECONNECT_DISCONNECT,  /* drop the connection (timeout) */
    OVSDB_RECONNECT_PROBE,       /* send an echo request */
};

#define OVSDB_RECONNECT_MIN_BACKOFF_MS 250
#define OVSDB_RECONNECT_MAX_BACKOFF_MS 8000
#define OVSDB_RECONNECT_FAST_RETRY_MS 5000

/* Owned by its session (embedded, no heap). */
struct ovsdb_reconnect {
    enum ovsdb_reconnect_state state;
    long long state_entered;   /* when the current state began */
    long long last_activity;   /* last message received */
    long long connected_at;    /* when the current connection came up */
    bool proven;               /* the current connection proved itself */
    long long fast_until;      /* retries stay at min_backoff until then */
    long long backoff;         /* current backoff, 0 before any failure */
    long long probe_interval;  /* msec, > 0 */
    unsigned int n_connects;   /* connections made so far */
    unsigned int n_attempts;   /* connection attempts so far */
};

void ovsdb_reconnect_init(struct ovsdb_reconnect *r, long long probe_interval);
void ovsdb_reconnect_start(struct ovsdb_reconnect *r, long long now);
void ovsdb_reconnect_connecting(struct ovsdb_reconnect *r, long long now);
void ovsdb_reconnect_connected(struct ovsdb_reconnect *r, long long now);
void ovsdb_reconnect_connect_failed(struct ovsdb_reconnect *r, long long now);
void ovsdb_reconnect_disconnected(struct ovsdb_reconnect *r, long long now);
void ovsdb_reconnect_proven(struct ovsdb_reconnect *r);
void ovsdb_reconnect_activity(struct ovsdb_reconnect *r, long long now);
void ovsdb_reconnect_force_reconnect(struct ovsdb_reconnect *r, long long now);

/* What the caller must do now. */
enum ovsdb_reconnect_action ovsdb_reconnect_run(struct ovsdb_reconnect *r, long long now);
/* When ovsdb_reconnect_run() next has something to do (LLONG_MAX = never). */
long long ovsdb_reconnect_deadline(const struct ovsdb_reconnect *r);

bool ovsdb_reconnect_is_connected(const struct ovsdb_reconnect *r);

#endif
