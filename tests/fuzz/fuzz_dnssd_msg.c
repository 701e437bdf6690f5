/* Fuzz target for the raw DNS message TTL walker: any input, asked for SRV,
 * TXT and A answers. It must never read outside the input (the sanitizers
 * and the stand-alone driver's exact-size copies catch that) and must say
 * why when it refuses. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "dnssd/dnssd_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint16_t types[] = { 33, 16, 1 };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        uint32_t ttl = 0;
        char *err = NULL;
        if (dnssd_msg_min_ttl(data, size, types[i], &ttl, &err)) {
            if (err || ttl > 0x7fffffffu) {
                abort();
            }
        } else if (!err) {
            abort();
        }
        free(err);
    }
    return 0;
}
