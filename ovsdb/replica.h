/* replica: the rows of the monitored tables, kept from a monitor's initial
 * state and its "update" (monitor) or "update2" (monitor_cond) notifications.
 * Pure: no I/O. Ownership: the session owns its replica; readers borrow it.
 *
 * Compact: a table is an array of rows (UUID text + one datum per monitored
 * column) with a hash index on the UUID; datums are shared through an
 * intern pool (intern.h), so equal values (the same sFlow reference on every
 * bridge, empty sets) are held once and nothing of a parsed message is kept
 * once it has been applied. Columns that are not monitored are not kept.
 *
 * An update is validated as a whole before any of it is applied: a bad one
 * is rejected with *ERROR set and the replica keeps its last good state. */
#ifndef OVSDB_REPLICA_H
#define OVSDB_REPLICA_H 1

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct ovsdb_replica;
struct ovsdb_replica_table;
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

/* ---- reading: borrowed, valid until the replica next changes -------------------
 *
 * Rows are numbered 0 .. size-1 in no particular order. A datum is in RFC
 * 7047 JSON notation (e.g. "sflow": ["uuid","..."] or ["set",[]],
 * "external_ids": ["map",[["k","v"]]]) and is never NULL: a column the
 * server omitted holds its type's default (["set",[]], ["map",[]], 0, ""). */

/* The monitored TABLE, or NULL. */
const struct ovsdb_replica_table *ovsdb_replica_find_table(const struct ovsdb_replica *r,
                                                           const char *table);
/* Number of rows of T (0 for NULL). */
size_t ovsdb_replica_table_size(const struct ovsdb_replica_table *t);
/* Index of monitored column NAME of T, or -1. */
int ovsdb_replica_table_column(const struct ovsdb_replica_table *t, const char *name);
/* Row I of T: its UUID, and its datum in column COL (an index from
 * ovsdb_replica_table_column(); -1 gives NULL). */
const char *ovsdb_replica_row_uuid(const struct ovsdb_replica_table *t, size_t i);
const json_t *ovsdb_replica_row_datum(const struct ovsdb_replica_table *t, size_t i, int col);
/* Index of the row of T with UUID, or (size_t) -1. */
size_t ovsdb_replica_table_find(const struct ovsdb_replica_table *t, const char *uuid);

/* ---- JSON copies, for tools and small tables ------------------------------------ */

/* A new object (the caller owns it) mapping row UUID -> row object (column
 * name -> datum, every monitored column present); NULL if TABLE is not
 * monitored. */
json_t *ovsdb_replica_table_json(const struct ovsdb_replica *r, const char *table);
/* A new row object as above, or NULL if there is no such row. */
json_t *ovsdb_replica_row_json(const struct ovsdb_replica *r, const char *table,
                               const char *uuid);

#endif
