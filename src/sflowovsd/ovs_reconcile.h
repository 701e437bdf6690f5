/* ovs_reconcile: the pure decision step of sflowovsd.
 *
 * From the desired settings (hsflowd.auto) and what the replica holds of the
 * Bridge and sFlow tables (datums in RFC 7047 JSON notation), computes the OVSDB operations
 * that make every bridge that is not excluded reference exactly one sFlow row
 * owned by us (external_ids:<owner_key>=<owner_value>) with the desired agent,
 * targets, sampling, polling and header.
 *
 * Rules:
 *   - Desired NULL (no file) or no collectors: our row is detached from every
 *     bridge; the server garbage-collects it (sFlow is not a root table).
 *   - A bridge that references a row we do not own is left alone and reported
 *     in result->foreign, unless take_over is set.
 *   - Several owned rows (e.g. two instances raced): the one referenced by most
 *     bridges (then the smallest UUID) is kept, the others are detached.
 *   - Our sFlow row is updated (or referenced) only after a `wait` (timeout 0,
 *     until "==") on the exact column values read, so a concurrent edit of it
 *     makes the whole transaction fail instead of being overwritten.
 *   - Bridges are changed by conditional updates whose "where" names the
 *     sflow value read: a bridge changed meanwhile is not matched and keeps
 *     what it has. Bridges that share that value and the change are one
 *     operation: the transaction's size does not grow with the bridges.
 *   - Nothing to do: result->ops is NULL.
 *   - Values OVSDB would accept but ovs-vswitchd would not sample with
 *     (sampling 0, no targets) are never produced.
 * No I/O, no logging, no clock: a function of its inputs. */
#ifndef OVS_RECONCILE_H
#define OVS_RECONCILE_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/hsauto.h"

#define OVS_RECONCILE_OWNER_KEY "sflowovsd"
#define OVS_RECONCILE_OWNER_VALUE "owner"

/* One Bridge row, as the replica holds it. Borrowed. */
struct ovs_reconcile_bridge_row {
    const char *uuid;
    const char *name;         /* NULL if not a string */
    const json_t *sflow;      /* its sflow datum */
};

/* What the step reads of the replica. All borrowed. */
struct ovs_reconcile_tables {
    const struct ovs_reconcile_bridge_row *bridges;   /* N_BRIDGES rows */
    size_t n_bridges;
    const json_t *sflows;     /* sFlow rows (few): object mapping row UUID -> row
                               * object (column -> datum); NULL counts as empty */
};

/* Borrowed by ovs_reconcile(); the caller owns the strings. */
struct ovs_reconcile_options {
    const char *const *exclude;  /* bridge names never touched */
    size_t n_exclude;
    bool take_over;              /* replace rows we do not own */
    const char *owner_key;       /* NULL = OVS_RECONCILE_OWNER_KEY */
    const char *owner_value;     /* NULL = OVS_RECONCILE_OWNER_VALUE */
};

/* Where one bridge stands, before the operations of the result are applied. */
enum ovs_reconcile_bridge_state {
    OVS_RECONCILE_ATTACHED,        /* references our row */
    OVS_RECONCILE_EXCLUDED,        /* --exclude: never touched */
    OVS_RECONCILE_FOREIGN,         /* references a row we do not own */
    OVS_RECONCILE_ATTACH_PENDING,  /* the operations attach it */
    OVS_RECONCILE_DETACH_PENDING,  /* the operations detach it */
    OVS_RECONCILE_UNSAMPLED,       /* no sFlow row, none wanted */
};

struct ovs_reconcile_bridge {
    char *name;                    /* owned */
    enum ovs_reconcile_bridge_state state;
};

/* Filled by ovs_reconcile(); the caller frees it with ovs_reconcile_result_destroy(). */
struct ovs_reconcile_result {
    json_t *ops;          /* owned: array of operations, or NULL (nothing to do) */
    json_t *foreign;      /* owned: array of names of bridges left alone (foreign row) */
    char *keep_uuid;      /* owned: our row kept (NULL if new or none) */
    bool desired;         /* true if a row is wanted (collectors present, values good) */
    char *problem;        /* owned: why settings were not usable, or NULL */
    size_t n_attach;      /* bridges (re)pointed at our row */
    size_t n_detach;      /* bridges whose reference to our row is cleared */
    bool insert;          /* a new row is inserted */
    bool update;          /* our existing row's columns are updated */
    struct ovs_reconcile_bridge *bridges;  /* owned: every bridge, sorted by name */
    size_t n_bridges;
};

/* "attached", "excluded", ... for logs and the control socket. */
const char *ovs_reconcile_bridge_state_name(enum ovs_reconcile_bridge_state state);

/* The sFlow row columns wanted for S (agent, targets, sampling, polling,
 * header), as an object to put in an insert/update, or NULL with *PROBLEM set
 * (malloc'd) when S is NULL, has no collectors or has unusable values. */
json_t *ovs_reconcile_desired_row(const struct hsauto_settings *s, char **problem);

/* Formats one collector as an sFlow target: "IP:PORT" or "[IPv6]:PORT". */
char *ovs_reconcile_target(const struct hsauto_collector *c);

void ovs_reconcile(const struct hsauto_settings *desired, const struct ovs_reconcile_options *opts,
                   const struct ovs_reconcile_tables *tables, struct ovs_reconcile_result *result);
void ovs_reconcile_result_destroy(struct ovs_reconcile_result *result);

#endif
