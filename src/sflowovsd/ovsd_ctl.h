/* ovsd_ctl: the controller of sflowovsd. Wires an OVSDB session (replica of
 * Bridge and sFlow) to the pure reconcile step: after every replica update or
 * settings change it reconciles and, when there is something to do, sends ONE
 * conditional transaction. At most one transaction is in flight; changes that
 * arrive meanwhile are reconciled when its reply comes. A transaction whose
 * `wait` failed (a concurrent edit) is not retried blindly: the next replica
 * update triggers a fresh reconcile.
 *
 * States:
 *   IDLE      --dirty && synced--> reconcile --ops--> IN_FLIGHT
 *   IN_FLIGHT --reply or disconnect--> IDLE
 * "dirty" is set by replica updates and settings changes.
 *
 * Ownership: the caller owns the struct (ovsd_ctl_destroy()); the controller
 * owns its session, its copy of the settings and its options. */
#ifndef OVSD_CTL_H
#define OVSD_CTL_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/hsauto.h"
#include "common/poll_loop.h"

/* Read during ovsd_ctl_create() only (copied). */
struct ovsd_ctl_options {
    const char *remote;          /* "unix:PATH", "tcp:IP:PORT" */
    const char *const *exclude;  /* bridge names never touched */
    size_t n_exclude;
    bool take_over;              /* replace sFlow rows we do not own */
};

/* After a failed transaction: reconcile again after a capped backoff even if
 * no update comes, and after OVSD_CTL_RESYNC_AFTER failures in a row
 * rebuild the replica from scratch (it may have diverged from the server). */
#define OVSD_CTL_RETRY_MS 1000
#define OVSD_CTL_RETRY_MAX_MS 30000
#define OVSD_CTL_RESYNC_AFTER 3

struct ovsd_ctl;

struct ovsd_ctl *ovsd_ctl_create(const struct ovsd_ctl_options *opts);
void ovsd_ctl_destroy(struct ovsd_ctl *c);

/* Copies S (NULL = no settings: detach our row everywhere). */
void ovsd_ctl_set_desired(struct ovsd_ctl *c, const struct hsauto_settings *s);

void ovsd_ctl_run(struct ovsd_ctl *c, long long now);
void ovsd_ctl_wait(struct ovsd_ctl *c, struct poll_loop *loop);

/* Blocks until the replica is synced (at most TIMEOUT_MS); for --dry-run and
 * the exit path. */
bool ovsd_ctl_wait_synced(struct ovsd_ctl *c, long long timeout_ms);
bool ovsd_ctl_is_synced(const struct ovsd_ctl *c);

/* The operations a reconcile would send now (new reference), or NULL if
 * there is nothing to do or no synced replica. */
json_t *ovsd_ctl_plan(struct ovsd_ctl *c);

/* True when synced, nothing in flight and nothing left to reconcile. */
bool ovsd_ctl_is_settled(const struct ovsd_ctl *c);

/* Transactions sent so far. */
unsigned long ovsd_ctl_n_txns(const struct ovsd_ctl *c);

/* Drops and remakes the database connection: the replica is rebuilt from
 * scratch and everything reconciled again. */
void ovsd_ctl_force_resync(struct ovsd_ctl *c);

/* Writes, for an operator, the connection, the settings in force, the last
 * transaction and every bridge with its status and why. */
void ovsd_ctl_show(struct ovsd_ctl *c, FILE *out, long long now);

#endif
