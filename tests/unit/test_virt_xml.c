/* Unit tests for the domain XML scanner: what libvirt writes, and what a
 * broken or hostile description looks like. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sflow/sflow.h"
#include "common/util.h"
#include "virt/virt_xml.h"
#include "check_run.h"

static const char domain_xml[] =
    "<domain type='kvm' id='3'>\n"
    "  <name>web1</name>\n"
    "  <!-- <interface><mac address='00:00:00:00:00:99'/></interface> -->\n"
    "  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n"
    "  <os>\n"
    "    <type arch='aarch64' machine='virt'>hvm</type>\n"
    "  </os>\n"
    "  <devices>\n"
    "    <disk type='file' device='disk'>\n"
    "      <source file='/img/a.qcow2'/>\n"
    "      <target dev='vda' bus='virtio'/>\n"
    "    </disk>\n"
    "    <disk type=\"file\" device=\"cdrom\">\n"
    "      <target dev=\"sda\" bus=\"sata\"/>\n"
    "    </disk>\n"
    "    <disk type='block'>\n"
    "      <target dev='vdb'/>\n"
    "    </disk>\n"
    "    <disk type='file' device='disk'><source file='/no/target'/></disk>\n"
    "    <interface type='bridge'>\n"
    "      <mac address='52:54:00:AB:cd:01'/>\n"
    "      <target dev='vnet7'/>\n"
    "      <address type='pci' domain='0x0000' bus='0x01'/>\n"
    "    </interface>\n"
    "    <interface type='network'>\n"
    "      <mac address='52:54:00:ab:cd:02'/>\n"
    "    </interface>\n"
    "    <interface type='user'>\n"
    "      <mac address='not-a-mac'/>\n"
    "    </interface>\n"
    "    <hostdev><source><address bus='1'/></source><target dev='zz'/></hostdev>\n"
    "  </devices>\n"
    "  <metadata><x:devices xmlns:x='urn:x'><interface><mac address='00:00:00:00:00:98'/>"
    "</interface></x:devices></metadata>\n"
    "  <seclabel><![CDATA[<interface>]]></seclabel>\n"
    "</domain>\n";

START_TEST(test_parse_domain)
{
    struct virt_xml_domain d;
    const char *err = NULL;
    ck_assert_msg(virt_xml_parse(domain_xml, strlen(domain_xml), &d, &err), "%s", err);
    ck_assert_uint_eq(d.machine_type, SFLOW_MT_ARM);
    ck_assert_uint_eq(d.n_disks, 2);
    ck_assert_str_eq(d.disks[0].dev, "vda");
    ck_assert_str_eq(d.disks[1].dev, "vdb");
    ck_assert_uint_eq(d.n_ifaces, 3);
    ck_assert(d.ifaces[0].has_mac);
    static const uint8_t mac0[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x01 };
    static const uint8_t mac1[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x02 };
    ck_assert(!memcmp(d.ifaces[0].mac, mac0, 6));
    ck_assert_str_eq(d.ifaces[0].dev, "vnet7");
    ck_assert(d.ifaces[1].has_mac);
    ck_assert(!memcmp(d.ifaces[1].mac, mac1, 6));
    ck_assert_str_eq(d.ifaces[1].dev, "");
    ck_assert(!d.ifaces[2].has_mac);
}
END_TEST

START_TEST(test_every_prefix_fails_cleanly)
{
    /* Every truncation of a valid description is rejected or read without
     * touching memory past its length (checked by the sanitizers). */
    size_t n = strlen(domain_xml);
    for (size_t i = 0; i < n; i++) {
        char *p = xmalloc(i ? i : 1);
        memcpy(p, domain_xml, i);
        struct virt_xml_domain d;
        const char *err = NULL;
        if (!virt_xml_parse(p, i, &d, &err)) {
            ck_assert_ptr_nonnull(err);
        }
        free(p);
    }
}
END_TEST

