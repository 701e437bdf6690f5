/* virt_xml: a bounded scanner for the parts of a libvirt domain XML that
 * hsvirt reads. Every read is checked against LEN; the input need not be
 * NUL-terminated. */
#include <config.h>

#include "virt/virt_xml.h"

#include <string.h>

#include "sflow/sflow.h"

#define MAX_DEPTH 32
#define NAME_MAX_LEN 31             /* longer element names never match ours */
#define ATTR_MAX_LEN 63

/* Where the scanner is. Lives on the stack of one virt_xml_parse() call. */
struct scan {
    const char *p;
    size_t len, pos;
    int depth;
    char stack[MAX_DEPTH][NAME_MAX_LEN + 1];
    struct virt_xml_iface *iface;   /* open <interface>, NULL if none/full */
    struct virt_xml_disk *disk;     /* open <disk>, NULL if none/full/not a disk */
    struct virt_xml_domain *out;
    const char *err;
};

/* The attributes of one start tag that matter to us. */
struct attrs {
    char dev[ATTR_MAX_LEN + 1];
    char address[ATTR_MAX_LEN + 1];
    char arch[ATTR_MAX_LEN + 1];
    char device[ATTR_MAX_LEN + 1];
    bool has_device;
};

static const struct {
    const char *name;
    uint32_t type;
} arches[] = {
    { "x86_64", SFLOW_MT_X86_64 }, { "amd64", SFLOW_MT_X86_64 },
    { "i686", SFLOW_MT_X86 }, { "i586", SFLOW_MT_X86 }, { "i486", SFLOW_MT_X86 },
    { "i386", SFLOW_MT_X86 }, { "ia64", SFLOW_MT_IA64 },
    { "sparc", SFLOW_MT_SPARC }, { "sparc64", SFLOW_MT_SPARC },
    { "alpha", SFLOW_MT_ALPHA },
    { "ppc", SFLOW_MT_POWERPC }, { "ppc64", SFLOW_MT_POWERPC },
    { "ppc64le", SFLOW_MT_POWERPC }, { "ppcle", SFLOW_MT_POWERPC },
    { "m68k", SFLOW_MT_M68K },
    { "mips", SFLOW_MT_MIPS }, { "mipsel", SFLOW_MT_MIPS }, { "mips64", SFLOW_MT_MIPS },
    { "mips64el", SFLOW_MT_MIPS },
    { "armv6l", SFLOW_MT_ARM }, { "armv7l", SFLOW_MT_ARM }, { "armv7b", SFLOW_MT_ARM },
    { "aarch64", SFLOW_MT_ARM },
    { "parisc", SFLOW_MT_HPPA }, { "parisc64", SFLOW_MT_HPPA },
    { "s390", SFLOW_MT_S390 }, { "s390x", SFLOW_MT_S390 },
};

uint32_t
virt_xml_machine_type(const char *arch)
{
    if (!arch || !*arch) {
        return SFLOW_MT_UNKNOWN;
    }
    for (size_t i = 0; i < sizeof arches / sizeof arches[0]; i++) {
        if (!strcmp(arch, arches[i].name)) {
            return arches[i].type;
        }
    }
    return SFLOW_MT_OTHER;
}

static int
hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    } else if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool
virt_xml_parse_mac(const char *s, uint8_t mac[6])
{
    if (strlen(s) != 17) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        int hi = hex_digit(s[i * 3]), lo = hex_digit(s[i * 3 + 1]);
        if (hi < 0 || lo < 0 || (i < 5 && s[i * 3 + 2] != ':')) {
            return false;
        }
        mac[i] = (uint8_t) (hi << 4 | lo);
    }
    return true;
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || c == '_' || c == ':' || c == '-' || c == '.';
}

static bool
at(const struct scan *s, const char *lit)
{
    size_t n = strlen(lit);
    return s->len - s->pos >= n && !memcmp(s->p + s->pos, lit, n);
}

