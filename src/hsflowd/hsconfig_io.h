/* hsconfig_io: the edges of the pure config parser (hsconfig_io.c): reading
 * the file safely and formatting a parsed config for `hsflowd -t`. The
 * struct hsconfig is the caller's (hsconfig.h says who frees what). */
#ifndef HSCONFIG_IO_H
#define HSCONFIG_IO_H 1

#include <stdbool.h>

#include "hsflowd/hsconfig.h"

/* Reads and parses PATH, with the same contract as hsconfig_parse(). */
bool hsconfig_read(const char *path, struct hsconfig *out, char **err);

/* Returns a human-readable, stable description of CFG (one "key value" a
 * line, the form `hsflowd -t` prints and the tests compare) as a malloc'd
 * string (caller frees). */
char *hsconfig_format(const struct hsconfig *cfg);

#endif
