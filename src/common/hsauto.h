/* hsauto: the resolved settings that hsflowd writes to /etc/hsflowd.auto and
 * that sflowovsd (and other sub-agents) read.
 *
 * File format (one key=value a line, '#' comments):
 *   rev_start=N
 *   hostname=...  sampling=N  header=N  datagram=N  polling=N
 *   sampling.<x>=N ...  polling.<x>=N ...
 *   agentIP=ADDR  agent=DEVICE  ds_index=1
 *   collector=IP [PORT]      (one a line, sorted; PORT only when not 6343)
 *   rev_end=N
 * A reader that finds rev_start != rev_end, or no rev_end, rejects the file.
 * hsauto_write() writes a temp file, fsyncs it and renames it over PATH.
 *
 * Ownership: a struct hsauto_settings owns every string and array inside it;
 * hsauto_settings_destroy() frees them. */
#ifndef HSAUTO_H
#define HSAUTO_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HSAUTO_DEFAULT_PORT 6343
#define HSAUTO_MAX_COLLECTORS 64
#define HSAUTO_MAX_KV 64
#define HSAUTO_MAX_FILE (64 * 1024)

struct hsauto_collector {
    char addr[46];          /* numeric IPv4 or IPv6, as written */
    uint16_t port;
};

struct hsauto_kv {          /* sampling.<name>=value / polling.<name>=value */
    char *name;
    uint32_t value;
};

struct hsauto_settings {
    uint64_t revision;
    char *hostname;                 /* may be NULL */
    uint32_t sampling;              /* 0 = not set */
    uint32_t polling;               /* seconds; 0 = off */
    uint32_t header;                /* 0 = not set */
    uint32_t datagram;              /* 0 = not set */
    char *agent_ip;                 /* agentIP=, may be NULL */
    char *agent_dev;                /* agent=, may be NULL */
    uint32_t ds_index;
    struct hsauto_kv *samplings;
    size_t n_samplings;
    struct hsauto_kv *pollings;
    size_t n_pollings;
    struct hsauto_collector *collectors;
    size_t n_collectors;
};

void hsauto_settings_init(struct hsauto_settings *s);
void hsauto_settings_destroy(struct hsauto_settings *s);
void hsauto_settings_copy(struct hsauto_settings *dst, const struct hsauto_settings *src);
/* Compares everything but the revision. */
bool hsauto_settings_equal(const struct hsauto_settings *a, const struct hsauto_settings *b);
/* Adds a collector (deduplicated); false if ADDR is not a numeric IP or the
 * list is full. */
bool hsauto_add_collector(struct hsauto_settings *s, const char *addr, uint16_t port);
/* Sets sampling.<name> or polling.<name> (IS_SAMPLING picks which). */
bool hsauto_set_kv(struct hsauto_settings *s, bool is_sampling, const char *name, uint32_t value);

/* Returns the file text for S with revision S->revision (caller frees). */
char *hsauto_format(const struct hsauto_settings *s);

/* Pure parser. On success fills OUT (initialised by the callee) and returns
 * true; on failure returns false and sets *ERR to a malloc'd message of the
 * form "line N: what is wrong" (caller frees); OUT is then left empty. */
bool hsauto_parse(const char *text, size_t len, struct hsauto_settings *out, char **err);

/* Reads and parses PATH; *ERR is "PATH: ..." on failure. */
bool hsauto_read(const char *path, struct hsauto_settings *out, char **err);

/* Writes S atomically to PATH (temp file in the same directory, fsync,
 * rename). On failure returns false with *ERR set; PATH is untouched. */
bool hsauto_write(const char *path, const struct hsauto_settings *s, char **err);

#endif
