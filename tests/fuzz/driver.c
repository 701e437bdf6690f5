/* Stand-alone driver for libFuzzer targets, so every target also runs in
 * `make check` with gcc and the sanitizers:
 *
 *   fuzz_x [-n MUTATIONS] [-s SEED] FILE-OR-DIR...
 *
 * Runs LLVMFuzzerTestOneInput on every input file, on every prefix of it
 * (all truncations), and on MUTATIONS random mutations of it (bit flips, byte
 * sets, inserts, deletes), deterministically from SEED. A crash or sanitizer
 * report fails the test. */
#include <config.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t rng_state = 88172645463325252ULL;

static uint32_t
rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t) (rng_state >> 16);
}

static unsigned long n_runs;

static void
run(const uint8_t *data, size_t size)
{
    /* Copy so that reads past SIZE are caught by ASan. */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy) {
        abort();
    }
    memcpy(copy, data, size);
    LLVMFuzzerTestOneInput(copy, size);
    free(copy);
    n_runs++;
}

static void
fuzz_one(const uint8_t *data, size_t size, unsigned long mutations)
{
    run(data, size);
    for (size_t i = 0; i < size; i++) {
        run(data, i);
    }
    uint8_t *buf = malloc(size + 64);
    if (!buf) {
        abort();
    }
    for (unsigned long m = 0; m < mutations; m++) {
        size_t len = size;
        memcpy(buf, data, size);
        int edits = 1 + rng() % 4;
        for (int e = 0; e < edits; e++) {
            switch (rng() % 5) {
            case 0:
                if (len) buf[rng() % len] ^= (uint8_t) (1u << (rng() % 8));
                break;
            case 1:
                if (len) buf[rng() % len] = (uint8_t) rng();
                break;
            case 2: {
                static const uint8_t special[] = { 0x00, 0xff, 0x7f, 0x80, 0x01 };
                if (len) buf[rng() % len] = special[rng() % sizeof special];
                break;
            }
            case 3:
                if (len < size + 60) {
                    size_t at = len ? rng() % (len + 1) : 0;
                    memmove(buf + at + 1, buf + at, len - at);
                    buf[at] = (uint8_t) rng();
                    len++;
                }
                break;
            default:
                if (len) {
                    size_t at = rng() % len;
                    memmove(buf + at, buf + at + 1, len - at - 1);
                    len--;
                }
                break;
            }
        }
        run(buf, len);
    }
    free(buf);
}

static void fuzz_path(const char *path, unsigned long mutations);

static void
fuzz_file(const char *path, unsigned long mutations)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    uint8_t *data = malloc(1 << 20);
    if (!data) {
        abort();
    }
    size_t n = fread(data, 1, 1 << 20, f);
    fclose(f);
    fuzz_one(data, n, mutations);
    free(data);
}

static void
fuzz_path(const char *path, unsigned long mutations)
{
    struct stat st;
    if (stat(path, &st)) {
        perror(path);
        exit(1);
    }
    if (!S_ISDIR(st.st_mode)) {
        fuzz_file(path, mutations);
        return;
    }
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, names[i]->d_name);
            fuzz_path(sub, mutations);
        }
        free(names[i]);
    }
    free(names);
}

int
main(int argc, char **argv)
{
    unsigned long mutations = 1000;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            mutations = strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
            rng_state = strtoull(argv[++i], NULL, 10) | 1;
        } else {
            fprintf(stderr, "usage: %s [-n MUTATIONS] [-s SEED] FILE-OR-DIR...\n", argv[0]);
            return 2;
        }
    }
    if (i == argc) {
        fprintf(stderr, "%s: no inputs\n", argv[0]);
        return 2;
    }
    for (; i < argc; i++) {
        fuzz_path(argv[i], mutations);
    }
    printf("%s: %lu inputs run, no crash\n", argv[0], n_runs);
    return 0;
}
