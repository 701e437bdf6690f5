/* replica: rows of the monitored tables. See replica.h.
 *
 * A table: its monitored columns; its rows as two arrays (UUIDs, and
 * N_COLS datums a row), grown by doubling and compacted on delete by moving
 * the last row into the hole; an open-addressing index (linear probing,
 * deletion by backward shift) from UUID to row. Every datum is a reference
 * from the intern pool. Datums are checked and diffed by datum.c; sets are
 * stored as the server sends them: a set of one element as the bare atom,
 * otherwise ["set", [...]]. */
#include <config.h>

#include "ovsdb/replica.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovsdb/datum.h"
#include "ovsdb/intern.h"
#include "ovsdb/schema.h"
#include "common/util.h"

#define UUID_LEN 36
#define NO_ROW ((size_t) -1)

struct replica_column {
    char *name;                  /* owned */
    bool kind_ok;                /* false: the schema's type is malformed */
    enum ovsdb_column_kind kind;
    bool multi;                  /* a set that may hold more than one element */
    json_t *dflt;                /* interned: the type's default datum */
};

struct ovsdb_replica_table {
    char *name;                  /* owned */
    struct replica_column *cols; /* owned, N_COLS */
    size_t n_cols;
    size_t n, cap;               /* rows used, allocated */
    char (*uuids)[UUID_LEN + 1]; /* owned, CAP */
    json_t **vals;               /* owned, CAP * N_COLS interned datums */
    uint32_t *index;             /* owned, N_INDEX slots: row + 1, 0 = empty */
    size_t n_index;
};

/* Owned by its session. */
struct ovsdb_replica {
    struct ovsdb_replica_table *tables;  /* owned, N_TABLES */
    size_t n_tables;
    struct ovsdb_intern *pool;           /* owned */
    char error_buf[200];
};

/* ---- tables ------------------------------------------------------------------ */

static unsigned int
uuid_hash(const char *uuid)
{
    unsigned int h = util_fnv1a(uuid, strlen(uuid), UTIL_FNV_BASIS);
    return h ^ (h >> 15);
}

/* The index slot of the row with UUID, or the empty slot where it would go. */
static size_t
table_slot(const struct ovsdb_replica_table *t, const char *uuid)
{
    size_t mask = t->n_index - 1, i = uuid_hash(uuid) & mask;
    while (t->index[i] && strcmp(t->uuids[t->index[i] - 1], uuid)) {
        i = (i + 1) & mask;
    }
    return i;
}

static void
table_reindex(struct ovsdb_replica_table *t, size_t n_index)
{
    free(t->index);
    t->n_index = n_index;
    t->index = xcalloc(n_index, sizeof *t->index);
    for (size_t r = 0; r < t->n; r++) {
        t->index[table_slot(t, t->uuids[r])] = (uint32_t) (r + 1);
    }
}

size_t
ovsdb_replica_table_find(const struct ovsdb_replica_table *t, const char *uuid)
{
    if (!t || !t->n) {
        return NO_ROW;
    }
    size_t s = table_slot(t, uuid);
    return t->index[s] ? t->index[s] - 1 : NO_ROW;
}

static json_t **
row_vals(const struct ovsdb_replica_table *t, size_t r)
{
    return &t->vals[r * t->n_cols];
}

/* Appends a row with UUID, every column at its default; returns its index. */
static size_t
table_append(struct ovsdb_replica_table *t, const char *uuid)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->uuids = xreallocarray(t->uuids, t->cap, sizeof *t->uuids);
        t->vals = xreallocarray(t->vals, t->cap, t->n_cols * sizeof *t->vals);
    }
    if ((t->n + 1) * 2 > t->n_index) {
        table_reindex(t, t->n_index ? t->n_index * 2 : 16);
    }
    size_t r = t->n++;
    snprintf(t->uuids[r], sizeof t->uuids[r], "%s", uuid);
    for (size_t c = 0; c < t->n_cols; c++) {
        row_vals(t, r)[c] = json_incref(t->cols[c].dflt);
    }
    t->index[table_slot(t, uuid)] = (uint32_t) (r + 1);
    return r;
}

static void
row_set(struct ovsdb_intern *pool, struct ovsdb_replica_table *t, size_t r, size_t c,
        json_t *interned)
{
    json_t **v = &row_vals(t, r)[c];
    ovsdb_intern_put(pool, *v);
    *v = interned;
}

/* Empties index slot S and moves later entries of its cluster back. */
static void
index_remove(struct ovsdb_replica_table *t, size_t s)
{
    size_t mask = t->n_index - 1, j = s;
    t->index[s] = 0;
    for (;;) {
        j = (j + 1) & mask;
        if (!t->index[j]) {
            return;
        }
        size_t home = uuid_hash(t->uuids[t->index[j] - 1]) & mask;
        bool stays = s <= j ? (s < home && home <= j) : (s < home || home <= j);
        if (!stays) {
            t->index[s] = t->index[j];
            t->index[j] = 0;
            s = j;
        }
    }
}