/* Moves past the next occurrence of END, or fails with ERR. */
static bool
skip_past(struct scan *s, const char *end, const char *err)
{
    size_t n = strlen(end);
    for (; s->len - s->pos >= n; s->pos++) {
        if (!memcmp(s->p + s->pos, end, n)) {
            s->pos += n;
            return true;
        }
    }
    s->err = err;
    return false;
}

static void
skip_space(struct scan *s)
{
    while (s->pos < s->len && is_space(s->p[s->pos])) {
        s->pos++;
    }
}

/* Reads a name into BUF (truncated copies never match, so they are marked
 * with an empty string). Fails on an empty name. */
static bool
read_name(struct scan *s, char *buf, size_t cap)
{
    size_t start = s->pos;
    while (s->pos < s->len && is_name_char(s->p[s->pos])) {
        s->pos++;
    }
    size_t n = s->pos - start;
    if (n == 0) {
        s->err = "expected a name";
        return false;
    }
    if (n < cap) {
        memcpy(buf, s->p + start, n);
        buf[n] = '\0';
    } else {
        buf[0] = '\0';
    }
    return true;
}

static const char *
parent(const struct scan *s, int up)
{
    int i = s->depth - 1 - up;
    return i >= 0 ? s->stack[i] : "";
}

/* Reads the attributes of a start tag up to and including '>' or '/>'.
 * Values we keep are copied into A when they fit and hold no entity. */
static bool
read_attrs(struct scan *s, struct attrs *a, bool *self_closing)
{
    for (;;) {
        skip_space(s);
        if (s->pos >= s->len) {
            s->err = "unterminated tag";
            return false;
        }
        char c = s->p[s->pos];
        if (c == '>') {
            s->pos++;
            *self_closing = false;
            return true;
        }
        if (c == '/') {
            if (s->pos + 1 >= s->len || s->p[s->pos + 1] != '>') {
                s->err = "stray '/' in tag";
                return false;
            }
            s->pos += 2;
            *self_closing = true;
            return true;
        }
        char name[NAME_MAX_LEN + 1];
        if (!read_name(s, name, sizeof name)) {
            return false;
        }
        skip_space(s);
        if (s->pos >= s->len || s->p[s->pos] != '=') {
            s->err = "attribute without value";
            return false;
        }
        s->pos++;
        skip_space(s);
        if (s->pos >= s->len || (s->p[s->pos] != '\'' && s->p[s->pos] != '"')) {
            s->err = "unquoted attribute value";
            return false;
        }
        char q = s->p[s->pos++];
        size_t start = s->pos;
        while (s->pos < s->len && s->p[s->pos] != q) {
            if (s->p[s->pos] == '<') {
                s->err = "'<' in attribute value";
                return false;
            }
            s->pos++;
        }
        if (s->pos >= s->len) {
            s->err = "unterminated attribute value";
            return false;
        }
        size_t n = s->pos - start;
        s->pos++;

        char *dst = NULL;
        if (!strcmp(name, "dev")) {
            dst = a->dev;
        } else if (!strcmp(name, "address")) {
            dst = a->address;
        } else if (!strcmp(name, "arch")) {
            dst = a->arch;
        } else if (!strcmp(name, "device")) {
            dst = a->device;
            a->has_device = true;
        }
        if (dst && n <= ATTR_MAX_LEN && !memchr(s->p + start, '&', n)
            && !memchr(s->p + start, '\0', n)) {
            memcpy(dst, s->p + start, n);
            dst[n] = '\0';
        }
    }
}

