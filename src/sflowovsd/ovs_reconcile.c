#include <config.h>
#include "sflowovsd/ovs_reconcile.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "ovsdb/datum.h"

/* Columns of our sFlow row that we manage; a wait on our row covers them and
 * external_ids (which says the row is ours). */
static const char *const managed_columns[] = { "agent", "targets", "sampling", "polling",
                                               "header" };
#define NAMED_ROW "sflowovsd_row"

/* ---- desired row ------------------------------------------------------------ */

char *
ovs_reconcile_target(const struct hsauto_collector *c)
{
    return strchr(c->addr, ':') ? xasprintf("[%s]:%u", c->addr, c->port)
                                : xasprintf("%s:%u", c->addr, c->port);
}

static json_t *
empty_set(void)
{
    return json_pack("[s,[]]", "set");
}

json_t *
ovs_reconcile_desired_row(const struct hsauto_settings *s, char **problem)
{
    *problem = NULL;
    if (!s) {
        *problem = xstrdup("no settings (hsflowd.auto absent)");
        return NULL;
    }
    if (!s->n_collectors) {
        *problem = xstrdup("no collectors");
        return NULL;
    }
    json_t *targets = json_array();
    for (size_t i = 0; i < s->n_collectors; i++) {
        if (!s->collectors[i].port || !s->collectors[i].addr[0]) {
            json_decref(targets);
            *problem = xasprintf("collector %zu has no address or port", i + 1);
            return NULL;
        }
        char *t = ovs_reconcile_target(&s->collectors[i]);
        json_t *js = json_string(t);
        free(t);
        if (!js) {
            json_decref(targets);
            *problem = xstrdup("collector address is not valid UTF-8");
            return NULL;
        }
        json_array_append_new(targets, js);
    }

    const char *agent = s->agent_dev && *s->agent_dev ? s->agent_dev
                        : s->agent_ip && *s->agent_ip ? s->agent_ip : NULL;
    json_t *agent_j = agent ? json_string(agent) : empty_set();
    if (!agent_j) {
        json_decref(targets);
        *problem = xstrdup("agent is not valid UTF-8");
        return NULL;
    }
    json_t *row = json_object();
    json_object_set_new(row, "agent", agent_j);
    json_object_set_new(row, "targets", json_pack("[s,o]", "set", targets));
    /* 0 means "not set": leave the column empty so that ovs-vswitchd uses its
     * default, never send 0 (it would stop sampling). */
    json_object_set_new(row, "sampling", s->sampling ? json_integer(s->sampling) : empty_set());
    json_object_set_new(row, "polling", json_integer(s->polling));
    json_object_set_new(row, "header", s->header ? json_integer(s->header) : empty_set());
    return row;
}

/* ---- operations ---------------------------------------------------------------- */

static json_t *
where_uuid(const char *uuid)
{
    return json_pack("[[s,s,[s,s]]]", "_uuid", "==", "uuid", uuid);
}

/* A wait (timeout 0) that fails unless row UUID of TABLE still has, in
 * COLUMNS, the values of ROW. */
static json_t *
op_wait(const char *table, const char *uuid, const json_t *row, const char *const *columns,
        size_t n_columns)
{
    json_t *cols = json_array(), *vals = json_object();
    for (size_t i = 0; i < n_columns; i++) {
        const json_t *v = json_object_get(row, columns[i]);
        json_array_append_new(cols, json_string(columns[i]));
        json_object_set_new(vals, columns[i], v ? json_deep_copy(v) : empty_set());
    }
    return json_pack("{s:s,s:s,s:o,s:o,s:s,s:[o],s:i}", "op", "wait", "table", table, "where",
                     where_uuid(uuid), "columns", cols, "until", "==", "rows", vals, "timeout",
                     0);
}

static json_t *
op_update(const char *table, const char *uuid, json_t *row)
{
    return json_pack("{s:s,s:s,s:o,s:o}", "op", "update", "table", table, "where",
                     where_uuid(uuid), "row", row);
}

