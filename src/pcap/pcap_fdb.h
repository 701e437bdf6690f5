/* pcap_fdb: the bridges' forwarding tables, (bridge, MAC) -> port
 * (pcap_fdb.c). Pure: pcap_neigh.c fills it from rtnetlink, the unit tests
 * directly. Ownership: pcap_fdb_create()'s caller frees the table with
 * pcap_fdb_destroy(); entries are copied in, and pcap_fdb_get()'s answer is
 * borrowed until the next change. */
#ifndef PCAP_FDB_H
#define PCAP_FDB_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCAP_FDB_MAX (1u << 20)    /* entries, all bridges together */

struct pcap_fdb_entry {
    uint32_t bridge;            /* NDA_MASTER */
    uint32_t port;              /* ndm_ifindex: where frames for MAC go */
    uint8_t mac[6];
    bool local;                 /* NUD_PERMANENT: an address of the host itself */
};

struct pcap_fdb;
struct pcap_fdb *pcap_fdb_create(void);
void pcap_fdb_destroy(struct pcap_fdb *f);
/* Adds or updates E, marked with GEN; false when the table is full. */
bool pcap_fdb_put(struct pcap_fdb *f, const struct pcap_fdb_entry *e, uint32_t gen);
void pcap_fdb_del(struct pcap_fdb *f, uint32_t bridge, const uint8_t mac[6]);
const struct pcap_fdb_entry *pcap_fdb_get(const struct pcap_fdb *f, uint32_t bridge,
                                          const uint8_t mac[6]);
/* Drops every entry not marked GEN; returns how many remain. */
size_t pcap_fdb_sweep(struct pcap_fdb *f, uint32_t gen);
/* Drops the entries of bridge or port IFINDEX (a link that went away). */
void pcap_fdb_forget(struct pcap_fdb *f, uint32_t ifindex);
size_t pcap_fdb_count(const struct pcap_fdb *f);

#endif