START_TEST(test_malformed)
{
    static const char *const bad[] = {
        "",
        "no markup",
        "<node/>",
        "<domain><devices></domain>",
        "<domain></devices></domain>",
        "<domain><devices>",
        "<domain a=b></domain>",
        "<domain a></domain>",
        "<domain a='x></domain>",
        "<domain><!-- open </domain>",
        "<domain><a/ ></domain>",
        "<domain a='<'></domain>",
        "<domain><></domain>",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct virt_xml_domain d;
        const char *err = NULL;
        ck_assert_msg(!virt_xml_parse(bad[i], strlen(bad[i]), &d, &err), "accepted: %s", bad[i]);
        ck_assert_ptr_nonnull(err);
    }
}
END_TEST

START_TEST(test_limits)
{
    /* Too deep. */
    char *deep = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&deep, &len);
    fputs("<domain>", f);
    for (int i = 0; i < 40; i++) {
        fputs("<a>", f);
    }
    for (int i = 0; i < 40; i++) {
        fputs("</a>", f);
    }
    fputs("</domain>", f);
    fclose(f);
    struct virt_xml_domain d;
    const char *err = NULL;
    ck_assert(!virt_xml_parse(deep, len, &d, &err));
    free(deep);

    /* Too many interfaces: the first VIRT_XML_MAX_IFACES are kept. */
    char *many = NULL;
    f = open_memstream(&many, &len);
    fputs("<domain><devices>", f);
    for (int i = 0; i < VIRT_XML_MAX_IFACES + 10; i++) {
        fprintf(f, "<interface><mac address='02:00:00:00:00:%02x'/></interface>", i & 0xff);
    }
    fputs("</devices></domain>", f);
    fclose(f);
    ck_assert_msg(virt_xml_parse(many, len, &d, &err), "%s", err);
    ck_assert_uint_eq(d.n_ifaces, VIRT_XML_MAX_IFACES);
    ck_assert_uint_eq(d.ifaces[VIRT_XML_MAX_IFACES - 1].mac[5], VIRT_XML_MAX_IFACES - 1);
    free(many);

    /* An over-long device name is dropped, not truncated. */
    char *longdev = xasprintf("<domain><devices><disk><target dev='%0*d'/></disk>"
                              "</devices></domain>", VIRT_XML_DEV_MAX + 1, 7);
    ck_assert(virt_xml_parse(longdev, strlen(longdev), &d, &err));
    ck_assert_uint_eq(d.n_disks, 0);
    free(longdev);
}
END_TEST

START_TEST(test_machine_types_and_macs)
{
    ck_assert_uint_eq(virt_xml_machine_type("x86_64"), SFLOW_MT_X86_64);
    ck_assert_uint_eq(virt_xml_machine_type("i686"), SFLOW_MT_X86);
    ck_assert_uint_eq(virt_xml_machine_type("s390x"), SFLOW_MT_S390);
    ck_assert_uint_eq(virt_xml_machine_type("riscv64"), SFLOW_MT_OTHER);
    ck_assert_uint_eq(virt_xml_machine_type(""), SFLOW_MT_UNKNOWN);
    ck_assert_uint_eq(virt_xml_machine_type(NULL), SFLOW_MT_UNKNOWN);
    uint8_t m[6];
    ck_assert(virt_xml_parse_mac("fe:ff:00:0A:b0:c1", m));
    ck_assert_uint_eq(m[0], 0xfe);
    ck_assert_uint_eq(m[3], 0x0a);
    ck_assert_uint_eq(m[5], 0xc1);
    ck_assert(!virt_xml_parse_mac("fe:ff:00:0A:b0", m));
    ck_assert(!virt_xml_parse_mac("fe:ff:00:0A:b0:c1:", m));
    ck_assert(!virt_xml_parse_mac("fe-ff-00-0A-b0-c1", m));
    ck_assert(!virt_xml_parse_mac("fe:ff:00:0A:b0:cg", m));
}
END_TEST

CHECK_MAIN(
    .name = "virt_xml",
    .tests = CHECK_TESTS(test_parse_domain, test_every_prefix_fails_cleanly, test_malformed,
                         test_limits, test_machine_types_and_macs))
