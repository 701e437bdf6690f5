/* hsschedule: when each data source is polled. Every source is polled once
 * per polling interval, at its own offset inside the interval: a hash of its
 * source id, so the offsets are spread evenly, never change for one source,
 * and the host's datagrams do not leave in a burst. Pure: time is a
 * parameter (msec, monotonic).
 *
 * Ownership: struct hsschedule owns its entry array (hsschedule_destroy()). */
#ifndef HSSCHEDULE_H
#define HSSCHEDULE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hsschedule_entry {
    uint32_t ds_class, ds_index;
    long long due;                  /* next poll, msec */
    long long last;                 /* last poll, msec; -1 = not yet */
    bool seen;                      /* for hsschedule_sweep() */
};

struct hsschedule {
    struct hsschedule_entry *entries;
    size_t n, cap;
    long long interval_ms;          /* 0 = polling off */
};

void hsschedule_init(struct hsschedule *s);
void hsschedule_destroy(struct hsschedule *s);

/* The offset of source CLASS:INDEX inside an interval of INTERVAL_MS. */
long long hsschedule_offset(uint32_t ds_class, uint32_t ds_index, long long interval_ms);

/* Sets the interval (seconds, 0 = off) and reschedules every source. */
void hsschedule_set_interval(struct hsschedule *s, uint32_t seconds, long long now);

/* Adds a source (no-op if present) and marks it seen. */
void hsschedule_add(struct hsschedule *s, uint32_t ds_class, uint32_t ds_index, long long now);
/* Clears the seen marks of every source of DS_CLASS. */
void hsschedule_unmark(struct hsschedule *s, uint32_t ds_class);
/* Removes the sources of DS_CLASS not marked seen since hsschedule_unmark(). */
void hsschedule_sweep(struct hsschedule *s, uint32_t ds_class);

/* If a source is due at NOW, sets *CLASS and *INDEX, moves it to its next slot
 * and returns true. Call until it returns false. */
bool hsschedule_next_due(struct hsschedule *s, long long now, uint32_t *ds_class,
                         uint32_t *ds_index);

/* The earliest due time, LLONG_MAX when nothing is scheduled. */
long long hsschedule_deadline(const struct hsschedule *s);

#endif
