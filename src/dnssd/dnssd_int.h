/* dnssd_int: helpers shared by the files of the DNS-SD module only. */
#ifndef DNSSD_INT_H
#define DNSSD_INT_H 1

#include <stdbool.h>

/* Sets *ERR to a malloc'd message made from FMT and returns false. */
bool dnssd_fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
