/* counters_scan: number and line scanning shared by the counter parsers
 * (counters_scan.c). No allocation; every scan stops at the text's NUL.
 * Numbers are decimal; a value that does not fit its field wraps (64-bit
 * fields modulo 2^64, 32-bit fields keep the low 32 bits), as the kernel's
 * own counters do. Lines that do not parse are skipped by the parsers. */
#ifndef COUNTERS_SCAN_H
#define COUNTERS_SCAN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The value of a hex digit, or -1. */
int hsc_hex_digit(char ch);
/* Skips blanks (spaces, tabs) at *P. */
void hsc_skip_blanks(const char **p);
/* Parses an optional '-' and decimal digits at *P after blanks; the value
 * wraps modulo 2^64 (so "-1" gives UINT64_MAX). Advances *P past the number.
 * Returns false (and leaves *P) when no digit follows. */
bool hsc_scan_u64(const char **p, uint64_t *v);
/* Advances P to the start of the next line (past '\n'), or to the final NUL. */
const char *hsc_next_line(const char *p);
/* True if the line at P starts with the word W followed by a blank or ':'
 * (for W ending in ':', just a blank). Sets *REST to what follows W. */
bool hsc_line_word(const char *p, const char *w, const char **rest);
/* Copies the first line of TEXT, without surrounding white space, into OUT of
 * SIZE bytes (truncating). Returns its length (0 if empty). */
size_t hsc_first_line(const char *text, char *out, size_t size);

#endif
