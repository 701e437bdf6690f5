/* Fuzz target: what a Proxmox host hands hsflowd's pve module: guest
 * configs (pve_conf_parse, as a VM's or a container's) and QMP message
 * streams (pve_qmp_handle_message, line by line from the greeting on). The
 * first byte picks which. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pve/pve_conf.h"
#include "pve/pve_qmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_conf(enum pve_kind kind, const char *text, size_t len)
{
    struct pve_conf c;
    char *err = NULL;
    if (pve_conf_parse(kind, "f.conf", text, len, &c, &err)) {
        if (c.n_nets > PVE_CONF_MAX_NETS || strlen(c.name) > PVE_CONF_NAME_MAX || err) {
            abort();
        }
        (void) pve_conf_vcpus(kind, &c, 4);
    } else if (!err || strncmp(err, "f.conf:", 7)) {
        abort();
    }
    free(err);
}

static void
fuzz_qmp(const char *text, size_t len)
{
    struct pve_qmp q;
    pve_qmp_init(&q);
    q.state = PVE_QMP_GREETING;
    size_t start = 0;
    while (start < len && !pve_qmp_finished(&q)) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t n = nl ? (size_t) (nl - (text + start)) : len - start;
        if (!pve_qmp_handle_message(&q, text + start, n) && q.state != PVE_QMP_FAILED) {
            abort();
        }
        start += n + 1;
    }
    if (q.state == PVE_QMP_FAILED && !q.error[0]) {
        abort();
    }
    pve_qmp_close(&q);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    /* A private copy, so any read past SIZE is caught by the sanitizers. */
    size_t n = size - 1;
    char *copy = malloc(n ? n : 1);
    if (!copy) {
        return 0;
    }
    memcpy(copy, data + 1, n);
    switch (data[0] % 3) {
    case 0:
        fuzz_conf(PVE_QEMU, copy, n);
        break;
    case 1:
        fuzz_conf(PVE_LXC, copy, n);
        break;
    default:
        fuzz_qmp(copy, n);
        break;
    }
    free(copy);
    return 0;
}
