/* counters_descr: host_descr (2000).
 *
 *   hostname    <root>/proc/sys/kernel/hostname (required; on the live path
 *               read again only after poll() on it reported a change)
 *   uuid        <root>/sys/class/dmi/id/product_uuid, else <root>/etc/machine-id,
 *               else all zeros (unknown)
 *   machine     <root>/proc/sys/kernel/arch; when that is absent, uname(2)'s
 *               machine on a live host ("/") and unknown under any other
 *               sysroot, so that recorded files give the same record anywhere
 *   os_name     LINUX
 *   os_release  <root>/proc/sys/kernel/osrelease (required) */
#include <config.h>

#include <string.h>
#include <sys/utsname.h>

#include "counters/counters_descr.h"
#include "counters/counters_scan.h"
#include "counters/counters_state.h"

bool
hsc_parse_hostname(const char *text, struct sflow_host_descr *d)
{
    return hsc_first_line(text, d->hostname, sizeof d->hostname) > 0;
}

bool
hsc_parse_osrelease(const char *text, struct sflow_host_descr *d)
{
    return hsc_first_line(text, d->os_release, sizeof d->os_release) > 0;
}

/* Reads 32 hex digits from TEXT, skipping '-' only where DASHES allows
 * (after digit 8, 12, 16 and 20), then only white space may follow. */
static bool
hsc_parse_hex16(const char *text, bool dashes, uint8_t uuid[16])
{
    uint8_t out[16];
    const char *p = text;
    for (int i = 0; i < 32; i++) {
        if (dashes && (i == 8 || i == 12 || i == 16 || i == 20)) {
            if (*p++ != '-') {
                return false;
            }
        }
        int h = hsc_hex_digit(*p++);
        if (h < 0) {
            return false;
        }
        if (i % 2 == 0) {
            out[i / 2] = (uint8_t) (h << 4);
        } else {
            out[i / 2] |= (uint8_t) h;
        }
    }
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        p++;
    }
    if (*p) {
        return false;
    }
    memcpy(uuid, out, 16);
    return true;
}

bool
hsc_parse_machine_id(const char *text, uint8_t uuid[16])
{
    return hsc_parse_hex16(text, false, uuid);
}

bool
hsc_parse_dmi_uuid(const char *text, uint8_t uuid[16])
{
    return hsc_parse_hex16(text, true, uuid);
}

uint32_t
hsc_machine_type(const char *m)
{
    static const struct {
        const char *prefix;
        uint32_t type;
    } map[] = {
        { "x86_64", SFLOW_MT_X86_64 }, { "amd64", SFLOW_MT_X86_64 },
        { "i386", SFLOW_MT_X86 }, { "i486", SFLOW_MT_X86 }, { "i586", SFLOW_MT_X86 },
        { "i686", SFLOW_MT_X86 }, { "x86", SFLOW_MT_X86 },
        { "ia64", SFLOW_MT_IA64 }, { "sparc", SFLOW_MT_SPARC }, { "alpha", SFLOW_MT_ALPHA },
        { "ppc", SFLOW_MT_POWERPC }, { "powerpc", SFLOW_MT_POWERPC },
        { "m68k", SFLOW_MT_M68K }, { "mips", SFLOW_MT_MIPS }, { "arm", SFLOW_MT_ARM },
        { "aarch64", SFLOW_MT_ARM }, { "parisc", SFLOW_MT_HPPA }, { "s390", SFLOW_MT_S390 },
    };
    if (!*m) {
        return SFLOW_MT_UNKNOWN;
    }
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (!strncmp(m, map[i].prefix, strlen(map[i].prefix))) {
            return map[i].type;
        }
    }
    return SFLOW_MT_OTHER;
}

bool
hsc_read_host_descr(struct hscounters *c, struct sflow_host_descr *d)
{
    /* The host name is read again only when it may have changed (the live
     * path's poll on the open file, see sysroot_unchanged()). */
    if (c->have_hostname && sysroot_unchanged(&c->sys, "proc/sys/kernel/hostname")) {
        memcpy(d->hostname, c->hostname, sizeof d->hostname);
    } else {
        c->have_hostname = false;
        const char *text = sysroot_read(&c->sys, "proc/sys/kernel/hostname", 4096,
                                        HSC_SRC_HOSTNAME);
        if (!text || !hsc_parse_hostname(text, d)) {
            return false;
        }
        memcpy(c->hostname, d->hostname, sizeof c->hostname);
        c->have_hostname = true;
    }
    const char *text;
    /* On the live path, the kernel release, the UUID and the machine type
     * are read once: they do not change while the host runs. */
    if (c->have_descr) {
        memcpy(d->uuid, c->descr.uuid, sizeof d->uuid);
        d->machine_type = c->descr.machine_type;
        d->os_name = c->descr.os_name;
        memcpy(d->os_release, c->descr.os_release, sizeof d->os_release);
        return true;
    }
    text = sysroot_read(&c->sys, "proc/sys/kernel/osrelease", 4096, HSC_SRC_OSRELEASE);
    if (!text || !hsc_parse_osrelease(text, d)) {
        return false;
    }
    d->os_name = SFLOW_OS_LINUX;

    text = sysroot_read(&c->sys, "sys/class/dmi/id/product_uuid", 4096, -1);
    if (!text || !hsc_parse_dmi_uuid(text, d->uuid)) {
        text = sysroot_read(&c->sys, "etc/machine-id", 4096, -1);
        if (!text || !hsc_parse_machine_id(text, d->uuid)) {
            memset(d->uuid, 0, sizeof d->uuid);
            sysroot_source_missing(&c->sys, HSC_SRC_UUID, "no DMI product_uuid or machine-id: the host UUID is sent as zeros");
        }
    }

    char machine[65];
    text = sysroot_read(&c->sys, "proc/sys/kernel/arch", 4096, -1);
    if (text) {
        hsc_first_line(text, machine, sizeof machine);
    } else {
        struct utsname u;
        machine[0] = '\0';
        if (c->sys.live && !uname(&u)) {
            hsc_first_line(u.machine, machine, sizeof machine);
        }
    }
    d->machine_type = hsc_machine_type(machine);
    if (c->sys.live && c->ift) {
        c->descr = *d;
        c->have_descr = true;
    }
    return true;
}
