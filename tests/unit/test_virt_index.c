/* Unit tests for the VM data source index: range, stability, uniqueness and
 * deterministic collision resolution. Colliding UUIDs are found by search at
 * run time, so the tests hold for whatever hash the module uses. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "virt/virt_index.h"
#include "common/util.h"
#include "check_run.h"

/* A deterministic UUID from a counter (xorshift over SEED). */
static void
make_uuid(uint64_t seed, uint8_t u[16])
{
    uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
    for (int i = 0; i < 16; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        u[i] = (uint8_t) x;
    }
    u[6] = (uint8_t) ((u[6] & 0x0f) | 0x40);
}

/* Finds K UUIDs (seeds from *SEED on) whose preferred index is WANT. */
static void
find_with_index(uint32_t want, uint64_t *seed, size_t k, uint8_t (*out)[16])
{
    for (size_t found = 0; found < k; (*seed)++) {
        make_uuid(*seed, out[found]);
        if (virt_index_of_uuid(out[found]) == want) {
            found++;
        }
    }
}

/* Finds a UUID whose preferred index is shared with K - 1 others. */
static uint32_t
find_collision(uint64_t *seed, size_t k, uint8_t (*out)[16])
{
    uint8_t u[16];
    make_uuid((*seed)++, u);
    uint32_t want = virt_index_of_uuid(u);
    memcpy(out[0], u, 16);
    find_with_index(want, seed, k - 1, out + 1);
    return want;
}

static int
cmp_uuid(const void *a, const void *b)
{
    return memcmp(a, b, 16);
}

START_TEST(test_range_and_stability)
{
    for (uint64_t s = 0; s < 20000; s++) {
        uint8_t u[16];
        make_uuid(s, u);
        uint32_t ix = virt_index_of_uuid(u);
        ck_assert_uint_ge(ix, 1);
        ck_assert_uint_le(ix, VIRT_INDEX_RANGE);
        ck_assert_uint_eq(ix, virt_index_of_uuid(u));
        uint32_t out;
        virt_index_assign((const uint8_t (*)[16]) &u, 1, &out);
        ck_assert_uint_eq(out, ix);
    }
}
END_TEST

START_TEST(test_unique_among_many)
{
    enum { N = 3000 };
    uint8_t (*u)[16] = xcalloc(N, sizeof *u);
    uint32_t *ix = xcalloc(N, sizeof *ix);
    for (size_t i = 0; i < N; i++) {
        make_uuid(i + 77, u[i]);
    }
    virt_index_assign((const uint8_t (*)[16]) u, N, ix);
    uint8_t *seen = xzalloc(VIRT_INDEX_RANGE + 1);
    size_t at_home = 0;
    for (size_t i = 0; i < N; i++) {
        ck_assert_uint_ge(ix[i], 1);
        ck_assert_uint_le(ix[i], VIRT_INDEX_RANGE);
        ck_assert_msg(!seen[ix[i]], "index %u given twice", ix[i]);
        seen[ix[i]] = 1;
        at_home += ix[i] == virt_index_of_uuid(u[i]);
    }
    /* With 3000 of 65535 slots, collisions happen but are a minority. */
    ck_assert_uint_lt(at_home, N);
    ck_assert_uint_gt(at_home, N * 9 / 10);
    free(seen);
    free(ix);
    free(u);
}
END_TEST