static void
table_delete(struct ovsdb_intern *pool, struct ovsdb_replica_table *t, size_t r)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        ovsdb_intern_put(pool, row_vals(t, r)[c]);
    }
    index_remove(t, table_slot(t, t->uuids[r]));
    size_t last = --t->n;
    if (r != last) {
        memcpy(t->uuids[r], t->uuids[last], sizeof t->uuids[r]);
        memcpy(row_vals(t, r), row_vals(t, last), t->n_cols * sizeof *t->vals);
        t->index[table_slot(t, t->uuids[r])] = (uint32_t) (r + 1);
    }
}

/* Drops every row and gives the arrays back. */
static void
table_clear(struct ovsdb_intern *pool, struct ovsdb_replica_table *t)
{
    for (size_t i = 0; i < t->n * t->n_cols; i++) {
        ovsdb_intern_put(pool, t->vals[i]);
    }
    free(t->uuids);
    free(t->vals);
    free(t->index);
    t->uuids = NULL;
    t->vals = NULL;
    t->index = NULL;
    t->n = t->cap = t->n_index = 0;
}

static void
table_destroy(struct ovsdb_intern *pool, struct ovsdb_replica_table *t)
{
    table_clear(pool, t);
    for (size_t c = 0; c < t->n_cols; c++) {
        free(t->cols[c].name);
        ovsdb_intern_put(pool, t->cols[c].dflt);
    }
    free(t->cols);
    free(t->name);
}

static struct ovsdb_replica_table *
replica_table(const struct ovsdb_replica *r, const char *name)
{
    for (size_t i = 0; r && i < r->n_tables; i++) {
        if (!strcmp(r->tables[i].name, name)) {
            return &r->tables[i];
        }
    }
    return NULL;
}

/* ---- the replica -------------------------------------------------------------- */

struct ovsdb_replica *
ovsdb_replica_create(void)
{
    struct ovsdb_replica *r = xzalloc(sizeof *r);
    r->pool = ovsdb_intern_create();
    return r;
}

static void
replica_drop_tables(struct ovsdb_replica *r)
{
    for (size_t i = 0; i < r->n_tables; i++) {
        table_destroy(r->pool, &r->tables[i]);
    }
    free(r->tables);
    r->tables = NULL;
    r->n_tables = 0;
}

void
ovsdb_replica_destroy(struct ovsdb_replica *r)
{
    if (r) {
        replica_drop_tables(r);
        ovsdb_intern_destroy(r->pool);
        free(r);
    }
}

size_t
ovsdb_replica_n_rows(const struct ovsdb_replica *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_tables; i++) {
        n += r->tables[i].n;
    }
    return n;
}