/* Acts on one start tag NAME with attributes A, before it is pushed. */
static void
start_element(struct scan *s, const char *name, const struct attrs *a)
{
    struct virt_xml_domain *d = s->out;
    bool in_devices = s->depth == 2 && !strcmp(parent(s, 0), "devices")
                      && !strcmp(parent(s, 1), "domain");

    if (in_devices && !strcmp(name, "interface")) {
        s->iface = d->n_ifaces < VIRT_XML_MAX_IFACES ? &d->ifaces[d->n_ifaces++] : NULL;
    } else if (in_devices && !strcmp(name, "disk")) {
        bool is_disk = !a->has_device || !strcmp(a->device, "disk");
        s->disk = is_disk && d->n_disks < VIRT_XML_MAX_DISKS ? &d->disks[d->n_disks++] : NULL;
    } else if (s->depth == 3 && !strcmp(name, "mac") && s->iface
               && !strcmp(parent(s, 0), "interface")) {
        s->iface->has_mac = virt_xml_parse_mac(a->address, s->iface->mac);
    } else if (s->depth == 3 && !strcmp(name, "target") && s->iface
               && !strcmp(parent(s, 0), "interface")) {
        strcpy(s->iface->dev, a->dev);
    } else if (s->depth == 3 && !strcmp(name, "target") && s->disk
               && !strcmp(parent(s, 0), "disk")) {
        strcpy(s->disk->dev, a->dev);
    } else if (s->depth == 2 && !strcmp(name, "type") && !strcmp(parent(s, 0), "os")
               && !strcmp(parent(s, 1), "domain")) {
        d->machine_type = virt_xml_machine_type(a->arch);
    }
}

/* Acts on the end of element NAME at depth s->depth (already popped). */
static void
end_element(struct scan *s, const char *name)
{
    if (s->depth == 2 && !strcmp(name, "interface")) {
        s->iface = NULL;
    } else if (s->depth == 2 && !strcmp(name, "disk")) {
        if (s->disk && !s->disk->dev[0]) {
            s->out->n_disks--;      /* a disk without a target cannot be queried */
        }
        s->disk = NULL;
    }
}

static bool
scan_tag(struct scan *s)
{
    if (at(s, "<!--")) {
        return skip_past(s, "-->", "unterminated comment");
    } else if (at(s, "<![CDATA[")) {
        return skip_past(s, "]]>", "unterminated CDATA");
    } else if (at(s, "<?")) {
        return skip_past(s, "?>", "unterminated processing instruction");
    } else if (at(s, "<!")) {
        return skip_past(s, ">", "unterminated declaration");
    }

    char name[NAME_MAX_LEN + 1];
    if (at(s, "</")) {
        s->pos += 2;
        if (!read_name(s, name, sizeof name)) {
            return false;
        }
        skip_space(s);
        if (s->pos >= s->len || s->p[s->pos] != '>') {
            s->err = "malformed end tag";
            return false;
        }
        s->pos++;
        if (s->depth == 0 || strcmp(s->stack[s->depth - 1], name)) {
            s->err = "mismatched end tag";
            return false;
        }
        s->depth--;
        end_element(s, name);
        return true;
    }

    s->pos++;
    if (!read_name(s, name, sizeof name)) {
        return false;
    }
    struct attrs a;
    memset(&a, 0, sizeof a);
    bool self_closing;
    if (!read_attrs(s, &a, &self_closing)) {
        return false;
    }
    if (s->depth == 0 && strcmp(name, "domain")) {
        s->err = "root element is not <domain>";
        return false;
    }
    start_element(s, name, &a);
    if (self_closing) {
        end_element(s, name);
        return true;
    }
    if (s->depth >= MAX_DEPTH) {
        s->err = "elements nested too deeply";
        return false;
    }
    strcpy(s->stack[s->depth++], name);
    return true;
}

bool
virt_xml_parse(const char *xml, size_t len, struct virt_xml_domain *out, const char **err)
{
    struct scan s;
    memset(&s, 0, sizeof s);
    memset(out, 0, sizeof *out);
    if (len > VIRT_XML_MAX_LEN) {
        *err = "description too large";
        return false;
    }
    s.p = xml;
    s.len = len;
    s.out = out;

    bool seen_root = false;
    while (s.pos < s.len) {
        const char *lt = memchr(s.p + s.pos, '<', s.len - s.pos);
        if (!lt) {
            break;
        }
        s.pos = (size_t) (lt - s.p);
        if (!scan_tag(&s)) {
            *err = s.err;
            return false;
        }
        seen_root |= s.depth > 0;
    }
    if (!seen_root) {
        *err = "no <domain> element";
        return false;
    }
    if (s.depth != 0) {
        *err = "unterminated element";
        return false;
    }
    return true;
}
