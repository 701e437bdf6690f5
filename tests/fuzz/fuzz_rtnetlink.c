/* Fuzz target: one rtnetlink datagram as hsflowd's sockets read it (link
 * and bridge FDB dumps or notifications), walked message by message twice:
 * through the shared link parser (netlink/rtlink.h, the interface table's)
 * and through pcap's FDB walker and parser (pcap/pcap_neigh.h) into an FDB
 * table. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "netlink/rtlink.h"
#include "pcap/pcap_fdb.h"
#include "pcap/pcap_neigh.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
links(const uint8_t *buf, size_t size)
{
    size_t off = 0, len;
    const uint8_t *msg;
    const char *why;
    while (rtlink_next(buf, size, &off, &msg, &len, &why)) {
        if (msg < buf || len > size || (size_t) (msg - buf) > size - len) {
            __builtin_trap();
        }
        struct rtlink_msg m;
        enum rtlink_msg_kind k = rtlink_parse(msg, len, &m, &why);
        if ((k == RTLINK_MSG_NEWLINK || k == RTLINK_MSG_DELLINK)
            && (strnlen(m.info.name, sizeof m.info.name) >= sizeof m.info.name
                || strnlen(m.info.kind, sizeof m.info.kind) >= sizeof m.info.kind)) {
            __builtin_trap();
        }
        if (k == RTLINK_MSG_INVALID && !why) {
            __builtin_trap();
        }
    }
}

static void
fdb(const uint8_t *buf, size_t size)
{
    struct pcap_fdb *f = pcap_fdb_create();
    size_t off = 0, len;
    const char *why;
    const void *nlh;
    while ((nlh = pcap_neigh_next(buf, size, &off, &len, &why))) {
        struct pcap_fdb_entry e;
        switch (pcap_neigh_parse(nlh, len, &e, &why)) {
        case PCAP_NEIGH_NEW:
            pcap_fdb_put(f, &e, 1);
            if (!pcap_fdb_get(f, e.bridge, e.mac)) {
                __builtin_trap();
            }
            break;
        case PCAP_NEIGH_DEL:
            pcap_fdb_del(f, e.bridge, e.mac);
            break;
        default:
            break;
        }
    }
    pcap_fdb_sweep(f, 1);
    pcap_fdb_destroy(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An aligned copy, as recv() would give. */
    static uint8_t buf[1 << 16] __attribute__((aligned(8)));
    if (size > sizeof buf) {
        return 0;
    }
    memcpy(buf, data, size);
    links(buf, size);
    fdb(buf, size);
    return 0;
}
