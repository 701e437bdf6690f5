/* Fuzz target: the hsflowd.auto parser (hsauto_parse). Whatever it accepts
 * must format and parse back to equal settings. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/hsauto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hsauto_settings s;
    char *err = NULL;
    if (!hsauto_parse((const char *) data, size, &s, &err)) {
        if (!err) {
            abort();   /* a rejection always says why */
        }
        free(err);
        return 0;
    }
    char *text = hsauto_format(&s);
    struct hsauto_settings back;
    if (!hsauto_parse(text, strlen(text), &back, &err) || !hsauto_settings_equal(&s, &back)) {
        abort();
    }
    hsauto_settings_destroy(&back);
    hsauto_settings_destroy(&s);
    free(text);
    return 0;
}
