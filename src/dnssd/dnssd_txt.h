/* dnssd_txt: the pure parser of the _sflow._udp TXT record's strings
 * (dnssd_txt.c) and the value ranges it accepts. Ownership: the caller owns
 * the strings and the result it fills. */
#ifndef DNSSD_TXT_H
#define DNSSD_TXT_H 1

#include <stdbool.h>
#include <stddef.h>

#include "dnssd/dnssd_result.h"

/* TXT value ranges (as in hsflowd.conf). */
#define DNSSD_MAX_POLLING 300
#define DNSSD_MAX_HEADER 256
#define DNSSD_MAX_TXT_STRINGS 64
#define DNSSD_MAX_TXT_LEN 255

/* Pure TXT parser: TXT strings -> fields of OUT. Rejects out-of-range or
 * malformed values (returns false, *ERR malloc'd message; OUT untouched). */
bool dnssd_txt_parse(const char *const *txt, size_t n, struct dnssd_result *out, char **err);

#endif
