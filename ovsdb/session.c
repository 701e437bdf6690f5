/* session: connection, schema check, monitor and replica (unfinished:
 * never connects yet). */
#include <config.h>

#include "ovsdb.h"
#include <stdlib.h>

#include "util.h"

/* Owned by the caller of ovsdb_session_create(). */
struct ovsdb_session {
    struct ovsdb_session_callbacks cb;
    void *aux;
    unsigned int n_connects;
};

struct ovsdb_session *
ovsdb_session_create(const struct ovsdb_session_config *cfg,
                     const struct ovsdb_session_callbacks *cb, void *aux)
{
    struct ovsdb_session *s = xzalloc(sizeof *s);
    (void) cfg;
    if (cb) {
        s->cb = *cb;
    }
    s->aux = aux;
    return s;
}

void
ovsdb_session_destroy(struct ovsdb_session *s)
{
    free(s);
}

void
ovsdb_session_run(struct ovsdb_session *s, long long now)
{
    (void) s;
    (void) now;
}

void
ovsdb_session_wait(struct ovsdb_session *s, struct poll_loop *loop)
{
    (void) s;
    (void) loop;
}

bool
ovsdb_session_is_synced(const struct ovsdb_session *s)
{
    (void) s;
    return false;
}

const struct ovsdb_replica *
ovsdb_session_replica(const struct ovsdb_session *s)
{
    (void) s;
    return NULL;
}

uint64_t
ovsdb_session_transact(struct ovsdb_session *s, json_t *ops)
{
    (void) s;
    json_decref(ops);
    return 0;
}

void
ovsdb_session_force_reconnect(struct ovsdb_session *s)
{
    (void) s;
}

unsigned int
ovsdb_session_n_connects(const struct ovsdb_session *s)
{
    return s->n_connects;
}

bool
ovsdb_session_wait_synced(struct ovsdb_session *s, long long timeout_ms)
{
    (void) s;
    (void) timeout_ms;
    return false;
}