void
ovsdb_replica_clear(struct ovsdb_replica *r)
{
    for (size_t i = 0; i < r->n_tables; i++) {
        table_clear(r->pool, &r->tables[i]);
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

static void
column_init(struct ovsdb_intern *pool, struct replica_column *col, const char *name,
            const json_t *type)
{
    col->name = xstrdup(name);
    col->kind_ok = ovsdb_type_kind(type, &col->kind);
    /* ovsdb-server diffs only sets that may hold more than one element;
     * for an optional column (max 1) "modify" carries the new value. */
    const json_t *max = json_is_object(type) ? json_object_get(type, "max") : NULL;
    col->multi = json_is_string(max) || json_integer_value(max) > 1;
    json_t *d = ovsdb_type_default(type);
    col->dflt = ovsdb_intern_get(pool, d);
    json_decref(d);
}

bool
ovsdb_replica_bind(struct ovsdb_replica *r, const struct ovsdb_schema *schema,
                   const json_t *requests, const char **error)
{
    size_t n = json_object_size(requests), k = 0;
    struct ovsdb_replica_table *tables = xcalloc(n ? n : 1, sizeof *tables);
    const char *table;
    json_t *req;
    const char *fail_what = NULL, *fail_table = NULL, *fail_detail = NULL;

    json_object_foreach((json_t *) requests, table, req) {
        struct ovsdb_replica_table *t = &tables[k++];
        t->name = xstrdup(table);
        json_t *schema_cols = ovsdb_schema_columns(schema, table);
        if (!schema_cols) {
            fail_what = "monitored table not in schema";
            fail_table = table;
            break;
        }
        json_t *list = json_object_get(req, "columns");
        t->cols = xcalloc(list ? json_array_size(list) + 1 : json_object_size(schema_cols) + 1,
                          sizeof *t->cols);
        if (list) {
            size_t i;
            json_t *c;
            json_array_foreach(list, i, c) {
                const char *name = json_string_value(c);
                json_t *type = name ? ovsdb_schema_column_type(schema, table, name) : NULL;
                if (!type) {
                    fail_what = "monitored column not in schema";
                    fail_table = table;
                    fail_detail = name ? name : "(not a string)";
                    break;
                }
                if (ovsdb_replica_table_column(t, name) < 0) {
                    column_init(r->pool, &t->cols[t->n_cols++], name, type);
                }
            }
            if (fail_what) {
                break;
            }
        } else {
            const char *name;
            json_t *col;
            json_object_foreach(schema_cols, name, col) {
                json_t *type = json_object_get(col, "type");
                if (type) {
                    column_init(r->pool, &t->cols[t->n_cols++], name, type);
                }
            }
        }
    }
    if (fail_what) {
        replica_fail(r, error, fail_what, fail_table, fail_detail);
        for (size_t i = 0; i < k; i++) {
            table_destroy(r->pool, &tables[i]);
        }
        free(tables);
        return false;
    }
    replica_drop_tables(r);
    r->tables = tables;
    r->n_tables = k;
    return true;
}

/* ---- reading ------------------------------------------------------------------- */

const struct ovsdb_replica_table *
ovsdb_replica_find_table(const struct ovsdb_replica *r, const char *table)
{
    return replica_table(r, table);
}

size_t
ovsdb_replica_table_size(const struct ovsdb_replica_table *t)
{
    return t ? t->n : 0;
}

int
ovsdb_replica_table_column(const struct ovsdb_replica_table *t, const char *name)
{
    for (size_t c = 0; t && c < t->n_cols; c++) {
        if (!strcmp(t->cols[c].name, name)) {
            return (int) c;
        }
    }
    return -1;
}

const char *
ovsdb_replica_row_uuid(const struct ovsdb_replica_table *t, size_t i)
{
    return t->uuids[i];
}

const json_t *
ovsdb_replica_row_datum(const struct ovsdb_replica_table *t, size_t i, int col)
{
    return col >= 0 && (size_t) col < t->n_cols ? row_vals(t, i)[col] : NULL;
}

static json_t *
row_json(const struct ovsdb_replica_table *t, size_t i)
{
    json_t *row = json_object();
    for (size_t c = 0; c < t->n_cols; c++) {
        json_object_set_new(row, t->cols[c].name, json_deep_copy(row_vals(t, i)[c]));
    }
    return row;
}

json_t *
ovsdb_replica_table_json(const struct ovsdb_replica *r, const char *table)
{
    const struct ovsdb_replica_table *t = replica_table(r, table);
    if (!t) {
        return NULL;
    }
    json_t *rows = json_object();
    for (size_t i = 0; i < t->n; i++) {
        json_object_set_new(rows, t->uuids[i], row_json(t, i));
    }
    return rows;
}

json_t *
ovsdb_replica_row_json(const struct ovsdb_replica *r, const char *table, const char *uuid)
{
    const struct ovsdb_replica_table *t = replica_table(r, table);
    size_t i = ovsdb_replica_table_find(t, uuid);
    return i == NO_ROW ? NULL : row_json(t, i);
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
    struct ovsdb_replica_table *t = replica_table(r, table);
    if (!t) {
        return replica_fail(r, error, "update for a table not monitored", table, NULL);
    }
    if (!ovsdb_datum_is_uuid(uuid)) {
        return replica_fail(r, error, "update with a bad row uuid", table, uuid);
    }
    size_t row = ovsdb_replica_table_find(t, uuid);
    if (op == OP_DELETE) {
        if (apply && row != NO_ROW) {
            table_delete(r->pool, t, row);
        }
        return true;
    }
    if (!json_is_object(data)) {
        return replica_fail(r, error, "row is not an object", table, uuid);
    }
    if (op == OP_DIFF && row == NO_ROW) {
        return replica_fail(r, error, "modify for an unknown row", table, uuid);
    }
    if (op == OP_REPLACE && row == NO_ROW) {
        op = OP_INSERT;
    }
    const char *name;
    json_t *value;
    if (!apply) {
        json_object_foreach((json_t *) data, name, value) {
            int c = ovsdb_replica_table_column(t, name);
            if (c < 0) {
                continue;
            }
            if (!t->cols[c].kind_ok) {
                return replica_fail(r, error, "schema has a bad column type", table, name);
            }
            if (!replica_datum_ok(t->cols[c].kind, value)) {
                return replica_fail(r, error, "bad value for column", table, name);
            }
        }
        return true;
    }
    if (op == OP_INSERT) {
        if (row != NO_ROW) {
            table_delete(r->pool, t, row);   /* a fresh row replaces it */
        }
        row = table_append(t, uuid);
    }
    json_object_foreach((json_t *) data, name, value) {
        int c = ovsdb_replica_table_column(t, name);
        if (c < 0) {
            continue;
        }
        const struct replica_column *col = &t->cols[c];
        json_t *old = row_vals(t, row)[c], *nw;
        if (op == OP_DIFF && col->kind == OVSDB_KIND_SET && col->multi) {
            nw = ovsdb_datum_set_toggle(old, value);
        } else if (op == OP_DIFF && col->kind == OVSDB_KIND_MAP) {
            nw = ovsdb_datum_map_apply(old, value);
        } else {
            nw = json_incref(value);
        }
        row_set(r->pool, t, row, (size_t) c, ovsdb_intern_get(r->pool, nw));
        json_decref(nw);
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
