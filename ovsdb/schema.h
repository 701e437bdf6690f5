/* schema: what the client needs from a database schema (RFC 7047 3.2): which
 * tables exist, each column's type, and the default value of a type. Pure. */
#ifndef OVSDB_SCHEMA_H
#define OVSDB_SCHEMA_H 1

#include <stdbool.h>

#include <jansson.h>

/* Shape of a column's values (RFC 7047 5.1). */
enum ovsdb_column_kind {
    OVSDB_KIND_SCALAR,   /* exactly one atom (min 1, max 1, no value type) */
    OVSDB_KIND_SET,      /* zero or more atoms (min 0 or max > 1) */
    OVSDB_KIND_MAP,      /* key/value pairs */
};

/* Owned by its session. Holds a reference to the schema JSON. */
struct ovsdb_schema {
    json_t *json;        /* the get_schema result (owned reference) */
    json_t *tables;      /* borrowed from JSON: name -> table schema */
};

/* Takes a reference to RESULT on success. Returns false with *ERROR (static)
 * if RESULT does not look like a schema. */
bool ovsdb_schema_init(struct ovsdb_schema *s, json_t *result, const char **error);
void ovsdb_schema_destroy(struct ovsdb_schema *s);

bool ovsdb_schema_has_table(const struct ovsdb_schema *s, const char *table);
/* The table's "columns" object (borrowed), or NULL. */
json_t *ovsdb_schema_columns(const struct ovsdb_schema *s, const char *table);
/* A column's <type> (borrowed), or NULL if the table or column is unknown. */
json_t *ovsdb_schema_column_type(const struct ovsdb_schema *s, const char *table,
                                 const char *column);

/* Kind of a <type>; false if TYPE is malformed. */
bool ovsdb_type_kind(const json_t *type, enum ovsdb_column_kind *kind);
/* A new reference to the default datum of TYPE: ["set",[]], ["map",[]], 0,
 * 0.0, false, "", or the all-zero uuid. */
json_t *ovsdb_type_default(const json_t *type);

#endif
