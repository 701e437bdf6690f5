/* Fuzz target: the OVSDB byte stream as a server would send it. The framer
 * splits the input (in chunks whose size the first byte picks), each text is
 * parsed as a JSON-RPC message, and update/update2 notifications and replies
 * that carry table updates are applied to a replica bound to a small
 * Open_vSwitch-like schema. Nothing may crash, leak or read out of bounds. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ovsdb/framer.h"
#include "ovsdb/jsonrpc.h"
#include "ovsdb/replica.h"
#include "ovsdb/schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fuzz_schema[] =
    "{\"name\":\"Open_vSwitch\",\"tables\":{"
    "\"Open_vSwitch\":{\"columns\":{\"bridges\":{\"type\":{\"key\":{\"type\":\"uuid\","
    "\"refTable\":\"Bridge\"},\"min\":0,\"max\":\"unlimited\"}}}},"
    "\"Bridge\":{\"columns\":{\"name\":{\"type\":\"string\"},"
    "\"sflow\":{\"type\":{\"key\":{\"type\":\"uuid\",\"refTable\":\"sFlow\"},\"min\":0,\"max\":1}},"
    "\"external_ids\":{\"type\":{\"key\":\"string\",\"value\":\"string\",\"min\":0,"
    "\"max\":\"unlimited\"}}}},"
    "\"sFlow\":{\"columns\":{\"sampling\":{\"type\":{\"key\":\"integer\",\"min\":0,\"max\":1}},"
    "\"header\":{\"type\":\"integer\"},"
    "\"targets\":{\"type\":{\"key\":\"string\",\"min\":1,\"max\":\"unlimited\"}}}}}}";

/* The replica's invariants after every message: each row is found by its
 * UUID at its own index, every datum of a monitored column is there, and
 * the JSON copy has every row. */
static void
fuzz_check_replica(const struct ovsdb_replica *r)
{
    static const char *const tables[] = { "Open_vSwitch", "Bridge", "sFlow" };
    size_t total = 0;
    for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++) {
        const struct ovsdb_replica_table *t = ovsdb_replica_find_table(r, tables[k]);
        size_t n = ovsdb_replica_table_size(t);
        int col = ovsdb_replica_table_column(t, k == 1 ? "sflow" : k == 2 ? "targets" : "bridges");
        for (size_t i = 0; i < n; i++) {
            if (ovsdb_replica_table_find(t, ovsdb_replica_row_uuid(t, i)) != i
                || !ovsdb_replica_row_datum(t, i, col)) {
                __builtin_trap();
            }
        }
        json_t *copy = ovsdb_replica_table_json(r, tables[k]);
        if (json_object_size(copy) != n) {
            __builtin_trap();
        }
        json_decref(copy);
        total += n;
    }
    if (total != ovsdb_replica_n_rows(r)) {
        __builtin_trap();
    }
}

static void
fuzz_message(struct ovsdb_replica *r, struct ovsdb_rpc_msg *m)
{
    const char *error;
    if (m->type == OVSDB_RPC_NOTIFY && json_array_size(m->params) == 2) {
        json_t *updates = json_array_get(m->params, 1);
        if (!strcmp(m->method, "update2")) {
            ovsdb_replica_apply_update2(r, updates, &error);
        } else if (!strcmp(m->method, "update")) {
            ovsdb_replica_apply_update(r, updates, &error);
        }
    } else if (m->type == OVSDB_RPC_REPLY) {
        ovsdb_replica_apply_update2(r, m->result, &error);
        ovsdb_replica_apply_update(r, m->result, &error);
    } else if (m->type == OVSDB_RPC_ERROR) {
        (void) ovsdb_rpc_msg_error_text(m);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    size_t chunk = 1 + data[0] % 64;
    const char *p = (const char *) data + 1;
    size_t left = size - 1;

    struct ovsdb_schema schema;
    const char *error;
    json_t *sj = json_loads(fuzz_schema, 0, NULL);
    json_t *req = json_loads("{\"Open_vSwitch\":{\"columns\":[\"bridges\"]},"
                             "\"Bridge\":{\"columns\":[\"name\",\"sflow\",\"external_ids\"]},"
                             "\"sFlow\":{}}", 0, NULL);
    struct ovsdb_replica *r = ovsdb_replica_create();
    if (!sj || !req || !ovsdb_schema_init(&schema, sj, &error)
        || !ovsdb_replica_bind(r, &schema, req, &error)) {
        __builtin_trap();
    }

    struct ovsdb_framer f;
    ovsdb_framer_init(&f, 4096);
    bool failed = false;
    while (left && !failed) {
        size_t n = left < chunk ? left : chunk;
        size_t fed = n;
        enum ovsdb_framer_status st = ovsdb_framer_feed(&f, p, &fed, &error);
        if (fed > n) {
            __builtin_trap();
        }
        p += fed;
        left -= fed;
        if (st == OVSDB_FRAMER_ERROR) {
            failed = true;
        } else if (st == OVSDB_FRAMER_TEXT) {
            size_t len;
            const char *text = ovsdb_framer_text(&f, &len);
            struct ovsdb_rpc_msg *m = ovsdb_rpc_msg_from_text(text, len, &error);
            if (m) {
                fuzz_message(r, m);
                ovsdb_rpc_msg_free(m);
                fuzz_check_replica(r);
            }
        }
    }
    ovsdb_framer_destroy(&f);
    ovsdb_replica_destroy(r);
    ovsdb_schema_destroy(&schema);
    json_decref(sj);
    json_decref(req);
    return 0;
}
