/* hsschedule: per-source polling slots. See hsschedule.h. */
#include <config.h>

#include "hsflowd/hsschedule.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

void
hsschedule_init(struct hsschedule *s)
{
    memset(s, 0, sizeof *s);
}

void
hsschedule_destroy(struct hsschedule *s)
{
    free(s->entries);
    hsschedule_init(s);
}

/* A 32-bit integer hash with good avalanche (the MurmurHash3 finalizer). */
static uint32_t
mix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6bU;
    h ^= h >> 13;
    h *= 0xc2b2ae35U;
    h ^= h >> 16;
    return h;
}

long long
hsschedule_offset(uint32_t ds_class, uint32_t ds_index, long long interval_ms)
{
    if (interval_ms <= 0) {
        return 0;
    }
    uint32_t id = (ds_class << 24) | (ds_index & 0xffffff);
    return (long long) (mix32(id) % (uint64_t) interval_ms);
}

/* The first time >= NOW (strictly after NOW when AFTER) in the slot of E. */
static long long
slot_at_or_after(const struct hsschedule *s, const struct hsschedule_entry *e, long long now,
                 bool after)
{
    long long p = s->interval_ms;
    long long off = hsschedule_offset(e->ds_class, e->ds_index, p);
    long long t = now + (((off - now) % p) + p) % p;
    return after && t <= now ? t + p : t;
}

void
hsschedule_set_interval(struct hsschedule *s, uint32_t seconds, long long now)
{
    long long ms = (long long) seconds * 1000;
    if (ms == s->interval_ms) {
        return;
    }
    s->interval_ms = ms;
    for (size_t i = 0; i < s->n; i++) {
        s->entries[i].due = ms ? slot_at_or_after(s, &s->entries[i], now, false) : LLONG_MAX;
    }
}

void
hsschedule_add(struct hsschedule *s, uint32_t ds_class, uint32_t ds_index, long long now)
{
    for (size_t i = 0; i < s->n; i++) {
        struct hsschedule_entry *e = &s->entries[i];
        if (e->ds_class == ds_class && e->ds_index == ds_index) {
            e->seen = true;
            return;
        }
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->entries = xreallocarray(s->entries, s->cap, sizeof *s->entries);
    }
    struct hsschedule_entry *e = &s->entries[s->n++];
    e->ds_class = ds_class;
    e->ds_index = ds_index;
    e->seen = true;
    e->last = -1;
    e->due = s->interval_ms ? slot_at_or_after(s, e, now, false) : LLONG_MAX;
}

void
hsschedule_unmark(struct hsschedule *s, uint32_t ds_class)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->entries[i].ds_class == ds_class) {
            s->entries[i].seen = false;
        }
    }
}

void
hsschedule_sweep(struct hsschedule *s, uint32_t ds_class)
{
    size_t j = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->entries[i].ds_class != ds_class || s->entries[i].seen) {
            s->entries[j++] = s->entries[i];
        }
    }
    s->n = j;
}

bool
hsschedule_next_due(struct hsschedule *s, long long now, uint32_t *ds_class,
                    uint32_t *ds_index)
{
    if (!s->interval_ms) {
        return false;
    }
    struct hsschedule_entry *best = NULL;
    for (size_t i = 0; i < s->n; i++) {
        struct hsschedule_entry *e = &s->entries[i];
        if (e->due <= now && (!best || e->due < best->due)) {
            best = e;
        }
    }
    if (!best) {
        return false;
    }
    *ds_class = best->ds_class;
    *ds_index = best->ds_index;
    best->last = now;
    /* The next slot; after a stall (suspend, a slow poll) skip the missed
     * ones instead of polling several times in a row. */
    best->due = slot_at_or_after(s, best, now, true);
    return true;
}

long long
hsschedule_deadline(const struct hsschedule *s)
{
    long long d = LLONG_MAX;
    for (size_t i = 0; s->interval_ms && i < s->n; i++) {
        if (s->entries[i].due < d) {
            d = s->entries[i].due;
        }
    }
    return d;
}
