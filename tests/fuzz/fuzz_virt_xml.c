/* Fuzz target: libvirt domain XML descriptions (virt_xml_parse). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "virt/virt_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy, so any read past SIZE is caught by the sanitizers. */
    char *copy = malloc(size ? size : 1);
    if (!copy) {
        return 0;
    }
    memcpy(copy, data, size);
    struct virt_xml_domain d;
    const char *err = NULL;
    if (virt_xml_parse(copy, size, &d, &err)) {
        if (d.n_ifaces > VIRT_XML_MAX_IFACES || d.n_disks > VIRT_XML_MAX_DISKS) {
            abort();
        }
        for (size_t i = 0; i < d.n_disks; i++) {
            if (!d.disks[i].dev[0] || strlen(d.disks[i].dev) > VIRT_XML_DEV_MAX) {
                abort();
            }
        }
    } else if (!err) {
        abort();
    }
    free(copy);
    return 0;
}
