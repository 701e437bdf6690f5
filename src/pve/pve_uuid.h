/* pve_uuid: RFC 4122 version 5 (SHA-1, name-based) UUIDs. Pure.
 * A container has no UUID of its own; hsflowd gives it
 * pve_uuid_name(HOST_UUID, "lxc/<ctid>"): the same on every poll and after
 * restarts, distinct between hosts. */
#ifndef PVE_UUID_H
#define PVE_UUID_H 1

#include <stddef.h>
#include <stdint.h>

void pve_sha1(const void *data, size_t n, uint8_t out[20]);
/* UUID v5 of NAME (at most 256 bytes of it) in namespace NS. */
void pve_uuid_name(const uint8_t ns[16], const char *name, uint8_t out[16]);

#endif
