/* Reads hsflowd.auto in a tight loop, as sflowovsd would, until STOPFILE
 * appears; every read must parse (rev_start == rev_end). Prints the counts.
 *
 *   hsauto-reader AUTOFILE STOPFILE
 *
 * Exit status 1 if any read failed after the file first appeared. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/hsauto.h"

int
main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hsauto-reader AUTOFILE STOPFILE\n");
        return 2;
    }
    unsigned long reads = 0, failures = 0, changes = 0;
    uint64_t last = 0;
    bool seen = false;
    while (access(argv[2], F_OK) != 0) {
        struct hsauto_settings s;
        char *err = NULL;
        if (hsauto_read(argv[1], &s, &err)) {
            reads++;
            if (!seen || s.revision != last) {
                changes += seen;
                if (seen && s.revision < last) {
                    fprintf(stderr, "revision went back: %llu after %llu\n",
                            (unsigned long long) s.revision, (unsigned long long) last);
                    failures++;
                }
                last = s.revision;
                seen = true;
            }
            hsauto_settings_destroy(&s);
        } else {
            if (seen) {
                fprintf(stderr, "%s\n", err);
                failures++;
            }
            free(err);
        }
    }
    printf("reads=%lu failures=%lu changes=%lu last=%llu\n", reads, failures, changes,
           (unsigned long long) last);
    return failures ? 1 : 0;
}
