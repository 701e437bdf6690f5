/* Fuzz target: what a Proxmox host hands hsflowd's pve module: guest
 * configs (pve_conf_parse, as a VM's or a container's), QMP message
 * streams (pve_qmp_handle_message, line by line from the greeting on) and a
 * container cgroup's block I/O files (io.stat, blkio.throttle.*). The first
 * byte picks which. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pve/pve_cgio.h"
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

static void
fuzz_cgio(bool v2, const char *text)
{
    struct pve_cgio io = { 0 };
    char *err = NULL;
    bool ok = v2 ? pve_cgio_parse_v2("f", text, &io, &err)
                 : pve_cgio_parse_v1("f", text, &io.rd_bytes, &io.wr_bytes, &err);
    if (ok ? err != NULL : !err || strncmp(err, "f:", 2)) {
        abort();
    }
    if (!v2 && (io.rd_ios || io.wr_ios)) {
        abort();
    }
    free(err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    /* A private copy, so any read past SIZE is caught by the sanitizers. */
    size_t n = size - 1;
    bool text = data[0] % 5 >= 3;       /* the cgroup files are read as strings */
    char *copy = malloc(n + text > 0 ? n + text : 1);
    if (!copy) {
        return 0;
    }
    memcpy(copy, data + 1, n);
    if (text) {
        copy[n] = '\0';
    }
    switch (data[0] % 5) {
    case 0:
        fuzz_conf(PVE_QEMU, copy, n);
        break;
    case 1:
        fuzz_conf(PVE_LXC, copy, n);
        break;
    case 2:
        fuzz_qmp(copy, n);
        break;
    default:
        fuzz_cgio(data[0] % 5 == 3, copy);
        break;
    }
    free(copy);
    return 0;
}
