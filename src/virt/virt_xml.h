/* virt_xml: the few facts hsvirt needs from a libvirt domain XML description:
 * the guest architecture, each interface's MAC address and host-side target
 * device, and each disk's target device. A small bounded scanner, not a full
 * XML parser: it tracks element nesting, skips comments, processing
 * instructions and CDATA, and rejects what it cannot read. Pure: no I/O.
 *
 * Ownership: struct virt_xml_domain is a plain value filled by the caller's
 * call; it owns no heap memory. */
#ifndef VIRT_XML_H
#define VIRT_XML_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRT_XML_MAX_LEN (4u << 20)     /* larger descriptions are rejected */
#define VIRT_XML_MAX_IFACES 32          /* further interfaces are ignored */
#define VIRT_XML_MAX_DISKS 32           /* further disks are ignored */
#define VIRT_XML_DEV_MAX 63             /* longer device names are ignored */

struct virt_xml_iface {
    bool has_mac;
    uint8_t mac[6];
    char dev[VIRT_XML_DEV_MAX + 1];     /* <target dev=...>, "" if none */
};

struct virt_xml_disk {
    char dev[VIRT_XML_DEV_MAX + 1];     /* <target dev=...>, never "" */
};

struct virt_xml_domain {
    uint32_t machine_type;              /* SFLOW_MT_* from <os><type arch=...> */
    size_t n_ifaces;
    struct virt_xml_iface ifaces[VIRT_XML_MAX_IFACES];
    size_t n_disks;                     /* device='disk' (or no device=) only */
    struct virt_xml_disk disks[VIRT_XML_MAX_DISKS];
};

/* Scans LEN bytes of XML into *OUT. Returns false with *ERR (a static string)
 * when the text is malformed or too large; *OUT is then unspecified. */
bool virt_xml_parse(const char *xml, size_t len, struct virt_xml_domain *out,
                    const char **err);

/* SFLOW_MT_* for a libvirt arch name ("x86_64", "aarch64"...); NULL or ""
 * gives SFLOW_MT_UNKNOWN, an arch with no code SFLOW_MT_OTHER. */
uint32_t virt_xml_machine_type(const char *arch);

/* Parses "52:54:00:ab:cd:ef" (case-insensitive). */
bool virt_xml_parse_mac(const char *s, uint8_t mac[6]);

#endif
