/* pve_qmp: one exchange with one QEMU over its QMP socket
 * (/var/run/qemu-server/<vmid>.qmp): connect, read the greeting, send
 * qmp_capabilities, then query-status, query-balloon, query-blockstats and
 * query-block together, read the four answers, close. Proxmox's own tools
 * use the same socket, so it is never held between polls.
 *
 * Non-blocking throughout: pve_qmp_start() opens the socket, pve_qmp_run()
 * moves on as far as the socket allows and fails the exchange once NOW
 * passes its deadline, pve_qmp_wait() registers the fd and the deadline.
 *
 * State machine (pve_qmp_run):
 *
 *   IDLE --start--> GREETING (connected; or FAILED if connect fails)
 *   GREETING --greeting read, capabilities sent--> CAPS
 *   CAPS --capabilities answered, queries sent--> QUERIES
 *   QUERIES --all four answered--> DONE
 *   any state but DONE --deadline passed, EOF, error, bad message--> FAILED
 *
 * The socket is closed on entering DONE or FAILED.
 *
 * Ownership: struct pve_qmp is owned by its caller (pve_qmp_close frees
 * what it holds); the result is a plain value inside it. */
#ifndef PVE_QMP_H
#define PVE_QMP_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/poll_loop.h"
#include "sflow/sflow.h"

#define PVE_QMP_MAX_INPUT (1u << 20)    /* bytes read in one exchange */

enum pve_qmp_state {
    PVE_QMP_IDLE,
    PVE_QMP_GREETING,
    PVE_QMP_CAPS,
    PVE_QMP_QUERIES,
    PVE_QMP_DONE,
    PVE_QMP_FAILED,
};

struct pve_qmp_result {
    char status[32];                    /* query-status: "running", "paused", ... */
    bool has_balloon;                   /* query-balloon answered (a balloon device) */
    uint64_t balloon_actual;            /* bytes */
    struct sflow_virt_disk_io disk;     /* blockstats summed, capacities from query-block */
};

struct pve_qmp {
    enum pve_qmp_state state;
    int fd;                             /* -1 unless GREETING..QUERIES */
    long long deadline;
    char *out;                          /* bytes still to send; owned */
    size_t out_len, out_off;
    char *in;                           /* bytes read, not yet a whole line; owned */
    size_t in_len, in_total;
    unsigned answered;                  /* bit per query id */
    struct pve_qmp_result result;
    char error[160];                    /* why FAILED */
};

void pve_qmp_init(struct pve_qmp *q);
/* Starts an exchange with the QMP socket at PATH that must end by NOW +
 * TIMEOUT_MS. */
void pve_qmp_start(struct pve_qmp *q, const char *path, long long now, long long timeout_ms);
void pve_qmp_run(struct pve_qmp *q, long long now);
void pve_qmp_wait(const struct pve_qmp *q, struct poll_loop *loop);
/* True in DONE or FAILED. */
bool pve_qmp_finished(const struct pve_qmp *q);
/* Ends any exchange (-> IDLE) and frees the buffers. */
void pve_qmp_close(struct pve_qmp *q);

/* Pure: one QMP message (a line of JSON) as the machine sees it in STATE.
 * Returns false with Q->error set when it is malformed or unexpected; events
 * are skipped. Exported for the unit tests and the fuzz target. */
bool pve_qmp_handle_message(struct pve_qmp *q, const char *msg, size_t len);

/* Pure: the "return" values of the queries. */
bool pve_qmp_parse_status(const json_t *ret, struct pve_qmp_result *r);
bool pve_qmp_parse_balloon(const json_t *ret, struct pve_qmp_result *r);
void pve_qmp_parse_blockstats(const json_t *ret, struct sflow_virt_disk_io *d);
void pve_qmp_parse_block(const json_t *ret, struct sflow_virt_disk_io *d);

#endif
