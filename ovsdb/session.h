/* session: the OVSDB (RFC 7047) JSON-RPC client that keeps a replica of the
 * monitored tables (session.c; the replica's API is replica.h). One
 * session = one remote, reconnecting with capped
 * exponential backoff; on every connection it fetches the schema, checks the
 * required tables, monitors (monitor_cond, else monitor) and rebuilds the
 * replica from scratch.
 *
 * Follows the run/wait pattern of poll_loop.h:
 *   ovsdb_session_run(s, now); ... ovsdb_session_wait(s, &loop);
 * Callbacks are only ever called from ovsdb_session_run() (and from
 * ovsdb_session_wait_synced(), which runs the session).
 *
 * Ownership: the caller creates and destroys the session; the session owns
 * its connection and replica, which callers only borrow. */
#ifndef OVSDB_SESSION_H
#define OVSDB_SESSION_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include "common/poll_loop.h"

struct ovsdb_replica;

struct ovsdb_session;

/* Owned by the caller; only read during ovsdb_session_create(). */
struct ovsdb_session_config {
    const char *remote;          /* "unix:PATH" or "tcp:IP:PORT" */
    const char *database;        /* "Open_vSwitch" */
    /* Monitor requests: {"Open_vSwitch":{"columns":["bridges"]},
     *  "Bridge":{"columns":["name","sflow","external_ids"]}, "sFlow":{}}
     * ({} = all columns). Borrowed during create (the session copies it). */
    const json_t *monitor_requests;
    /* NULL-terminated table names that must exist in the schema, else the
     * session logs "schema has no table X" and keeps reconnecting with backoff. */
    const char *const *required_tables;
    long long probe_interval_ms; /* our echo after this much silence; 0 = 5000 */
    size_t max_message_bytes;    /* 0 = 64 MiB */
};

/* Callbacks; all optional. Called from ovsdb_session_run() only. They may
 * call ovsdb_session_transact() and ovsdb_session_force_reconnect(), but
 * must not destroy the session. */
struct ovsdb_session_callbacks {
    /* Replica changed (initial monitor state, or an update). */
    void (*replica_changed)(void *aux, const struct ovsdb_replica *r);
    /* The connection dropped; the replica is now empty (not synced). */
    void (*disconnected)(void *aux);
    /* Reply to ovsdb_session_transact(): RESULT is the reply's "result" array
     * (borrowed), or NULL with ERROR set (JSON-RPC error or connection lost). */
    void (*txn_done)(void *aux, uint64_t txn_id, const json_t *result, const char *error);
};

/* Returns a new session (never NULL; an unusable remote is logged and the
 * session keeps retrying with backoff). Free with ovsdb_session_destroy(). */
struct ovsdb_session *ovsdb_session_create(const struct ovsdb_session_config *cfg,
                                           const struct ovsdb_session_callbacks *cb,
                                           void *aux);
void ovsdb_session_destroy(struct ovsdb_session *s);
void ovsdb_session_run(struct ovsdb_session *s, long long now);
void ovsdb_session_wait(struct ovsdb_session *s, struct poll_loop *loop);
/* True once the monitor's initial state is in the replica (and until a disconnect). */
bool ovsdb_session_is_synced(const struct ovsdb_session *s);
/* Borrowed; valid until ovsdb_session_destroy(). */
const struct ovsdb_replica *ovsdb_session_replica(const struct ovsdb_session *s);
/* Sends ["Open_vSwitch", op...] as a transact. Takes ownership of OPS (a JSON
 * array of operations, without the database name). Returns a txn id > 0, or 0
 * if not connected/synced (OPS freed). */
uint64_t ovsdb_session_transact(struct ovsdb_session *s, json_t *ops);
/* Forces a reconnect (e.g. after SIGHUP); a fresh monitor follows. */
void ovsdb_session_force_reconnect(struct ovsdb_session *s);
/* Number of connections made so far, for logs and tests. */
unsigned int ovsdb_session_n_connects(const struct ovsdb_session *s);
/* Where the session stands, for operators (`sflowovsd/show`). Strings are
 * borrowed from the session. */
struct ovsdb_session_status {
    const char *remote;
    const char *state;          /* "connected", "backoff", "connecting", ... */
    long long since;            /* msec (monotonic) when STATE began */
    unsigned int n_connects;    /* connections made so far */
    unsigned int n_failures;    /* failed attempts and dropped connections */
};
void ovsdb_session_get_status(const struct ovsdb_session *s, struct ovsdb_session_status *st);

/* Blocks (poll loop inside, up to TIMEOUT_MS) until synced or failure; used by
 * `sflowovsd --dry-run`. Returns true when synced. */
bool ovsdb_session_wait_synced(struct ovsdb_session *s, long long timeout_ms);
/* Blocks (poll loop inside, up to TIMEOUT_MS) running the session until
 * DONE(AUX) is true; returns DONE's last answer. For tools and tests. */
bool ovsdb_session_run_until(struct ovsdb_session *s, bool (*done)(void *aux), void *aux,
                             long long timeout_ms);

#endif
