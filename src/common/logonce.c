/* logonce: see logonce.h. */
#include <config.h>

#include "common/logonce.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

void
logonce_destroy(struct logonce *lo)
{
    for (size_t i = 0; i < lo->n; i++) {
        free(lo->keys[i]);
    }
    free(lo->keys);
    lo->keys = NULL;
    lo->n = 0;
}

bool
logonce_first(struct logonce *lo, const char *key)
{
    for (size_t i = 0; i < lo->n; i++) {
        if (!strcmp(lo->keys[i], key)) {
            return false;
        }
    }
    if (lo->n >= LOGONCE_MAX) {
        return false;
    }
    lo->keys = xreallocarray(lo->keys, lo->n + 1, sizeof *lo->keys);
    lo->keys[lo->n++] = xstrdup(key);
    return true;
}

void
logonce_forget(struct logonce *lo, const char *key)
{
    for (size_t i = 0; i < lo->n; i++) {
        if (!strcmp(lo->keys[i], key)) {
            free(lo->keys[i]);
            lo->keys[i] = lo->keys[--lo->n];
            return;
        }
    }
}
