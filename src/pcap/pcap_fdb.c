/* pcap_fdb: the bridges' forwarding tables, (bridge, MAC) -> port, as an
 * open-addressing hash table (linear probing, tombstones cleared by a
 * rebuild). Pure. See pcap_fdb.h. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "pcap/pcap_fdb.h"

#define FDB_MIN_CAP 64

struct fdb_slot {
    struct pcap_fdb_entry e;
    uint32_t gen;
    uint8_t state;              /* SLOT_EMPTY, SLOT_LIVE, SLOT_DEAD */
};
enum { SLOT_EMPTY, SLOT_LIVE, SLOT_DEAD };

/* Owns SLOTS. */
struct pcap_fdb {
    struct fdb_slot *slots;
    size_t cap;                 /* a power of two */
    size_t n_used;              /* live + dead */
    size_t n_live;
};

static size_t
fdb_hash(uint32_t bridge, const uint8_t mac[6])
{
    const uint8_t b[4] = { bridge & 0xff, (bridge >> 8) & 0xff, (bridge >> 16) & 0xff,
                           bridge >> 24 };
    return util_fnv1a(mac, 6, util_fnv1a(b, sizeof b, UTIL_FNV_BASIS));
}

static bool
same_key(const struct pcap_fdb_entry *e, uint32_t bridge, const uint8_t mac[6])
{
    return e->bridge == bridge && !memcmp(e->mac, mac, 6);
}

struct pcap_fdb *
pcap_fdb_create(void)
{
    struct pcap_fdb *f = xzalloc(sizeof *f);
    f->cap = FDB_MIN_CAP;
    f->slots = xcalloc(f->cap, sizeof *f->slots);
    return f;
}

void
pcap_fdb_destroy(struct pcap_fdb *f)
{
    if (f) {
        free(f->slots);
        free(f);
    }
}

/* Re-inserts the live entries into a table of CAP slots. */
static void
rebuild(struct pcap_fdb *f, size_t cap)
{
    struct fdb_slot *old = f->slots;
    size_t old_cap = f->cap;
    f->slots = xcalloc(cap, sizeof *f->slots);
    f->cap = cap;
    f->n_used = f->n_live = 0;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].state == SLOT_LIVE) {
            size_t j = fdb_hash(old[i].e.bridge, old[i].e.mac) & (cap - 1);
            while (f->slots[j].state != SLOT_EMPTY) {
                j = (j + 1) & (cap - 1);
            }
            f->slots[j] = old[i];
            f->n_used++;
            f->n_live++;
        }
    }
    free(old);
}

static struct fdb_slot *
find(const struct pcap_fdb *f, uint32_t bridge, const uint8_t mac[6])
{
    size_t j = fdb_hash(bridge, mac) & (f->cap - 1);
    for (size_t probes = 0; probes < f->cap; probes++) {
        struct fdb_slot *s = &f->slots[j];
        if (s->state == SLOT_EMPTY) {
            return NULL;
        }
        if (s->state == SLOT_LIVE && same_key(&s->e, bridge, mac)) {
            return s;
        }
        j = (j + 1) & (f->cap - 1);
    }
    return NULL;
}

bool
pcap_fdb_put(struct pcap_fdb *f, const struct pcap_fdb_entry *e, uint32_t gen)
{
    struct fdb_slot *s = find(f, e->bridge, e->mac);
    if (s) {
        s->e = *e;
        s->gen = gen;
        return true;
    }
    if (f->n_live >= PCAP_FDB_MAX) {
        return false;
    }
    if ((f->n_used + 1) * 2 > f->cap) {
        size_t cap = f->cap;
        while ((f->n_live + 1) * 2 > cap / 2) {
            cap *= 2;
        }
        rebuild(f, cap);
    }
    size_t j = fdb_hash(e->bridge, e->mac) & (f->cap - 1);
    while (f->slots[j].state == SLOT_LIVE) {
        j = (j + 1) & (f->cap - 1);
    }
    if (f->slots[j].state == SLOT_EMPTY) {
        f->n_used++;
    }
    f->slots[j] = (struct fdb_slot) { .e = *e, .gen = gen, .state = SLOT_LIVE };
    f->n_live++;
    return true;
}

void
pcap_fdb_del(struct pcap_fdb *f, uint32_t bridge, const uint8_t mac[6])
{
    struct fdb_slot *s = find(f, bridge, mac);
    if (s) {
        s->state = SLOT_DEAD;
        f->n_live--;
    }
}

const struct pcap_fdb_entry *
pcap_fdb_get(const struct pcap_fdb *f, uint32_t bridge, const uint8_t mac[6])
{
    const struct fdb_slot *s = find(f, bridge, mac);
    return s ? &s->e : NULL;
}

/* Kills the live entries KILL says to, then rebuilds without tombstones. */
static void
kill_where(struct pcap_fdb *f, bool (*kill)(const struct fdb_slot *, uint32_t), uint32_t arg)
{
    for (size_t i = 0; i < f->cap; i++) {
        if (f->slots[i].state == SLOT_LIVE && kill(&f->slots[i], arg)) {
            f->slots[i].state = SLOT_DEAD;
            f->n_live--;
        }
    }
    size_t cap = FDB_MIN_CAP;
    while (f->n_live * 4 > cap) {
        cap *= 2;
    }
    rebuild(f, cap);
}

static bool
other_gen(const struct fdb_slot *s, uint32_t gen)
{
    return s->gen != gen;
}

static bool
on_link(const struct fdb_slot *s, uint32_t ifindex)
{
    return s->e.bridge == ifindex || s->e.port == ifindex;
}

size_t
pcap_fdb_sweep(struct pcap_fdb *f, uint32_t gen)
{
    kill_where(f, other_gen, gen);
    return f->n_live;
}

void
pcap_fdb_forget(struct pcap_fdb *f, uint32_t ifindex)
{
    kill_where(f, on_link, ifindex);
}

size_t
pcap_fdb_count(const struct pcap_fdb *f)
{
    return f->n_live;
}
