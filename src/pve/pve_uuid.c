/* pve_uuid: name-based UUIDs (RFC 4122 version 5, SHA-1) for guests that
 * have no UUID of their own (containers). */
#include <config.h>

#include "pve/pve_uuid.h"

#include <string.h>

struct sha1 {
    uint32_t h[5];
    uint8_t block[64];
    size_t used;
    uint64_t bytes;
};

static uint32_t
rol(uint32_t x, int n)
{
    return x << n | x >> (32 - n);
}

static void
sha1_block(struct sha1 *s, const uint8_t *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t) p[4 * i] << 24 | (uint32_t) p[4 * i + 1] << 16
               | (uint32_t) p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (int i = 16; i < 80; i++) {
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    }
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdc;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6;
        }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = t;
    }
    s->h[0] += a;
    s->h[1] += b;
    s->h[2] += c;
    s->h[3] += d;
    s->h[4] += e;
}

static void
sha1_update(struct sha1 *s, const void *data, size_t n)
{
    const uint8_t *p = data;
    s->bytes += n;
    while (n--) {
        s->block[s->used++] = *p++;
        if (s->used == 64) {
            sha1_block(s, s->block);
            s->used = 0;
        }
    }
}

void
pve_sha1(const void *data, size_t n, uint8_t out[20])
{
    struct sha1 s = { .h = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 } };
    sha1_update(&s, data, n);
    uint64_t bits = s.bytes * 8;
    uint8_t pad = 0x80;
    sha1_update(&s, &pad, 1);
    pad = 0;
    while (s.used != 56) {
        sha1_update(&s, &pad, 1);
    }
    uint8_t len[8];
    for (int i = 0; i < 8; i++) {
        len[i] = (uint8_t) (bits >> (56 - 8 * i));
    }
    sha1_update(&s, len, 8);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (uint8_t) (s.h[i] >> 24);
        out[4 * i + 1] = (uint8_t) (s.h[i] >> 16);
        out[4 * i + 2] = (uint8_t) (s.h[i] >> 8);
        out[4 * i + 3] = (uint8_t) s.h[i];
    }
}

void
pve_uuid_name(const uint8_t ns[16], const char *name, uint8_t out[16])
{
    size_t n = strlen(name);
    uint8_t buf[16 + 256];
    if (n > 256) {
        n = 256;
    }
    memcpy(buf, ns, 16);
    memcpy(buf + 16, name, n);
    uint8_t h[20];
    pve_sha1(buf, 16 + n, h);
    memcpy(out, h, 16);
    out[6] = (uint8_t) ((out[6] & 0x0f) | 0x50);       /* version 5 */
    out[8] = (uint8_t) ((out[8] & 0x3f) | 0x80);       /* RFC 4122 variant */
}