START_TEST(test_forced_collision_sorted_probe)
{
    /* Three UUIDs with the same preferred index H: the smallest keeps H,
     * the next takes H+1, the largest H+2, whatever the input order. */
    uint64_t seed = 1;
    uint8_t c[3][16];
    uint32_t h;
    do {
        h = find_collision(&seed, 3, c);
    } while (h > VIRT_INDEX_RANGE - 2);
    uint8_t sorted[3][16];
    memcpy(sorted, c, sizeof c);
    qsort(sorted, 3, 16, cmp_uuid);

    static const int perms[6][3] = {
        { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
    };
    for (int p = 0; p < 6; p++) {
        uint8_t in[3][16];
        uint32_t out[3];
        for (int i = 0; i < 3; i++) {
            memcpy(in[i], sorted[perms[p][i]], 16);
        }
        virt_index_assign((const uint8_t (*)[16]) in, 3, out);
        for (int i = 0; i < 3; i++) {
            ck_assert_uint_eq(out[i], h + (uint32_t) perms[p][i]);
        }
    }
}
END_TEST

START_TEST(test_collision_skips_others_home)
{
    /* A, B collide at H; C's own index is H+1. C keeps H+1 (homes first),
     * and the larger of A and B probes past it to H+2. */
    uint64_t seed = 1000;
    uint8_t u[3][16];
    uint32_t h;
    do {
        h = find_collision(&seed, 2, u);
    } while (h >= VIRT_INDEX_RANGE - 2);
    find_with_index(h + 1, &seed, 1, u + 2);
    bool a_small = memcmp(u[0], u[1], 16) < 0;

    uint32_t out[3];
    virt_index_assign((const uint8_t (*)[16]) u, 3, out);
    ck_assert_uint_eq(out[2], h + 1);
    ck_assert_uint_eq(out[a_small ? 0 : 1], h);
    ck_assert_uint_eq(out[a_small ? 1 : 0], h + 2);

    /* Without C the loser takes H+1; a domain that collides with nobody is
     * never moved by the others. */
    virt_index_assign((const uint8_t (*)[16]) u, 2, out);
    ck_assert_uint_eq(out[a_small ? 1 : 0], h + 1);
}
END_TEST

START_TEST(test_wraps_to_one)
{
    /* Two UUIDs whose index is the top of the range: the loser wraps to 1
     * (unless 1 is taken, which it is not here). */
    uint64_t seed = 5;
    uint8_t u[2][16];
    find_with_index(VIRT_INDEX_RANGE, &seed, 2, u);
    uint32_t out[2];
    virt_index_assign((const uint8_t (*)[16]) u, 2, out);
    bool first_small = memcmp(u[0], u[1], 16) < 0;
    ck_assert_uint_eq(out[first_small ? 0 : 1], VIRT_INDEX_RANGE);
    ck_assert_uint_eq(out[first_small ? 1 : 0], 1);
}
END_TEST

START_TEST(test_duplicates_share)
{
    uint8_t u[3][16];
    make_uuid(1, u[0]);
    make_uuid(2, u[1]);
    memcpy(u[2], u[0], 16);
    uint32_t out[3];
    virt_index_assign((const uint8_t (*)[16]) u, 3, out);
    ck_assert_uint_eq(out[0], out[2]);
    ck_assert_uint_ne(out[0], out[1]);
    ck_assert_uint_eq(out[0], virt_index_of_uuid(u[0]));
}
END_TEST

/* forgetVMs: a UUID no longer listed stays in the set for FORGET_MS, so the
 * domain that collided with it keeps its index meanwhile instead of taking
 * the vanished one's; past FORGET_MS it moves home. */
START_TEST(test_memory_keeps_index)
{
    uint64_t seed = 1;
    uint8_t u[2][16];
    find_with_index(777, &seed, 2, u);
    if (memcmp(u[0], u[1], 16) > 0) {       /* u[0] first: it gets the home index */
        uint8_t t[16];
        memcpy(t, u[0], 16);
        memcpy(u[0], u[1], 16);
        memcpy(u[1], t, 16);
    }
    struct virt_index_memory m = { 0 };
    uint32_t ix[2];
    virt_index_remember(&m, (const uint8_t (*)[16]) u, 2, 0, 1000);
    virt_index_assign((const uint8_t (*)[16]) m.uuids, m.n, ix);
    ck_assert_uint_eq(ix[0], 777);
    ck_assert_uint_eq(ix[1], 778);
    /* u[0] is no longer listed: within FORGET_MS u[1] keeps 778. */
    virt_index_remember(&m, (const uint8_t (*)[16]) &u[1], 1, 1000, 1000);
    ck_assert_uint_eq(m.n, 2);
    virt_index_assign((const uint8_t (*)[16]) m.uuids, m.n, ix);
    ck_assert_uint_eq(ix[!memcmp(m.uuids[0], u[1], 16) ? 0 : 1], 778);
    /* The same through virt_index_memory_assign, asked for u[1] only, and
     * for a UUID the memory does not hold (0). */
    uint8_t other[16] = { 0 };
    uint8_t ask[2][16];
    memcpy(ask[0], u[1], 16);
    memcpy(ask[1], other, 16);
    virt_index_memory_assign(&m, (const uint8_t (*)[16]) ask, 2, ix);
    ck_assert_uint_eq(ix[0], 778);
    ck_assert_uint_eq(ix[1], 0);
    /* Past FORGET_MS since u[0] was seen: forgotten, u[1] goes home. */
    virt_index_remember(&m, (const uint8_t (*)[16]) &u[1], 1, 1001, 1000);
    ck_assert_uint_eq(m.n, 1);
    ck_assert_mem_eq(m.uuids[0], u[1], 16);
    virt_index_assign((const uint8_t (*)[16]) m.uuids, m.n, ix);
    ck_assert_uint_eq(ix[0], 777);
    virt_index_memory_destroy(&m);
    ck_assert_uint_eq(m.n, 0);
}
END_TEST

CHECK_MAIN(
    .name = "virt_index",
    .tests = CHECK_TESTS(test_range_and_stability, test_unique_among_many,
                         test_forced_collision_sorted_probe, test_collision_skips_others_home,
                         test_wraps_to_one, test_duplicates_share, test_memory_keeps_index))
