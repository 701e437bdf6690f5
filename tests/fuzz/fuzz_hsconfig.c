/* Fuzz target: the hsflowd.conf parser. Any input either parses (and then
 * formats) or is rejected with a "file:line: ..." message. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hsflowd/hsconfig.h"
#include "hsflowd/hsconfig_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hsconfig cfg;
    char *err = NULL;
    if (hsconfig_parse("fuzz.conf", (const char *) data, size, &cfg, &err)) {
        free(hsconfig_format(&cfg));
        hsconfig_destroy(&cfg);
    } else {
        if (strncmp(err, "fuzz.conf:", 10)) {
            abort();
        }
        free(err);
    }
    return 0;
}
