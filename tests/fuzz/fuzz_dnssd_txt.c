/* Fuzz target for the DNS-SD TXT parser. The input is split on '\n' into
 * TXT strings (a NUL ends a string early, as it would a C string). Checks
 * that an accepted record is within the documented ranges and that a
 * rejected one leaves the result untouched. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dnssd/dnssd_txt.h"
#include "common/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *strs[DNSSD_MAX_TXT_STRINGS + 8];
    char *owned[DNSSD_MAX_TXT_STRINGS + 8];
    size_t n = 0, start = 0;

    for (size_t i = 0; i <= size && n < DNSSD_MAX_TXT_STRINGS + 8; i++) {
        if (i == size || data[i] == '\n') {
            owned[n] = xstrndup((const char *) data + start, i - start);
            strs[n] = owned[n];
            n++;
            start = i + 1;
        }
    }

    struct dnssd_result r, before;
    dnssd_result_init(&r);
    hsauto_add_collector(&r.settings, "192.0.2.1", 6343);
    r.settings.sampling = 7;
    r.sampling_given = true;
    dnssd_result_copy(&before, &r);

    char *err = NULL;
    if (dnssd_txt_parse(strs, n, &r, &err)) {
        if (err || (r.sampling_given && r.settings.sampling == 0)
            || r.settings.polling > DNSSD_MAX_POLLING || r.settings.header > DNSSD_MAX_HEADER
            || r.settings.n_collectors != 1 || r.settings.n_samplings > HSAUTO_MAX_KV
            || r.settings.n_pollings > HSAUTO_MAX_KV) {
            abort();
        }
    } else if (!err || !dnssd_result_equal(&r, &before)) {
        abort();
    }
    free(err);
    dnssd_result_destroy(&r);
    dnssd_result_destroy(&before);
    for (size_t i = 0; i < n; i++) {
        free(owned[i]);
    }
    return 0;
}
