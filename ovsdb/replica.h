/* replica: the rows of the monitored tables, kept from a monitor's initial
 * state and its "update" (monitor) or "update2" (monitor_cond) notifications.
 * Pure: no I/O. Ownership: the session owns its replica; readers borrow it.
 *
 * An update is validated as a whole before any of it is applied: a bad one
 * is rejected with *ERROR set and the replica keeps its last good state. */
#ifndef OVSDB_REPLICA_H
#define OVSDB_REPLICA_H 1

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct ovsdb_replica;
struct ovsdb_schema;

/* Returns a new, empty replica that monitors nothing. */
struct ovsdb_replica *ovsdb_replica_create(void);
void ovsdb_replica_destroy(struct ovsdb_replica *r);

/* Forgets all rows and (re)binds the replica to SCHEMA and MONITOR_REQUESTS
 * ({table: {"columns": [...]}} or {table: {}} for all columns): every
 * monitored table then exists and is empty. Returns false with *ERROR (a
 * text valid until the next call) if a requested table or column is not in
 * the schema. */
bool ovsdb_replica_bind(struct ovsdb_replica *r, const struct ovsdb_schema *schema,
                        const json_t *monitor_requests, const char **error);
/* Forgets all rows; the tables stay, empty. */
void ovsdb_replica_clear(struct ovsdb_replica *r);

/* Applies <table-updates> (RFC 7047 4.1.6: {table: {uuid: {"old":..., "new":...}}}). */
bool ovsdb_replica_apply_update(struct ovsdb_replica *r, const json_t *updates,
                                const char **error);
/* Applies <table-updates2> ({table: {uuid: {"initial"|"insert"|"modify"|
 * "delete": ...}}}), as monitor_cond sends them. */
bool ovsdb_replica_apply_update2(struct ovsdb_replica *r, const json_t *updates,
                                 const char **error);

/* Number of rows in all tables. */
size_t ovsdb_replica_n_rows(const struct ovsdb_replica *r);

/* Object mapping row UUID string -> row object (column name -> OVSDB datum in
 * RFC 7047 JSON notation, e.g. "sflow": ["uuid","..."] or ["set",[]],
 * "external_ids": ["map",[["k","v"]]]). Borrowed; NULL if the table is unknown.
 * Every monitored column is present in every row (defaults filled from the
 * schema's type when the server omitted it, i.e. sets/maps ["set",[]] /
 * ["map",[]], integers 0, strings ""). */
json_t *ovsdb_replica_table(const struct ovsdb_replica *r, const char *table);
const json_t *ovsdb_replica_row(const struct ovsdb_replica *r, const char *table,
                                const char *uuid);

#endif
