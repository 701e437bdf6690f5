/* hsconfig_pcap: the value checks of the pcap { } block (hsconfig_pcap.c),
 * also used where the block's devices are chosen. Pure; keeps nothing. */
#ifndef HSCONFIG_PCAP_H
#define HSCONFIG_PCAP_H 1

#include <stdbool.h>
#include <stdint.h>

/* Parses a speed (bits/s, suffix K, M, G, T, case-insensitive) into *OUT. */
bool hsconfig_parse_speed(const char *s, uint64_t *out);
/* Whether NAME is a pattern (holds a regex metacharacter other than '.'). */
bool hsconfig_pcap_is_pattern(const char *name);

#endif
