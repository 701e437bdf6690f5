/* intern: a pool of shared, read-only JSON values (OVSDB datums), each held
 * once however many rows use it: the sFlow reference of 10,000 bridges is
 * one value, an empty set is one value. Pure: no I/O.
 *
 * A value handed out is never a reference into the caller's JSON: the pool
 * keeps a deep copy, so a parsed message can be freed at once and leaves no
 * part of itself behind. Values are compared with json_equal().
 *
 * Ownership: the caller owns the pool; every value taken with
 * ovsdb_intern_get() is given back with ovsdb_intern_put(). */
#ifndef OVSDB_INTERN_H
#define OVSDB_INTERN_H 1

#include <stddef.h>

#include <jansson.h>

struct ovsdb_intern;

struct ovsdb_intern *ovsdb_intern_create(void);
/* Frees the pool; values still taken stay valid until they are put. */
void ovsdb_intern_destroy(struct ovsdb_intern *p);

/* A reference to the pool's value equal to V (V itself is only read).
 * Never NULL. */
json_t *ovsdb_intern_get(struct ovsdb_intern *p, const json_t *v);
/* Gives back a reference from ovsdb_intern_get(); the pool forgets the value
 * when nothing else holds it. NULL is ignored. */
void ovsdb_intern_put(struct ovsdb_intern *p, json_t *v);

/* Number of distinct values held. */
size_t ovsdb_intern_size(const struct ovsdb_intern *p);

/* A hash of V's content: equal values (json_equal) have equal hashes. */
unsigned int ovsdb_json_hash(const json_t *v);

#endif