/* ---- the step ------------------------------------------------------------------- */

struct bridge_view {            /* one Bridge row; pointers borrowed from the replica */
    const char *uuid;
    const char *name;
    const char *ref;            /* sFlow UUID referenced, or NULL */
    bool excluded;
};

static int
bridge_cmp(const void *a_, const void *b_)
{
    const struct bridge_view *a = a_, *b = b_;
    int c = strcmp(a->name, b->name);
    return c ? c : strcmp(a->uuid, b->uuid);
}

static bool
is_excluded(const struct ovs_reconcile_options *o, const char *name)
{
    for (size_t i = 0; i < o->n_exclude; i++) {
        if (o->exclude[i] && !strcmp(o->exclude[i], name)) {
            return true;
        }
    }
    return false;
}

static bool
row_is_owned(const json_t *sflows, const char *uuid, const char *key, const char *value)
{
    const json_t *row = uuid ? json_object_get(sflows, uuid) : NULL;
    return row && ovsdb_datum_map_has(json_object_get(row, "external_ids"), key, value);
}

/* Picks the owned row to keep: most referenced, then smallest UUID. */
static const char *
choose_keep(const json_t *sflows, const struct bridge_view *bv, size_t n, const char *key,
            const char *value)
{
    const char *best = NULL;
    size_t best_refs = 0;
    const char *uuid;
    const json_t *row;
    json_object_foreach((json_t *) sflows, uuid, row) {
        if (!ovsdb_datum_map_has(json_object_get(row, "external_ids"), key, value)) {
            continue;
        }
        size_t refs = 0;
        for (size_t i = 0; i < n; i++) {
            refs += bv[i].ref && !strcmp(bv[i].ref, uuid);
        }
        if (!best || refs > best_refs || (refs == best_refs && strcmp(uuid, best) < 0)) {
            best = uuid;
            best_refs = refs;
        }
    }
    return best;
}

/* What to do with one bridge. */
enum bridge_action { BR_LEAVE, BR_ATTACH, BR_DETACH, BR_FOREIGN };

static enum bridge_action
bridge_decide(const struct bridge_view *b, bool desired, const char *keep, bool ref_owned,
              bool take_over)
{
    if (b->excluded || !desired) {
        return ref_owned ? BR_DETACH : BR_LEAVE;
    }
    if (!b->ref) {
        return BR_ATTACH;
    }
    if (ref_owned) {
        return keep && !strcmp(b->ref, keep) ? BR_LEAVE : BR_ATTACH;
    }
    return take_over ? BR_ATTACH : BR_FOREIGN;
}

static enum ovs_reconcile_bridge_state
bridge_state(const struct bridge_view *b, enum bridge_action act, bool ref_owned)
{
    switch (act) {
    case BR_ATTACH: return OVS_RECONCILE_ATTACH_PENDING;
    case BR_DETACH: return OVS_RECONCILE_DETACH_PENDING;
    case BR_FOREIGN: return OVS_RECONCILE_FOREIGN;
    case BR_LEAVE: break;
    }
    return b->excluded ? OVS_RECONCILE_EXCLUDED
           : !b->ref ? OVS_RECONCILE_UNSAMPLED
           : ref_owned ? OVS_RECONCILE_ATTACHED : OVS_RECONCILE_FOREIGN;
}

/* ---- bridge operations ------------------------------------------------------------ */

/* Bridges are changed by conditional updates: an update's "where" names the
 * sflow value the bridge had when we read it, so a bridge changed in the
 * meantime (an operator's row attached, a bridge deleted) is not matched and
 * keeps what it has; the next monitor update shows it and reconciles again.
 * Bridges that share a current value and an action are changed by one
 * operation, whatever their number: attaching 10,000 unsampled bridges is
 * one update, not 10,000 (each bridge's "where" would be the same). */

/* The sflow datum of a bridge referencing REF (NULL: none). */
static json_t *
ref_datum(const char *ref)
{
    return ref ? json_pack("[s,s]", "uuid", ref) : empty_set();
}

