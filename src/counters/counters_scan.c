/* counters_scan: number and line scanning shared by the counter parsers.
 * No allocation; every scan stops at the text's NUL. */
#include <config.h>

#include <ctype.h>
#include <string.h>

#include "counters/counters_scan.h"

int
hsc_hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9') {
        return ch - '0';
    } else if (ch >= 'a' && ch <= 'f') {
        return ch - 'a' + 10;
    } else if (ch >= 'A' && ch <= 'F') {
        return ch - 'A' + 10;
    }
    return -1;
}

void
hsc_skip_blanks(const char **p)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    *p = s;
}

bool
hsc_scan_u64(const char **p, uint64_t *v)
{
    const char *s = *p;
    bool neg = false;

    hsc_skip_blanks(&s);
    if (*s == '-') {
        neg = true;
        s++;
    }
    if (*s < '0' || *s > '9') {
        return false;
    }
    uint64_t x = 0;
    while (*s >= '0' && *s <= '9') {
        x = x * 10 + (uint64_t) (*s - '0');     /* wraps modulo 2^64 */
        s++;
    }
    *v = neg ? (uint64_t) 0 - x : x;
    *p = s;
    return true;
}

const char *
hsc_next_line(const char *p)
{
    const char *nl = strchr(p, '\n');
    return nl ? nl + 1 : p + strlen(p);
}

bool
hsc_line_word(const char *p, const char *w, const char **rest)
{
    size_t n = strlen(w);
    if (strncmp(p, w, n)) {
        return false;
    }
    char next = p[n];
    if (next != ' ' && next != '\t' && (w[n - 1] == ':' || next != ':')) {
        return false;
    }
    *rest = p + n + (next == ':');
    return true;
}

size_t
hsc_first_line(const char *text, char *out, size_t size)
{
    while (*text && isspace((unsigned char) *text) && *text != '\n') {
        text++;
    }
    size_t n = strcspn(text, "\n");
    while (n > 0 && isspace((unsigned char) text[n - 1])) {
        n--;
    }
    if (n >= size) {
        n = size - 1;
    }
    memcpy(out, text, n);
    out[n] = '\0';
    return n;
}
