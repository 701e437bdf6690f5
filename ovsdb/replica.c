/* replica: rows of the monitored tables (unfinished: storage only). */
#include <config.h>

#include "ovsdb.h"

/* Owned by its session. */
struct ovsdb_replica {
    json_t *tables;   /* owned: table name -> {uuid -> row} */
};

json_t *
ovsdb_replica_table(const struct ovsdb_replica *r, const char *table)
{
    return r && r->tables ? json_object_get(r->tables, table) : NULL;
}

const json_t *
ovsdb_replica_row(const struct ovsdb_replica *r, const char *table, const char *uuid)
{
    json_t *t = ovsdb_replica_table(r, table);
    return t ? json_object_get(t, uuid) : NULL;
}
