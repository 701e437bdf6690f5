/* schema: table and column types from get_schema. See schema.h. */
#include <config.h>

#include "ovsdb/schema.h"

#include <string.h>

bool
ovsdb_schema_init(struct ovsdb_schema *s, json_t *result, const char **error)
{
    json_t *tables = json_object_get(result, "tables");
    s->json = NULL;
    s->tables = NULL;
    if (!json_is_object(result) || !json_is_object(tables)) {
        *error = "schema has no \"tables\" object";
        return false;
    }
    const char *name;
    json_t *t;
    json_object_foreach(tables, name, t) {
        if (!json_is_object(json_object_get(t, "columns"))) {
            *error = "schema table without a \"columns\" object";
            return false;
        }
    }
    s->json = json_incref(result);
    s->tables = tables;
    return true;
}

void
ovsdb_schema_destroy(struct ovsdb_schema *s)
{
    json_decref(s->json);
    s->json = NULL;
    s->tables = NULL;
}

bool
ovsdb_schema_has_table(const struct ovsdb_schema *s, const char *table)
{
    return s->tables && json_object_get(s->tables, table);
}

json_t *
ovsdb_schema_columns(const struct ovsdb_schema *s, const char *table)
{
    json_t *t = s->tables ? json_object_get(s->tables, table) : NULL;
    return t ? json_object_get(t, "columns") : NULL;
}

json_t *
ovsdb_schema_column_type(const struct ovsdb_schema *s, const char *table,
                         const char *column)
{
    json_t *cols = ovsdb_schema_columns(s, table);
    json_t *col = cols ? json_object_get(cols, column) : NULL;
    return col ? json_object_get(col, "type") : NULL;
}

/* The atomic type name of a <base-type> (a string or {"type": string}). */
static const char *
schema_base_name(const json_t *base)
{
    if (json_is_string(base)) {
        return json_string_value(base);
    }
    if (json_is_object(base)) {
        const json_t *t = json_object_get(base, "type");
        return json_is_string(t) ? json_string_value(t) : NULL;
    }
    return NULL;
}

bool
ovsdb_type_kind(const json_t *type, enum ovsdb_column_kind *kind)
{
    if (json_is_string(type)) {
        *kind = OVSDB_KIND_SCALAR;
        return true;
    }
    if (!json_is_object(type) || !schema_base_name(json_object_get(type, "key"))) {
        return false;
    }
    if (json_object_get(type, "value")) {
        if (!schema_base_name(json_object_get(type, "value"))) {
            return false;
        }
        *kind = OVSDB_KIND_MAP;
        return true;
    }
    const json_t *min = json_object_get(type, "min");
    const json_t *max = json_object_get(type, "max");
    json_int_t nmin = json_is_integer(min) ? json_integer_value(min) : 1;
    bool max_one = !max || (json_is_integer(max) && json_integer_value(max) == 1);
    *kind = nmin == 1 && max_one ? OVSDB_KIND_SCALAR : OVSDB_KIND_SET;
    return true;
}

json_t *
ovsdb_type_default(const json_t *type)
{
    enum ovsdb_column_kind kind;
    if (!ovsdb_type_kind(type, &kind) || kind == OVSDB_KIND_SET) {
        return json_pack("[s,[]]", "set");
    }
    if (kind == OVSDB_KIND_MAP) {
        return json_pack("[s,[]]", "map");
    }
    const char *base = json_is_string(type) ? json_string_value(type)
                                            : schema_base_name(json_object_get(type, "key"));
    if (!strcmp(base, "integer")) {
        return json_integer(0);
    } else if (!strcmp(base, "real")) {
        return json_real(0.0);
    } else if (!strcmp(base, "boolean")) {
        return json_false();
    } else if (!strcmp(base, "uuid")) {
        return json_pack("[s,s]", "uuid", "00000000-0000-0000-0000-000000000000");
    }
    return json_string("");
}
