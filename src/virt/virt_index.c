/* virt_index: data source indices for VMs from their UUIDs (see virt_index.h).
 *
 * Two passes over the distinct UUIDs in ascending order: first each index
 * goes to the smallest UUID that hashes to it, then every UUID left over
 * probes upward from its own index to the next free one. A domain that
 * collides with nobody therefore always keeps its hashed index, whatever
 * other domains come and go. */
#include <config.h>

#include "virt/virt_index.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

uint32_t
virt_index_of_uuid(const uint8_t uuid[16])
{
    /* FNV-1a, 32 bits: fixed forever, so indices survive upgrades. */
    return util_fnv1a(uuid, 16, UTIL_FNV_BASIS) % VIRT_INDEX_RANGE + 1;
}

/* One UUID and where it came from; sorted by UUID, then position. */
struct entry {
    uint8_t uuid[16];
    size_t pos;
};

static int
cmp_entry(const void *a_, const void *b_)
{
    const struct entry *a = a_, *b = b_;
    int c = memcmp(a->uuid, b->uuid, 16);
    return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

static bool
taken(const uint8_t *map, uint32_t ix)
{
    return map[ix / 8] & (1u << (ix % 8));
}

static void
take(uint8_t *map, uint32_t ix)
{
    map[ix / 8] |= (uint8_t) (1u << (ix % 8));
}

void
virt_index_assign(const uint8_t (*uuids)[16], size_t n, uint32_t *out)
{
    if (n == 0) {
        return;
    }
    struct entry *e = xcalloc(n, sizeof *e);
    for (size_t i = 0; i < n; i++) {
        memcpy(e[i].uuid, uuids[i], 16);
        e[i].pos = i;
        out[i] = 0;
    }
    qsort(e, n, sizeof *e, cmp_entry);

    uint8_t *map = xzalloc(VIRT_INDEX_RANGE / 8 + 1);
    size_t used = 0;

    /* Pass 1: home indices, smallest UUID first; a duplicate UUID (k with
     * the same UUID as k - 1) is settled at the end. */
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && !memcmp(e[k].uuid, e[k - 1].uuid, 16)) {
            continue;
        }
        uint32_t home = virt_index_of_uuid(e[k].uuid);
        if (!taken(map, home)) {
            take(map, home);
            out[e[k].pos] = home;
            used++;
        }
    }
    /* Pass 2: the rest probe linearly upward, wrapping to 1. Past
     * VIRT_INDEX_RANGE distinct UUIDs, the extra ones keep 0. */
    for (size_t k = 0; k < n && used < VIRT_INDEX_RANGE; k++) {
        if (out[e[k].pos] || (k > 0 && !memcmp(e[k].uuid, e[k - 1].uuid, 16))) {
            continue;
        }
        uint32_t ix = virt_index_of_uuid(e[k].uuid);
        while (taken(map, ix)) {
            ix = ix % VIRT_INDEX_RANGE + 1;
        }
        take(map, ix);
        out[e[k].pos] = ix;
        used++;
    }
    /* Duplicates share the index of their first copy. */
    for (size_t k = 1; k < n; k++) {
        if (!memcmp(e[k].uuid, e[k - 1].uuid, 16)) {
            out[e[k].pos] = out[e[k - 1].pos];
        }
    }
    free(map);
    free(e);
}

void
virt_index_remember(struct virt_index_memory *m, const uint8_t (*uuids)[16], size_t n,
                    long long now, long long forget_ms)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < m->n && memcmp(m->uuids[j], uuids[i], 16)) {
            j++;
        }
        if (j == m->n) {
            m->uuids = xreallocarray(m->uuids, m->n + 1, sizeof *m->uuids);
            m->seen = xreallocarray(m->seen, m->n + 1, sizeof *m->seen);
            memcpy(m->uuids[m->n], uuids[i], 16);
            m->n++;
        }
        m->seen[j] = now;
    }
    size_t k = 0;
    for (size_t j = 0; j < m->n; j++) {
        if (now - m->seen[j] <= forget_ms) {
            memmove(m->uuids[k], m->uuids[j], 16);
            m->seen[k] = m->seen[j];
            k++;
        }
    }
    m->n = k;
}

void
virt_index_memory_assign(const struct virt_index_memory *m, const uint8_t (*uuids)[16],
                         size_t n, uint32_t *out)
{
    uint32_t *all = xcalloc(m->n ? m->n : 1, sizeof *all);
    virt_index_assign((const uint8_t (*)[16]) m->uuids, m->n, all);
    for (size_t i = 0; i < n; i++) {
        out[i] = 0;
        for (size_t j = 0; j < m->n; j++) {
            if (!memcmp(m->uuids[j], uuids[i], 16)) {
                out[i] = all[j];
                break;
            }
        }
    }
    free(all);
}

void
virt_index_memory_destroy(struct virt_index_memory *m)
{
    free(m->uuids);
    free(m->seen);
    memset(m, 0, sizeof *m);
}
