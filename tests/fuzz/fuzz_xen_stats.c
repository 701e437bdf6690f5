/* Fuzz target: the Xen module's parsers of what dom0 exposes (xen_parse):
 * tapdisk3's binary statistics files, blkback's sysfs numbers, device names
 * and xenstore values. The first byte picks the parser; the rest is its
 * input, in a private copy so that any read past it is caught. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xen/xen_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    uint8_t which = data[0] % 6;
    size--;
    char *copy = malloc(size + 1);
    if (!copy) {
        return 0;
    }
    memcpy(copy, data + 1, size);
    copy[size] = '\0';
    struct xen_disk d;
    const char *why = NULL;
    uint64_t v;
    uint32_t domid, devid;
    uint8_t mac[6];
    switch (which) {
    case 0:
        if (xen_parse_vbd3((const uint8_t *) copy, size, &d, &why) != (size >= XEN_VBD3_MIN
                                                                      && size <= XEN_VBD3_MAX)) {
            abort();
        }
        break;
    case 1:
        if (xen_parse_td3((const uint8_t *) copy, size, &d, &why)
            && (size < XEN_TD3_SIZE || copy[0] != 1)) {
            abort();
        }
        break;
    case 2:
        (void) xen_parse_number(copy, &v);
        break;
    case 3:
        if (xen_parse_devname(copy, "vbd3-", '-', &domid, &devid) && domid > UINT16_MAX) {
            abort();
        }
        (void) xen_parse_devname(copy, "vif", '.', &domid, &devid);
        break;
    case 4:
        if (xen_check_name(copy, size, &why) && (size == 0 || size > 64)) {
            abort();
        }
        break;
    default:
        (void) xen_parse_mac(copy, size, mac);
        break;
    }
    free(copy);
    return 0;
}
