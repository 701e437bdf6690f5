/* virt_index: data source indices for VMs from their UUIDs (virt_index.c).
 * Pure, no libvirt: the same UUIDs give the same indices on every host and
 * across restarts. Ownership: the caller owns both arrays. */
#ifndef VIRT_INDEX_H
#define VIRT_INDEX_H 1

#include <stddef.h>
#include <stdint.h>

/* Data source indices for N domains from their 16-byte UUIDs, written to
 * OUT[i] for UUIDS[i]. Each UUID hashes into [1, VIRT_INDEX_RANGE]; UUIDs that
 * collide are taken in ascending UUID order and probe linearly upward
 * (wrapping to 1) to the next free index, so the result depends only on the
 * set of UUIDs. Equal UUIDs get equal indices; past VIRT_INDEX_RANGE distinct
 * UUIDs the extra ones get 0 (no index). Pure. */
#define VIRT_INDEX_RANGE 65535u
void virt_index_assign(const uint8_t (*uuids)[16], size_t n, uint32_t *out);
/* The preferred index of one UUID (before collision resolution). */
uint32_t virt_index_of_uuid(const uint8_t uuid[16]);

/* The UUIDs of the domains seen lately: a domain that vanishes keeps its
 * place in the index assignment for FORGET_MS (forgetVMs), so that no other
 * domain takes its index in the meantime, and gets the same index back if it
 * returns. Owned by its user; virt_index_memory_destroy() frees it. */
struct virt_index_memory {
    uint8_t (*uuids)[16];
    long long *seen;                /* msec, when each was last listed */
    size_t n;
};

/* Records the N UUIDS as seen at NOW and forgets those not seen for more than
 * FORGET_MS. Afterwards M->uuids (M->n of them) is the set to assign indices
 * over. */
void virt_index_remember(struct virt_index_memory *m, const uint8_t (*uuids)[16], size_t n,
                         long long now, long long forget_ms);
/* The indices of the N UUIDS (each among M's, after virt_index_remember()),
 * assigned over all that M remembers, written to OUT[i]; 0 for a UUID M does
 * not hold. */
void virt_index_memory_assign(const struct virt_index_memory *m, const uint8_t (*uuids)[16],
                              size_t n, uint32_t *out);
void virt_index_memory_destroy(struct virt_index_memory *m);

#endif
