/* logonce: remembers which failures were already logged, so that a disk,
 * interface or guest that always fails is reported once, not every poll.
 * Bounded: past LOGONCE_MAX keys nothing more is logged.
 *
 * Ownership: struct logonce is owned by the module that embeds it (zero
 * initialised); logonce_destroy() frees its keys. */
#ifndef LOGONCE_H
#define LOGONCE_H 1

#include <stdbool.h>
#include <stddef.h>

#define LOGONCE_MAX 1024
struct logonce {
    char **keys;
    size_t n;
};
void logonce_destroy(struct logonce *lo);
/* True the first time KEY is seen. */
bool logonce_first(struct logonce *lo, const char *key);
/* Forgets KEY, so that its next failure is logged again (after a recovery). */
void logonce_forget(struct logonce *lo, const char *key);

#endif
