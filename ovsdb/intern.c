/* intern: shared read-only JSON values. See intern.h.
 *
 * An open-addressing table (linear probing, deletion by backward shift) of
 * the values, each with its hash; the pool holds one reference to each, the
 * users the others, so a value whose reference count falls back to 1 is
 * used by nobody and leaves the pool. */
#include <config.h>

#include "ovsdb/intern.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

struct intern_slot {
    json_t *v;            /* owned reference, NULL = empty */
    unsigned int hash;
};

struct ovsdb_intern {
    struct intern_slot *slots;   /* owned, N_SLOTS (a power of 2) */
    size_t n_slots;
    size_t n;
};

static unsigned int
hash_mix(unsigned int h)
{
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    h *= 0x846ca68bu;
    return h ^ (h >> 16);
}

unsigned int
ovsdb_json_hash(const json_t *v)
{
    unsigned int h = UTIL_FNV_BASIS + (unsigned int) json_typeof(v);
    switch (json_typeof(v)) {
    case JSON_STRING:
        return util_fnv1a(json_string_value(v), json_string_length(v), h);
    case JSON_INTEGER: {
        json_int_t i = json_integer_value(v);
        return util_fnv1a(&i, sizeof i, h);
    }
    case JSON_REAL: {
        double d = json_real_value(v);
        if (d == 0) {
            d = 0;           /* -0.0 equals 0.0 */
        }
        return util_fnv1a(&d, sizeof d, h);
    }
    case JSON_ARRAY: {
        size_t i;
        const json_t *e;
        json_array_foreach(v, i, e) {
            h = hash_mix(h ^ ovsdb_json_hash(e)) + (unsigned int) i;
        }
        return h;
    }
    case JSON_OBJECT: {
        /* Members in any order: a sum of each member's hash. */
        const char *k;
        const json_t *e;
        unsigned int sum = 0;
        json_object_foreach((json_t *) v, k, e) {
            sum += hash_mix(util_fnv1a(k, strlen(k), UTIL_FNV_BASIS) ^ ovsdb_json_hash(e));
        }
        return hash_mix(h ^ sum);
    }
    case JSON_TRUE:
    case JSON_FALSE:
    case JSON_NULL:
        break;
    }
    return hash_mix(h);
}

struct ovsdb_intern *
ovsdb_intern_create(void)
{
    struct ovsdb_intern *p = xzalloc(sizeof *p);
    p->n_slots = 16;
    p->slots = xcalloc(p->n_slots, sizeof *p->slots);
    return p;
}

void
ovsdb_intern_destroy(struct ovsdb_intern *p)
{
    if (!p) {
        return;
    }
    for (size_t i = 0; i < p->n_slots; i++) {
        json_decref(p->slots[i].v);
    }
    free(p->slots);
    free(p);
}

size_t
ovsdb_intern_size(const struct ovsdb_intern *p)
{
    return p->n;
}

/* The slot holding a value equal to V (hash H), or the empty slot where it
 * would go. */
static size_t
intern_probe(const struct ovsdb_intern *p, const json_t *v, unsigned int h)
{
    size_t mask = p->n_slots - 1, i = h & mask;
    while (p->slots[i].v && (p->slots[i].hash != h || !json_equal(p->slots[i].v, (json_t *) v))) {
        i = (i + 1) & mask;
    }
    return i;
}

static void
intern_grow(struct ovsdb_intern *p)
{
    struct intern_slot *old = p->slots;
    size_t n_old = p->n_slots;
    p->n_slots *= 2;
    p->slots = xcalloc(p->n_slots, sizeof *p->slots);
    for (size_t i = 0; i < n_old; i++) {
        if (old[i].v) {
            size_t mask = p->n_slots - 1, j = old[i].hash & mask;
            while (p->slots[j].v) {
                j = (j + 1) & mask;
            }
            p->slots[j] = old[i];
        }
    }
    free(old);
}

json_t *
ovsdb_intern_get(struct ovsdb_intern *p, const json_t *v)
{
    unsigned int h = ovsdb_json_hash(v);
    size_t i = intern_probe(p, v, h);
    if (!p->slots[i].v) {
        json_t *copy = json_deep_copy(v);
        if (!copy) {
            abort();      /* out of memory (jansson's only failure here), as xmalloc */
        }
        p->slots[i].v = copy;
        p->slots[i].hash = h;
        p->n++;
        if (p->n * 2 > p->n_slots) {
            intern_grow(p);
            i = intern_probe(p, v, h);
        }
    }
    return json_incref(p->slots[i].v);
}

/* Empties slot I and moves later entries of its cluster back into place. */
static void
intern_remove_slot(struct ovsdb_intern *p, size_t i)
{
    size_t mask = p->n_slots - 1, j = i;
    json_decref(p->slots[i].v);
    p->slots[i].v = NULL;
    p->n--;
    for (;;) {
        j = (j + 1) & mask;
        if (!p->slots[j].v) {
            return;
        }
        size_t home = p->slots[j].hash & mask;
        /* Move J back to I unless its home lies cyclically in (I, J]. */
        bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (!stays) {
            p->slots[i] = p->slots[j];
            p->slots[j].v = NULL;
            i = j;
        }
    }
}

void
ovsdb_intern_put(struct ovsdb_intern *p, json_t *v)
{
    if (!v) {
        return;
    }
    if (v->refcount == 2) {
        /* The caller's reference and the pool's: nobody else uses it. */
        size_t i = intern_probe(p, v, ovsdb_json_hash(v));
        if (p->slots[i].v == v) {
            json_decref(v);
            intern_remove_slot(p, i);
            return;
        }
    }
    json_decref(v);
}
