/* replica: rows of the monitored tables. See replica.h.
 *
 * Datums are checked and diffed by datum.c. Sets are stored as the server
 * sends them: a set of one element as the bare atom, otherwise
 * ["set", [...]]. */
#include <config.h>

#include "ovsdb/replica.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovsdb/datum.h"
#include "ovsdb/schema.h"
#include "common/util.h"

/* Owned by its session. */
struct ovsdb_replica {
    json_t *tables;    /* owned: table -> {uuid -> row} */
    json_t *columns;   /* owned: table -> {column -> <type>} monitored */
    char error_buf[200];
};

struct ovsdb_replica *
ovsdb_replica_create(void)
{
    struct ovsdb_replica *r = xzalloc(sizeof *r);
    r->tables = json_object();
    r->columns = json_object();
    return r;
}

void
ovsdb_replica_destroy(struct ovsdb_replica *r)
{
    if (r) {
        json_decref(r->tables);
        json_decref(r->columns);
        free(r);
    }
}

json_t *
ovsdb_replica_table(const struct ovsdb_replica *r, const char *table)
{
    return r ? json_object_get(r->tables, table) : NULL;
}

const json_t *
ovsdb_replica_row(const struct ovsdb_replica *r, const char *table, const char *uuid)
{
    json_t *t = ovsdb_replica_table(r, table);
    return t ? json_object_get(t, uuid) : NULL;
}

size_t
ovsdb_replica_n_rows(const struct ovsdb_replica *r)
{
    size_t n = 0;
    const char *name;
    json_t *t;
    json_object_foreach(r->tables, name, t) {
        n += json_object_size(t);
    }
    return n;
}

void
ovsdb_replica_clear(struct ovsdb_replica *r)
{
    const char *name;
    json_t *t;
    json_object_foreach(r->tables, name, t) {
        json_object_clear(t);
    }
}

static bool
replica_fail(struct ovsdb_replica *r, const char **error, const char *what,
             const char *table, const char *detail)
{
    snprintf(r->error_buf, sizeof r->error_buf, "%s (table %.40s%s%.60s)", what, table,
             detail ? ", " : "", detail ? detail : "");
    *error = r->error_buf;
    return false;
}

bool
ovsdb_replica_bind(struct ovsdb_replica *r, const struct ovsdb_schema *schema,
                   const json_t *requests, const char **error)
{
    json_t *columns = json_object();
    const char *table;
    json_t *req;

    json_object_foreach((json_t *) requests, table, req) {
        json_t *schema_cols = ovsdb_schema_columns(schema, table);
        if (!schema_cols) {
            json_decref(columns);
            return replica_fail(r, error, "monitored table not in schema", table, NULL);
        }
        json_t *list = json_object_get(req, "columns");
        json_t *types = json_object();
        if (list) {
            size_t i;
            json_t *c;
            json_array_foreach(list, i, c) {
                const char *name = json_string_value(c);
                json_t *type = name ? ovsdb_schema_column_type(schema, table, name) : NULL;
                if (!type) {
                    json_decref(types);
                    json_decref(columns);
                    return replica_fail(r, error, "monitored column not in schema", table,
                                        name ? name : "(not a string)");
                }
                json_object_set(types, name, type);
            }
        } else {
            const char *name;
            json_t *col;
            json_object_foreach(schema_cols, name, col) {
                json_t *type = json_object_get(col, "type");
                if (type) {
                    json_object_set(types, name, type);
                }
            }
        }
        json_object_set_new(columns, table, types);
    }
    json_decref(r->columns);
    r->columns = columns;
    json_object_clear(r->tables);
    json_object_foreach(columns, table, req) {
        json_object_set_new(r->tables, table, json_object());
    }
    return true;
}

/* ---- datum checks ---------------------------------------------------------- */

static bool
replica_datum_ok(enum ovsdb_column_kind kind, const json_t *d)
{
    bool ok;
    switch (kind) {
    case OVSDB_KIND_SCALAR:
        return ovsdb_datum_is_atom(d);
    case OVSDB_KIND_SET:
        ovsdb_datum_set_elems(d, &ok);
        return ok;
    case OVSDB_KIND_MAP:
        return ovsdb_datum_map_pairs(d) != NULL;
    }
    return false;
}

/* ---- rows -------------------------------------------------------------------- */

enum replica_op { OP_INSERT, OP_REPLACE, OP_DIFF, OP_DELETE };

/* Checks (APPLY false) or applies (APPLY true) one row operation. Columns
 * the replica does not monitor are ignored (e.g. "_version"). */
