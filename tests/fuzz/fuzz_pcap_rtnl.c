/* Fuzz target: one rtnetlink datagram as the pcap module's socket would
 * read it (link and bridge FDB dumps or notifications), walked message by
 * message through both parsers and into an FDB table. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pcap/pcap_fdb.h"
#include "pcap/pcap_rtnl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An aligned copy, as recv() would give. */
    static uint8_t buf[1 << 16] __attribute__((aligned(8)));
    if (size > sizeof buf) {
        return 0;
    }
    memcpy(buf, data, size);
    struct pcap_fdb *fdb = pcap_fdb_create();
    size_t off = 0, len;
    const char *why;
    const void *nlh;
    while ((nlh = pcap_rtnl_next(buf, size, &off, &len, &why))) {
        struct pcap_link l;
        if (pcap_rtnl_parse_link(nlh, len, &l, &why) == PCAP_RTNL_NEW
            && (strlen(l.name) >= sizeof l.name || strlen(l.kind) >= sizeof l.kind)) {
            __builtin_trap();
        }
        struct pcap_fdb_entry e;
        switch (pcap_rtnl_parse_fdb(nlh, len, &e, &why)) {
        case PCAP_RTNL_NEW:
            pcap_fdb_put(fdb, &e, 1);
            if (!pcap_fdb_get(fdb, e.bridge, e.mac)) {
                __builtin_trap();
            }
            break;
        case PCAP_RTNL_DEL:
            pcap_fdb_del(fdb, e.bridge, e.mac);
            break;
        default:
            break;
        }
    }
    pcap_fdb_sweep(fdb, 1);
    pcap_fdb_destroy(fdb);
    return 0;
}
