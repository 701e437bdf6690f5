/* xen_parse: the Xen module's pure parsers (see xen_parse.h). */
#include <config.h>

#include "xen/xen_parse.h"

#include <string.h>

#include "common/util.h"
#include "counters/counters_ifaces.h"
#include "sflow/sflow.h"

void
xen_disk_add(struct xen_disk *a, const struct xen_disk *b)
{
    a->rd_req += b->rd_req;
    a->rd_bytes += b->rd_bytes;
    a->wr_req += b->wr_req;
    a->wr_bytes += b->wr_bytes;
    a->errs += b->errs;
}

/* The little-endian u64 at word I of BUF. */
static uint64_t
le64_at(const uint8_t *buf, size_t i)
{
    uint64_t v = 0;
    for (int b = 7; b >= 0; b--) {
        v = v << 8 | buf[i * 8 + (size_t) b];
    }
    return v;
}

static uint64_t
sectors_to_bytes(uint64_t sectors)
{
    return sectors > UINT64_MAX / XEN_SECTOR_BYTES ? UINT64_MAX : sectors * XEN_SECTOR_BYTES;
}

bool
xen_parse_vbd3(const uint8_t *buf, size_t len, struct xen_disk *d, const char **why)
{
    if (len < XEN_VBD3_MIN) {
        *why = "shorter than tapdisk's blkback_stats (104 bytes)";
        return false;
    }
    if (len > XEN_VBD3_MAX) {
        *why = "longer than the page tapdisk writes";
        return false;
    }
    memset(d, 0, sizeof *d);
    d->errs = le64_at(buf, 2);              /* st_oo_req */
    d->rd_req = le64_at(buf, 3);
    d->rd_bytes = sectors_to_bytes(le64_at(buf, 5));
    d->wr_req = le64_at(buf, 8);
    d->wr_bytes = sectors_to_bytes(le64_at(buf, 10));
    return true;
}

bool
xen_parse_td3(const uint8_t *buf, size_t len, struct xen_disk *d, const char **why)
{
    if (len < XEN_TD3_SIZE) {
        *why = "shorter than tapdisk's metrics (96 bytes)";
        return false;
    }
    if (len > XEN_TD3_MAX) {
        *why = "longer than the page tapdisk writes";
        return false;
    }
    uint32_t version = (uint32_t) buf[0] | (uint32_t) buf[1] << 8 | (uint32_t) buf[2] << 16
                       | (uint32_t) buf[3] << 24;
    if (version != 1) {
        *why = "not version 1 of tapdisk's metrics";
        return false;
    }
    memset(d, 0, sizeof *d);
    d->rd_req = le64_at(buf, 2);            /* read_reqs_submitted */
    d->rd_bytes = sectors_to_bytes(le64_at(buf, 4));
    d->wr_req = le64_at(buf, 6);            /* write_reqs_submitted */
    d->wr_bytes = sectors_to_bytes(le64_at(buf, 8));
    d->errs = le64_at(buf, 10);             /* io_errors */
    return true;
}

bool
xen_parse_number(const char *text, uint64_t *v)
{
    const char *p = text;
    uint64_t n = 0;
    if (*p < '0' || *p > '9') {
        return false;
    }
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned) (*p - '0');
        if (n > (UINT64_MAX - d) / 10) {
            return false;
        }
        n = n * 10 + d;
    }
    if (!(*p == '\0' || (*p == '\n' && p[1] == '\0'))) {
        return false;
    }
    *v = n;
    return true;
}

/* A decimal number at *P (digits only, no more than MAX); moves *P on. */
static bool
scan_id(const char **p, uint64_t max, uint32_t *out)
{
    uint64_t v = 0;
    const char *s = *p;
    if (*s < '0' || *s > '9') {
        return false;
    }
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (uint64_t) (*s++ - '0');
        if (v > max) {
            return false;
        }
    }
    *p = s;
    *out = (uint32_t) v;
    return true;
}

bool
xen_parse_devname(const char *name, const char *prefix, char sep, uint32_t *domid,
                  uint32_t *devid)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0) {
        return false;
    }
    const char *p = name + n;
    if (!scan_id(&p, UINT16_MAX, domid) || *p++ != sep) {
        return false;
    }
    return scan_id(&p, UINT32_MAX, devid) && *p == '\0';
}

bool
xen_check_name(const char *v, size_t len, const char **why)
{
    if (len == 0) {
        *why = "empty";
        return false;
    }
    if (len > SFLOW_HOSTNAME_MAX) {
        *why = "longer than 64 bytes";
        return false;
    }
    if (strlen(v) != len) {
        *why = "holds a NUL byte";
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char) v[i] < 0x20 || v[i] == 0x7f) {
            *why = "holds a control character";
            return false;
        }
    }
    if (!str_is_utf8(v)) {
        *why = "is not UTF-8";
        return false;
    }
    return true;
}

bool
xen_parse_mac(const char *v, size_t len, uint8_t mac[6])
{
    return len == 17 && strlen(v) == len && hsc_parse_mac(v, mac);
}
