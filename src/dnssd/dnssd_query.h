/* dnssd_query: the queries of one DNS-SD refresh and what their answers do
 * to it. Inside the DNS-SD module only: the state machine (dnssd.c) sends,
 * the answers land here and are recorded in struct dnssd.
 *
 * Ownership: struct dnssd (see dnssd.c for its life cycle) owns its targets,
 * its channel and the results; a struct dnssd_query is owned by c-ares while
 * in flight and freed by its callback. */
#ifndef DNSSD_QUERY_H
#define DNSSD_QUERY_H 1

#include <ares.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dnssd/dnssd_result.h"

#define DNSSD_MAX_TARGETS 16

enum dnssd_state {
    DNSSD_IDLE,
    DNSSD_QUERYING,
    DNSSD_RESOLVING,
};

enum dnssd_txt_outcome {
    DNSSD_TXT_ABSENT,       /* no TXT record: no TXT settings */
    DNSSD_TXT_PARSED,       /* parsed into the result being built */
    DNSSD_TXT_KEPT,         /* rejected: the last good TXT settings stay */
};

enum dnssd_query_kind {
    DNSSD_Q_SRV,
    DNSSD_Q_TXT,
    DNSSD_Q_A,
    DNSSD_Q_AAAA,
};

/* One outstanding query. Owned by c-ares while in flight; its callback frees
 * it. */
struct dnssd_query {
    struct dnssd *d;
    enum dnssd_query_kind kind;
    size_t target;              /* index into d->targets (A, AAAA) */
};

struct dnssd_target {           /* one SRV target; owns HOST and ERROR */
    char *host;
    uint16_t port;
    unsigned int answered;      /* A/AAAA queries answered (data or none) */
    char *error;                /* first A/AAAA failure, or NULL */
};

/* Created by dnssd_create(), freed by dnssd_destroy(); owns everything. */
struct dnssd {
    char *domain;               /* configured domain, NULL = resolver's */
    bool have_server;           /* configured server, else resolv.conf's */
    struct ares_addr_port_node server;
    ares_channel channel;       /* NULL between refreshes */
    bool destroying;

    enum dnssd_state state;
    long long now;              /* of the last dnssd_run() */
    long long initial_delay;
    bool started;
    long long next_due;         /* IDLE: when the next refresh starts */
    unsigned int failures;      /* consecutive failed refreshes */

    /* The refresh in progress. */
    char *qname;                /* _sflow._udp.<domain> */
    unsigned int pending;       /* queries in flight */
    long long deadline;         /* cancel what is still in flight by then */
    char *error;                /* first failure of this refresh, or NULL */
    struct dnssd_result building;
    uint32_t min_ttl;
    enum dnssd_txt_outcome txt;
    char *txt_error;            /* why the TXT query failed, or NULL */
    struct dnssd_target targets[DNSSD_MAX_TARGETS];
    size_t n_targets;
    bool srv_no_service;        /* SRV target "." */

    /* The last good result. */
    bool have_result;
    struct dnssd_result result;
    uint64_t generation;
};

/* Sends a query of TYPE for NAME; its answer is handled as KIND (TARGET: the
 * index into d->targets for A and AAAA). */
void dnssd_query_send(struct dnssd *d, const char *name, int type, enum dnssd_query_kind kind,
                      size_t target);
/* Records the first failure of the refresh in progress. */
void dnssd_note_failure(struct dnssd *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Takes the SRV answer ABUF (ALEN bytes) into the refresh in progress. */
void dnssd_answer_srv(struct dnssd *d, const uint8_t *abuf, int alen);

#endif
