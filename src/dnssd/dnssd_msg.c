/* dnssd_msg: a small, bounded walker over a raw DNS response (RFC 1035 4.1),
 * for the one thing c-ares' SRV and TXT parsers do not return: the TTL.
 *
 * Every read is checked against the message length first. Compressed names
 * are followed only backwards (a pointer must point before the label sequence
 * that holds it), with at most DNSSD_MSG_MAX_HOPS hops and at most 255 bytes
 * of name, so loops and chains cannot run away. The message must be a
 * response with RCODE 0 and not truncated. */
#include <config.h>

#include "dnssd/dnssd_msg.h"

#include <stdlib.h>

#include "common/util.h"
#include "dnssd/dnssd_result.h"

#define DNSSD_MSG_HEADER 12
#define DNSSD_MSG_MAX_NAME 255
#define DNSSD_MSG_MAX_HOPS 32
#define DNSSD_TYPE_CNAME 5
#define DNSSD_CLASS_IN 1

static uint16_t
msg_get16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static uint32_t
msg_get32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

/* Steps over the (possibly compressed) name at *OFF, checking all of it, and
 * leaves *OFF just after it in the wire. */
static bool
msg_skip_name(const uint8_t *msg, size_t len, size_t *off, char **err)
{
    size_t pos = *off;          /* where we read now */
    size_t seq_start = pos;     /* start of the current label sequence */
    size_t name_len = 1;        /* wire length of the uncompressed name */
    size_t end = 0;             /* offset after the name in the wire, once known */
    unsigned int hops = 0;

    for (;;) {
        if (pos >= len) {
            return dnssd_fail(err, "name at offset %zu runs past the end", *off);
        }
        uint8_t c = msg[pos];
        if ((c & 0xc0) == 0xc0) {
            if (pos + 1 >= len) {
                return dnssd_fail(err, "compression pointer at offset %zu cut short", pos);
            }
            size_t target = (size_t) msg_get16(msg + pos) & 0x3fff;
            if (target >= seq_start) {
                return dnssd_fail(err, "compression pointer at offset %zu does not point "
                                "backwards (to %zu)", pos, target);
            }
            if (++hops > DNSSD_MSG_MAX_HOPS) {
                return dnssd_fail(err, "name at offset %zu has too many compression hops",
                                  *off);
            }
            if (!end) {
                end = pos + 2;
            }
            pos = seq_start = target;
        } else if (c & 0xc0) {
            return dnssd_fail(err, "unsupported label type 0x%02x at offset %zu", c, pos);
        } else if (c == 0) {
            *off = end ? end : pos + 1;
            return true;
        } else {
            name_len += (size_t) c + 1;
            if (name_len > DNSSD_MSG_MAX_NAME) {
                return dnssd_fail(err, "name at offset %zu longer than %d bytes", *off,
                                  DNSSD_MSG_MAX_NAME);
            }
            if ((size_t) c >= len - pos) {
                return dnssd_fail(err, "label at offset %zu runs past the end", pos);
            }
            pos += (size_t) c + 1;
        }
    }
}

bool
dnssd_msg_min_ttl(const uint8_t *msg, size_t len, uint16_t qtype, uint32_t *ttl,
                  char **err)
{
    *err = NULL;
    if (len < DNSSD_MSG_HEADER) {
        return dnssd_fail(err, "message of %zu bytes is shorter than a DNS header", len);
    }
    uint16_t flags = msg_get16(msg + 2);
    if (!(flags & 0x8000)) {
        return dnssd_fail(err, "message is not a response");
    }
    if (flags & 0x0200) {
        return dnssd_fail(err, "response is truncated");
    }
    if (flags & 0x000f) {
        return dnssd_fail(err, "response code %u", flags & 0x000f);
    }
    unsigned int qdcount = msg_get16(msg + 4);
    unsigned int ancount = msg_get16(msg + 6);

    size_t off = DNSSD_MSG_HEADER;
    for (unsigned int i = 0; i < qdcount; i++) {
        if (!msg_skip_name(msg, len, &off, err)) {
            return false;
        }
        if (len - off < 4) {
            return dnssd_fail(err, "question %u cut short", i + 1);
        }
        off += 4;
    }

    bool found = false;
    uint32_t min = UINT32_MAX;
    for (unsigned int i = 0; i < ancount; i++) {
        if (!msg_skip_name(msg, len, &off, err)) {
            return false;
        }
        if (len - off < 10) {
            return dnssd_fail(err, "answer %u header cut short", i + 1);
        }
        uint16_t type = msg_get16(msg + off);
        uint16_t class = msg_get16(msg + off + 2);
        uint32_t t = msg_get32(msg + off + 4);
        size_t rdlen = msg_get16(msg + off + 8);
        off += 10;
        if (rdlen > len - off) {
            return dnssd_fail(err, "answer %u data (%zu bytes) runs past the end", i + 1,
                              rdlen);
        }
        off += rdlen;
        if (class != DNSSD_CLASS_IN || (type != qtype && type != DNSSD_TYPE_CNAME)) {
            continue;
        }
        if (t & 0x80000000u) {
            t = 0;      /* RFC 2181 8: a TTL with the top bit set is zero */
        }
        if (t < min) {
            min = t;
        }
        found |= type == qtype;
    }
    if (!found) {
        return dnssd_fail(err, "no answer of type %u", qtype);
    }
    *ttl = min;
    return true;
}