/* A conditional update of Bridge: WHERE (taken) -> sflow = NEW_REF (taken). */
static json_t *
op_bridges(json_t *where, json_t *new_ref)
{
    return json_pack("{s:s,s:s,s:o,s:{s:o}}", "op", "update", "table", "Bridge", "where", where,
                     "row", "sflow", new_ref);
}

/* The sflow value a bridge is given: our kept row, the row inserted in
 * this transaction, or none. */
static json_t *
target_ref(enum bridge_action act, const char *keep)
{
    return act == BR_DETACH ? empty_set()
           : keep ? json_pack("[s,s]", "uuid", keep)
                  : json_pack("[s,s]", "named-uuid", NAMED_ROW);
}

/* True if A and B reference the same row (or both none). */
static bool
same_ref(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static void
bridge_ops(json_t *changes, const struct bridge_view *bv, const enum bridge_action *act,
           size_t nb, const struct ovs_reconcile_options *opts, bool desired, const char *keep)
{
    bool *done = xcalloc(nb ? nb : 1, sizeof *done);
    for (size_t i = 0; i < nb; i++) {
        if (done[i] || (act[i] != BR_ATTACH && act[i] != BR_DETACH)) {
            continue;
        }
        /* The group of bridge I: every bridge with the same current value
         * and action. An excluded bridge is never in an attach group, and
         * detaching happens by group only when nothing is wanted (then
         * every bridge on our rows goes, excluded or not). */
        bool by_group = act[i] == BR_ATTACH || !desired;
        json_t *where;
        if (by_group) {
            where = json_pack("[[s,s,o]]", "sflow", "==", ref_datum(bv[i].ref));
            if (act[i] == BR_ATTACH) {
                for (size_t e = 0; e < opts->n_exclude; e++) {
                    if (opts->exclude[e]) {
                        json_array_append_new(where, json_pack("[s,s,s]", "name", "!=",
                                                               opts->exclude[e]));
                    }
                }
            }
            for (size_t j = i; j < nb; j++) {
                done[j] |= act[j] == act[i] && same_ref(bv[j].ref, bv[i].ref);
            }
        } else {
            where = json_pack("[[s,s,[s,s]],[s,s,o]]", "_uuid", "==", "uuid", bv[i].uuid,
                              "sflow", "==", ref_datum(bv[i].ref));
            done[i] = true;
        }
        json_array_append_new(changes, op_bridges(where, target_ref(act[i], keep)));
    }
    free(done);
}

const char *
ovs_reconcile_bridge_state_name(enum ovs_reconcile_bridge_state state)
{
    switch (state) {
    case OVS_RECONCILE_ATTACHED: return "attached";
    case OVS_RECONCILE_EXCLUDED: return "excluded";
    case OVS_RECONCILE_FOREIGN: return "operator's row";
    case OVS_RECONCILE_ATTACH_PENDING: return "waiting (attach)";
    case OVS_RECONCILE_DETACH_PENDING: return "waiting (detach)";
    case OVS_RECONCILE_UNSAMPLED: return "not sampled";
    }
    return "?";
}

void
ovs_reconcile(const struct hsauto_settings *desired_settings,
              const struct ovs_reconcile_options *opts, const struct ovs_reconcile_tables *tables,
              struct ovs_reconcile_result *res)
{
    static const struct ovs_reconcile_options no_opts;
    const char *key, *value;
    memset(res, 0, sizeof *res);
    res->foreign = json_array();
    opts = opts ? opts : &no_opts;
    key = opts->owner_key ? opts->owner_key : OVS_RECONCILE_OWNER_KEY;
    value = opts->owner_value ? opts->owner_value : OVS_RECONCILE_OWNER_VALUE;

    json_t *empty = json_object();
    const json_t *sflows = json_is_object(tables->sflows) ? tables->sflows : empty;

    json_t *want = ovs_reconcile_desired_row(desired_settings, &res->problem);
    res->desired = want != NULL;

    /* Snapshot the bridges, sorted by name so that output is deterministic. */
    size_t nb = tables->n_bridges;
    struct bridge_view *bv = xcalloc(nb ? nb : 1, sizeof *bv);
    for (size_t i = 0; i < nb; i++) {
        const struct ovs_reconcile_bridge_row *row = &tables->bridges[i];
        struct bridge_view *b = &bv[i];
        b->uuid = row->uuid;
        b->name = row->name ? row->name : "";
        b->ref = ovsdb_datum_ref_uuid(row->sflow);
        b->excluded = is_excluded(opts, b->name);
    }
    qsort(bv, nb, sizeof *bv, bridge_cmp);

    const char *keep = choose_keep(sflows, bv, nb, key, value);
    enum bridge_action *act = xcalloc(nb ? nb : 1, sizeof *act);
    size_t keep_refs_after = 0;
    res->bridges = xcalloc(nb ? nb : 1, sizeof *res->bridges);
    res->n_bridges = nb;
    for (size_t i = 0; i < nb; i++) {
        bool owned = row_is_owned(sflows, bv[i].ref, key, value);
        act[i] = bridge_decide(&bv[i], res->desired, keep, owned, opts->take_over);
        res->bridges[i].name = xstrdup(bv[i].name);
        res->bridges[i].state = bridge_state(&bv[i], act[i], owned);
        if (act[i] == BR_ATTACH) {
            res->n_attach++;
            keep_refs_after++;
        } else if (act[i] == BR_DETACH) {
            res->n_detach++;
        } else if (act[i] == BR_FOREIGN) {
            json_array_append_new(res->foreign, json_string(bv[i].name));
        } else if (keep && bv[i].ref && !strcmp(bv[i].ref, keep)) {
            keep_refs_after++;
        }
    }

    json_t *waits = json_array(), *changes = json_array();
    const json_t *keep_row = keep ? json_object_get(sflows, keep) : NULL;
    if (res->desired && keep_refs_after) {
        if (!keep) {
            json_t *ins = json_pack("{s:s,s:s,s:s,s:O}", "op", "insert", "table", "sFlow",
                                    "uuid-name", NAMED_ROW, "row", want);
            json_object_set_new(json_object_get(ins, "row"), "external_ids",
                                json_pack("[s,[[s,s]]]", "map", key, value));
            json_array_append_new(changes, ins);
            res->insert = true;
        } else {
            bool same = true;
            for (size_t i = 0; i < ARRAY_SIZE(managed_columns) && same; i++) {
                same = ovsdb_datum_equal(json_object_get(keep_row, managed_columns[i]),
                                   json_object_get(want, managed_columns[i]));
            }
            if (!same) {
                json_array_append_new(changes, op_update("sFlow", keep, json_deep_copy(want)));
                res->update = true;
            }
        }
    }
    if (keep && (res->update || res->n_attach)) {
        /* Our row must still be ours, with the values we compared. */
        static const char *const cols[] = { "agent", "targets", "sampling", "polling",
                                            "header", "external_ids" };
        json_array_append_new(waits, op_wait("sFlow", keep, keep_row, cols, ARRAY_SIZE(cols)));
    }
    bridge_ops(changes, bv, act, nb, opts, res->desired, keep);
    if (json_array_size(changes)) {
        json_array_extend(waits, changes);
        res->ops = waits;
        waits = NULL;
    }
    res->keep_uuid = keep ? xstrdup(keep) : NULL;
    json_decref(waits);
    json_decref(changes);
    json_decref(want);
    json_decref(empty);
    free(act);
    free(bv);
}

void
ovs_reconcile_result_destroy(struct ovs_reconcile_result *res)
{
    json_decref(res->ops);
    json_decref(res->foreign);
    for (size_t i = 0; i < res->n_bridges; i++) {
        free(res->bridges[i].name);
    }
    free(res->bridges);
    free(res->keep_uuid);
    free(res->problem);
    memset(res, 0, sizeof *res);
}