static bool
replica_row_op(struct ovsdb_replica *r, const char *table, const char *uuid,
               enum replica_op op, const json_t *data, bool apply, const char **error)
{
    json_t *rows = json_object_get(r->tables, table);
    json_t *types = json_object_get(r->columns, table);
    if (!rows || !types) {
        return replica_fail(r, error, "update for a table not monitored", table, NULL);
    }
    if (!ovsdb_datum_is_uuid(uuid)) {
        return replica_fail(r, error, "update with a bad row uuid", table, uuid);
    }
    json_t *row = json_object_get(rows, uuid);
    if (op == OP_DELETE) {
        if (apply) {
            json_object_del(rows, uuid);
        }
        return true;
    }
    if (!json_is_object(data)) {
        return replica_fail(r, error, "row is not an object", table, uuid);
    }
    if (op == OP_DIFF && !row) {
        return replica_fail(r, error, "modify for an unknown row", table, uuid);
    }
    if (op == OP_REPLACE && !row) {
        op = OP_INSERT;
    }
    const char *col;
    json_t *value;
    json_object_foreach((json_t *) data, col, value) {
        json_t *type = json_object_get(types, col);
        enum ovsdb_column_kind kind;
        if (!type) {
            continue;
        }
        if (!ovsdb_type_kind(type, &kind)) {
            return replica_fail(r, error, "schema has a bad column type", table, col);
        }
        if (!replica_datum_ok(kind, value)) {
            return replica_fail(r, error, "bad value for column", table, col);
        }
    }
    if (!apply) {
        return true;
    }
    if (op == OP_INSERT) {
        row = json_object();
        json_object_set_new(rows, uuid, row);
    }
    json_object_foreach((json_t *) data, col, value) {
        json_t *type = json_object_get(types, col);
        enum ovsdb_column_kind kind;
        if (!type || !ovsdb_type_kind(type, &kind)) {
            continue;
        }
        /* ovsdb-server diffs only sets that may hold more than one element;
         * for an optional column (max 1) "modify" carries the new value. */
        const json_t *max = json_is_object(type) ? json_object_get(type, "max") : NULL;
        bool multi = json_is_string(max) || json_integer_value(max) > 1;
        if (op == OP_DIFF && kind == OVSDB_KIND_SET && multi) {
            json_object_set_new(row, col, ovsdb_datum_set_toggle(json_object_get(row, col), value));
        } else if (op == OP_DIFF && kind == OVSDB_KIND_MAP) {
            json_object_set_new(row, col, ovsdb_datum_map_apply(json_object_get(row, col), value));
        } else {
            json_object_set(row, col, value);
        }
    }
    json_t *type;
    json_object_foreach(types, col, type) {
        if (!json_object_get(row, col)) {
            json_object_set_new(row, col, ovsdb_type_default(type));
        }
    }
    return true;
}

/* Decodes one <row-update> (V2 false) or <row-update2> (V2 true). */
static bool
replica_decode(struct ovsdb_replica *r, const char *table, const char *uuid,
               const json_t *ru, bool v2, enum replica_op *op, const json_t **data,
               const char **error)
{
    if (!json_is_object(ru)) {
        return replica_fail(r, error, "row update is not an object", table, uuid);
    }
    if (!v2) {
        const json_t *nw = json_object_get(ru, "new");
        const json_t *old = json_object_get(ru, "old");
        if (!nw && !old) {
            return replica_fail(r, error, "row update has neither old nor new", table, uuid);
        }
        *op = !nw ? OP_DELETE : OP_REPLACE;
        *data = nw;
        return true;
    }
    if (json_object_size(ru) != 1) {
        return replica_fail(r, error, "row update2 needs exactly one member", table, uuid);
    }
    const char *what = json_object_iter_key(json_object_iter((json_t *) ru));
    *data = json_object_iter_value(json_object_iter((json_t *) ru));
    if (!strcmp(what, "initial") || !strcmp(what, "insert")) {
        *op = OP_INSERT;
    } else if (!strcmp(what, "modify")) {
        *op = OP_DIFF;
    } else if (!strcmp(what, "delete")) {
        *op = OP_DELETE;
    } else {
        return replica_fail(r, error, "unknown row update2 kind", table, what);
    }
    return true;
}

static bool
replica_apply(struct ovsdb_replica *r, const json_t *updates, bool v2, const char **error)
{
    if (!json_is_object(updates)) {
        snprintf(r->error_buf, sizeof r->error_buf, "table updates are not an object");
        *error = r->error_buf;
        return false;
    }
    for (int pass = 0; pass < 2; pass++) {
        const char *table;
        json_t *tu;
        json_object_foreach((json_t *) updates, table, tu) {
            if (!json_is_object(tu)) {
                return replica_fail(r, error, "table update is not an object", table, NULL);
            }
            const char *uuid;
            json_t *ru;
            json_object_foreach(tu, uuid, ru) {
                enum replica_op op;
                const json_t *data;
                if (!replica_decode(r, table, uuid, ru, v2, &op, &data, error)
                    || !replica_row_op(r, table, uuid, op, data, pass == 1, error)) {
                    return false;
                }
            }
        }
    }
    return true;
}

bool
ovsdb_replica_apply_update(struct ovsdb_replica *r, const json_t *updates, const char **error)
{
    return replica_apply(r, updates, false, error);
}

bool
ovsdb_replica_apply_update2(struct ovsdb_replica *r, const json_t *updates,
                            const char **error)
{
    return replica_apply(r, updates, true, error);
}
