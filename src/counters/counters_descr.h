/* counters_descr: host_descr (2000) from hostname, osrelease, the DMI product
 * UUID or machine-id, and the machine type (counters_descr.c). Each parser
 * takes the NUL-terminated text of one whole file and fills a record from it
 * without allocating; numbers wrap as the kernel's own counters do (see
 * counters_scan.h). */
#ifndef COUNTERS_DESCR_H
#define COUNTERS_DESCR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sflow/sflow.h"

struct hscounters;

bool hsc_parse_hostname(const char *text, struct sflow_host_descr *d);
/* /etc/machine-id: 32 hex digits. DMI product_uuid: 8-4-4-4-12 hex digits. */
bool hsc_parse_machine_id(const char *text, uint8_t uuid[16]);
bool hsc_parse_dmi_uuid(const char *text, uint8_t uuid[16]);
/* A machine name ("x86_64", "aarch64", ...) to SFLOW_MT_*. */
uint32_t hsc_machine_type(const char *machine);
bool hsc_parse_osrelease(const char *text, struct sflow_host_descr *d);

/* The record filler: reads under C's sysroot; false leaves the record out. */
bool hsc_read_host_descr(struct hscounters *c, struct sflow_host_descr *d);

#endif
