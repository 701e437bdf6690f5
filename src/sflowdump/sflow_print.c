/* sflow_print: text and JSON views of decoded datagrams (see sflow_print.h).
 * Both views take counter fields from one table builder (collect_fields) so
 * that they always name the same fields the same way. */
#include <config.h>

#include "sflowdump/sflow_print.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include "common/util.h"
#include "sflow/sflow_fields.h"

/* Text of an address: "10.0.0.1" or "2001:db8::1". */
static void
sflow_address_to_string(const struct sflow_address *a, char *out, size_t out_size)
{
    char buf[INET6_ADDRSTRLEN];
    int family = a->family == AF_INET6 ? AF_INET6 : AF_INET;
    if (!inet_ntop(family, a->bytes, buf, sizeof buf)) {
        snprintf(buf, sizeof buf, "?");
    }
    snprintf(out, out_size, "%s", buf);
}

/* ---- appending to a fixed buffer ------------------------------------------ */

struct sbuf {
    char *p;
    size_t size, len;
};

static void sbuf_add(struct sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
sbuf_add(struct sbuf *s, const char *fmt, ...)
{
    if (s->len >= s->size) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->p + s->len, s->size - s->len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        s->len += (size_t) n;
        if (s->len > s->size) {
            s->len = s->size;
        }
    }
}

/* ---- sampled header summary ----------------------------------------------- */

static uint16_t
be16(const uint8_t *p)
{
    return (uint16_t) (p[0] << 8 | p[1]);
}

static const char *
icmp_type_name(uint8_t type, bool v6)
{
    if (v6) {
        switch (type) {
        case 1: return "dest-unreachable";
        case 3: return "time-exceeded";
        case 128: return "echo-request";
        case 129: return "echo-reply";
        case 133: return "router-solicitation";
        case 134: return "router-advertisement";
        case 135: return "neighbor-solicitation";
        case 136: return "neighbor-advertisement";
        default: return NULL;
        }
    }
    switch (type) {
    case 0: return "echo-reply";
    case 3: return "dest-unreachable";
    case 8: return "echo-request";
    case 11: return "time-exceeded";
    default: return NULL;
    }
}

static void
summarize_l4(struct sbuf *s, uint8_t proto, const uint8_t *p, size_t len, bool v6)
{
    if ((proto == 1 && !v6) || (proto == 58 && v6)) {
        if (len < 4) {
            sbuf_add(s, " %s (truncated)", v6 ? "icmp6" : "icmp");
            return;
        }
        const char *name = icmp_type_name(p[0], v6);
        sbuf_add(s, " %s", v6 ? "icmp6" : "icmp");
        if (name) {
            sbuf_add(s, " %s", name);
        } else {
            sbuf_add(s, " type=%u code=%u", p[0], p[1]);
        }
        if (len >= 8 && (p[0] == 0 || p[0] == 8 || p[0] == 128 || p[0] == 129)) {
            sbuf_add(s, " id=%u seq=%u", be16(p + 4), be16(p + 6));
        }
    } else if (proto == 6 || proto == 17) {
        const char *name = proto == 6 ? "tcp" : "udp";
        if (len < 4) {
            sbuf_add(s, " %s (truncated)", name);
            return;
        }
        sbuf_add(s, " %s %u>%u", name, be16(p), be16(p + 2));
    } else {
        sbuf_add(s, " proto=%u", proto);
    }
}

static void
summarize_ipv4(struct sbuf *s, const uint8_t *p, size_t len)
{
    char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
    if (len < 20 || (p[0] >> 4) != 4 || (size_t) (p[0] & 0xf) * 4 < 20) {
        sbuf_add(s, " ipv4 (truncated or bad)");
        return;
    }
    size_t ihl = (size_t) (p[0] & 0xf) * 4;
    inet_ntop(AF_INET, p + 12, a, sizeof a);
    inet_ntop(AF_INET, p + 16, b, sizeof b);
    sbuf_add(s, " ipv4 %s>%s ttl=%u len=%u", a, b, p[8], be16(p + 2));
    if (ihl > len) {
        sbuf_add(s, " (options truncated)");
        return;
    }
    if (be16(p + 6) & 0x1fff) {
        sbuf_add(s, " fragment proto=%u", p[9]);
        return;
    }
    summarize_l4(s, p[9], p + ihl, len - ihl, false);
}

static void
summarize_ipv6(struct sbuf *s, const uint8_t *p, size_t len)
{
    char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
    if (len < 40 || (p[0] >> 4) != 6) {
        sbuf_add(s, " ipv6 (truncated or bad)");
        return;
    }
    inet_ntop(AF_INET6, p + 8, a, sizeof a);
    inet_ntop(AF_INET6, p + 24, b, sizeof b);
    sbuf_add(s, " ipv6 %s>%s hlim=%u", a, b, p[7]);
    summarize_l4(s, p[6], p + 40, len - 40, true);
}

static void
summarize_ethernet(struct sbuf *s, const uint8_t *p, size_t len)
{
    if (len < 14) {
        sbuf_add(s, "eth (truncated)");
        return;
    }
    sbuf_add(s, "eth %02x:%02x:%02x:%02x:%02x:%02x>%02x:%02x:%02x:%02x:%02x:%02x",
             p[6], p[7], p[8], p[9], p[10], p[11], p[0], p[1], p[2], p[3], p[4], p[5]);
    size_t off = 12;
    uint16_t type = be16(p + off);
    while ((type == 0x8100 || type == 0x88a8) && len >= off + 6) {
        sbuf_add(s, " vlan %u", be16(p + off + 2) & 0xfff);
        off += 4;
        type = be16(p + off);
    }
    off += 2;
    switch (type) {
    case 0x0800: summarize_ipv4(s, p + off, len - off); break;
    case 0x86dd: summarize_ipv6(s, p + off, len - off); break;
    case 0x0806: sbuf_add(s, " arp"); break;
    default: sbuf_add(s, " ethertype=0x%04x", type); break;
    }
}

void
sflow_header_summary(uint32_t protocol, const uint8_t *p, size_t len, char *out,
                     size_t out_size)
{
    struct sbuf s = { out, out_size, 0 };
    if (!out_size) {
        return;
    }
    out[0] = '\0';
    switch (protocol) {
    case SFLOW_HEADER_ETHERNET: summarize_ethernet(&s, p, len); break;
    case SFLOW_HEADER_IPV4: summarize_ipv4(&s, p, len); break;
    case SFLOW_HEADER_IPV6: summarize_ipv6(&s, p, len); break;
    default: sbuf_add(&s, "protocol %u", protocol); break;
    }
    /* The decoders above start with a space where they follow nothing. */
    if (out[0] == ' ') {
        memmove(out, out + 1, strlen(out));
    }
}

/* ---- counter fields ------------------------------------------------------- */

struct field {
    const char *name;
    enum { F_U64, F_FLOAT, F_STR } kind;
    uint64_t u;
    double d;
    char s[SFLOW_PORT_NAME_MAX + 1];
};

struct fields {
    struct field f[40];
    size_t n;
};

static void
fu(struct fields *fs, const char *name, uint64_t v)
{
    if (fs->n < ARRAY_SIZE(fs->f)) {
        fs->f[fs->n++] = (struct field) { .name = name, .kind = F_U64, .u = v };
    }
}

static void
ff(struct fields *fs, const char *name, double v)
{
    if (fs->n < ARRAY_SIZE(fs->f)) {
        fs->f[fs->n++] = (struct field) { .name = name, .kind = F_FLOAT, .d = v };
    }
}

static struct field *
fstr(struct fields *fs, const char *name)
{
    if (fs->n >= ARRAY_SIZE(fs->f)) {
        return NULL;
    }
    struct field *f = &fs->f[fs->n++];
    *f = (struct field) { .name = name, .kind = F_STR };
    return f;
}

/* A string from the wire as printable ASCII: anything else becomes '?', so
 * that text lines stay one field per word and JSON strings stay valid. */
static void
fstr_wire(struct fields *fs, const char *name, const char *v)
{
    struct field *f = fstr(fs, name);
    if (f) {
        size_t i;
        for (i = 0; v[i] && i < sizeof f->s - 1; i++) {
            unsigned char c = (unsigned char) v[i];
            f->s[i] = c > 0x20 && c < 0x7f ? (char) c : '?';
        }
        f->s[i] = '\0';
    }
}

static void
fields_host_descr(struct fields *fs, const struct sflow_host_descr *d)
{
    fstr_wire(fs, "hostname", d->hostname);
    struct field *f = fstr(fs, "uuid");
    if (f) {
        const uint8_t *u = d->uuid;
        snprintf(f->s, sizeof f->s, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                 "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5], u[6],
                 u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    }
    fu(fs, "machine_type", d->machine_type);
    fu(fs, "os_name", d->os_name);
    fstr_wire(fs, "os_release", d->os_release);
}

static void
fields_host_adaptors(struct fields *fs, const struct sflow_host_adaptors *a)
{
    fu(fs, "adaptors", a->n_adaptors);
    for (uint32_t i = 0; i < a->n_adaptors; i++) {
        const struct sflow_adaptor *ad = &a->adaptors[i];
        struct field *f = fstr(fs, "adaptor");
        if (!f) {
            return;
        }
        struct sbuf s = { f->s, sizeof f->s, 0 };
        sbuf_add(&s, "%u", ad->ifIndex);
        for (uint32_t m = 0; m < ad->n_macs; m++) {
            const uint8_t *x = ad->macs[m];
            sbuf_add(&s, "/%02x:%02x:%02x:%02x:%02x:%02x", x[0], x[1], x[2], x[3], x[4], x[5]);
        }
    }
}

static void
collect_fields(struct fields *fs, const struct sflow_counter_rec *c)
{
    size_t n;
    const struct sflow_field *f = sflow_counter_fields(c->tag, &n);
    fs->n = 0;
    for (size_t i = 0; f && i < n; i++) {
        const uint8_t *p = (const uint8_t *) &c->u + f[i].offset;
        uint32_t v32;
        uint64_t v64;
        float fl;
        switch (f[i].kind) {
        case SFLOW_F_U32: memcpy(&v32, p, 4); fu(fs, f[i].name, v32); break;
        case SFLOW_F_U64: memcpy(&v64, p, 8); fu(fs, f[i].name, v64); break;
        case SFLOW_F_FLOAT: memcpy(&fl, p, 4); ff(fs, f[i].name, fl); break;
        }
    }
    if (c->tag == SFLOW_CTR_HOST_DESCR) {
        fields_host_descr(fs, &c->u.host_descr);
    } else if (c->tag == SFLOW_CTR_HOST_ADAPTORS) {
        fields_host_adaptors(fs, &c->u.host_adaptors);
    } else if (c->tag == SFLOW_CTR_PORT_NAME) {
        fstr_wire(fs, "name", c->u.port_name.name);
    }
}

/* ---- text ----------------------------------------------------------------- */

static void
if_ref_text(struct sbuf *s, const char *name, const struct sflow_if_ref *r)
{
    switch (r->format) {
    case 0:
        if (r->value == 0x3fffffff) {
            sbuf_add(s, " %s=internal", name);  /* the host itself */
        } else {
            sbuf_add(s, " %s=%u", name, r->value);
        }
        break;
    case 1: sbuf_add(s, " %s=discard:%u", name, r->value); break;
    case 2: sbuf_add(s, " %s=multiple:%u", name, r->value); break;
    default: sbuf_add(s, " %s=format%u:%u", name, r->format, r->value); break;
    }
}

static void
hex(struct sbuf *s, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sbuf_add(s, "%02x", p[i]);
    }
}

static void
rec_text(struct sbuf *s, const struct sflow_dec_sample *smp, const struct sflow_dec_rec *r)
{
    const char *name = smp->is_flow ? sflow_flow_rec_name(r->data_format)
                                    : sflow_counter_rec_name(r->data_format);
    if (!r->known || !name) {
        sbuf_add(s, " unknown_record=%u:%u length=%u", r->data_format >> 12,
                 r->data_format & 0xfff, r->length);
        return;
    }
    sbuf_add(s, " %s", name);
    if (smp->is_flow && r->flow.tag == SFLOW_FLOW_EXT_SWITCH) {
        const struct sflow_extended_switch *x = &r->flow.u.ext_switch;
        sbuf_add(s, " src_vlan=%u src_priority=%u dst_vlan=%u dst_priority=%u", x->src_vlan,
                 x->src_priority, x->dst_vlan, x->dst_priority);
        return;
    }
    if (smp->is_flow) {
        const struct sflow_sampled_header *h = &r->flow.u.header;
        char sum[512];
        sflow_header_summary(h->protocol, h->header, h->header_length, sum, sizeof sum);
        sbuf_add(s, " protocol=%u frame_length=%u stripped=%u header_length=%u header=",
                 h->protocol, h->frame_length, h->stripped, h->header_length);
        hex(s, h->header, h->header_length);
        sbuf_add(s, " [%s]", sum);
        return;
    }
    struct fields fs;
    collect_fields(&fs, &r->ctr);
    for (size_t i = 0; i < fs.n; i++) {
        const struct field *f = &fs.f[i];
        switch (f->kind) {
        case F_U64: sbuf_add(s, " %s=%" PRIu64, f->name, f->u); break;
        case F_FLOAT: sbuf_add(s, " %s=%.3f", f->name, f->d); break;
        case F_STR: sbuf_add(s, " %s=%s", f->name, f->s[0] ? f->s : "\"\""); break;
        }
    }
}

void
sflow_print_text(FILE *f, const char *src, const struct sflow_dgram *d)
{
    char agent[INET6_ADDRSTRLEN];
    sflow_address_to_string(&d->hdr.agent, agent, sizeof agent);
    fprintf(f, "datagram%s%s agent=%s sub_agent=%u seq=%u uptime_ms=%u samples=%u bytes=%zu\n",
            src ? " from=" : "", src ? src : "", agent, d->hdr.sub_agent_id, d->hdr.seq,
            d->hdr.uptime_ms, d->n_samples, d->len);

    char *line = xmalloc(8192);
    for (uint32_t i = 0; i < d->n_samples; i++) {
        const struct sflow_dec_sample *smp = &d->samples[i];
        struct sbuf s = { line, 8192, 0 };
        sbuf_add(&s, "agent=%s seq=%u", agent, d->hdr.seq);
        if (!smp->known) {
            sbuf_add(&s, " unknown_sample=%u:%u length=%u", smp->data_format >> 12,
                     smp->data_format & 0xfff, smp->length);
            fprintf(f, "%s\n", line);
            continue;
        }
        sbuf_add(&s, " %s source=%u:%u sample_seq=%u",
                 sflow_sample_type_name(smp->data_format), smp->ds_class, smp->ds_index,
                 smp->seq);
        if (smp->is_flow) {
            sbuf_add(&s, " rate=%u pool=%u drops=%u", smp->sampling_rate, smp->sample_pool,
                     smp->drops);
            if_ref_text(&s, "in", &smp->input);
            if_ref_text(&s, "out", &smp->output);
        }
        size_t base = s.len;
        if (!smp->n_recs) {
            sbuf_add(&s, " (no records)");
            fprintf(f, "%s\n", line);
        }
        for (uint32_t k = 0; k < smp->n_recs; k++) {
            s.len = base;
            line[base] = '\0';
            rec_text(&s, smp, &smp->recs[k]);
            fprintf(f, "%s\n", line);
        }
    }
    free(line);
}

/* ---- JSON ----------------------------------------------------------------- */

/* JSON numbers have no size limit but jansson's integers are signed 64-bit,
 * so a counter past 2^63 (all ones is the usual "unknown") goes into the tree
 * as a marked string and unmark_u64() writes its exact digits back after
 * dumping. The mark starts with a NUL, which no other string here can hold:
 * strings from the wire end at a NUL and have control bytes replaced. */
#define U64_MARK "\"\\u0000u64:"         /* how jansson dumps the mark */

static json_t *
json_u64(uint64_t v)
{
    if (v <= INT64_MAX) {
        return json_integer((json_int_t) v);
    }
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%cu64:%" PRIu64, '\0', v);
    return json_stringn(buf, (size_t) n);
}

static void
unmark_u64(char *text)
{
    const size_t mlen = strlen(U64_MARK);
    char *w = text;
    for (const char *r = text; *r;) {
        if (!strncmp(r, U64_MARK, mlen)) {
            for (r += mlen; *r >= '0' && *r <= '9';) {
                *w++ = *r++;
            }
            r += *r == '"';
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

static json_t *
if_ref_json(const struct sflow_if_ref *r)
{
    return json_pack("{s:I, s:I}", "format", (json_int_t) r->format,
                     "value", (json_int_t) r->value);
}

static json_t *
rec_json(const struct sflow_dec_sample *smp, const struct sflow_dec_rec *r)
{
    json_t *o = json_object();
    const char *name = smp->is_flow ? sflow_flow_rec_name(r->data_format)
                                    : sflow_counter_rec_name(r->data_format);
    json_object_set_new(o, "enterprise", json_integer(r->data_format >> 12));
    json_object_set_new(o, "format", json_integer(r->data_format & 0xfff));
    json_object_set_new(o, "length", json_integer(r->length));
    if (!r->known || !name) {
        json_object_set_new(o, "type", json_string("unknown"));
        return o;
    }
    json_object_set_new(o, "type", json_string(name));
    if (smp->is_flow && r->flow.tag == SFLOW_FLOW_EXT_SWITCH) {
        const struct sflow_extended_switch *x = &r->flow.u.ext_switch;
        json_object_set_new(o, "src_vlan", json_integer(x->src_vlan));
        json_object_set_new(o, "src_priority", json_integer(x->src_priority));
        json_object_set_new(o, "dst_vlan", json_integer(x->dst_vlan));
        json_object_set_new(o, "dst_priority", json_integer(x->dst_priority));
        return o;
    }
    if (smp->is_flow) {
        const struct sflow_sampled_header *h = &r->flow.u.header;
        char sum[512];
        char *hx = xmalloc(2 * (size_t) h->header_length + 1);
        struct sbuf s = { hx, 2 * (size_t) h->header_length + 1, 0 };
        hx[0] = '\0';
        hex(&s, h->header, h->header_length);
        sflow_header_summary(h->protocol, h->header, h->header_length, sum, sizeof sum);
        json_object_set_new(o, "protocol", json_integer(h->protocol));
        json_object_set_new(o, "frame_length", json_integer(h->frame_length));
        json_object_set_new(o, "stripped", json_integer(h->stripped));
        json_object_set_new(o, "header_length", json_integer(h->header_length));
        json_object_set_new(o, "header", json_string(hx));
        json_object_set_new(o, "decoded", json_string(sum));
        free(hx);
        return o;
    }
    struct fields fs;
    collect_fields(&fs, &r->ctr);
    json_t *adaptors = NULL;
    for (size_t i = 0; i < fs.n; i++) {
        const struct field *f = &fs.f[i];
        json_t *v = f->kind == F_U64 ? json_u64(f->u)
                    : f->kind == F_FLOAT ? json_real(f->d)
                    : json_stringn(f->s, strnlen(f->s, sizeof f->s));
        if (!strcmp(f->name, "adaptor")) {
            if (!adaptors) {
                adaptors = json_array();
                json_object_set_new(o, "adaptor_list", adaptors);
            }
            json_array_append_new(adaptors, v);
        } else {
            json_object_set_new(o, f->name, v);
        }
    }
    return o;
}

void
sflow_print_json(FILE *f, const char *src, const struct sflow_dgram *d)
{
    char agent[INET6_ADDRSTRLEN];
    sflow_address_to_string(&d->hdr.agent, agent, sizeof agent);
    json_t *root = json_object();
    if (src) {
        json_object_set_new(root, "from", json_string(src));
    }
    json_object_set_new(root, "version", json_integer(d->version));
    json_object_set_new(root, "agent", json_string(agent));
    json_object_set_new(root, "sub_agent", json_integer(d->hdr.sub_agent_id));
    json_object_set_new(root, "seq", json_integer(d->hdr.seq));
    json_object_set_new(root, "uptime_ms", json_integer(d->hdr.uptime_ms));
    json_object_set_new(root, "bytes", json_integer((json_int_t) d->len));
    json_t *samples = json_array();
    json_object_set_new(root, "samples", samples);
    for (uint32_t i = 0; i < d->n_samples; i++) {
        const struct sflow_dec_sample *smp = &d->samples[i];
        json_t *o = json_object();
        json_array_append_new(samples, o);
        const char *name = smp->known ? sflow_sample_type_name(smp->data_format) : NULL;
        json_object_set_new(o, "type", json_string(name ? name : "unknown"));
        json_object_set_new(o, "enterprise", json_integer(smp->data_format >> 12));
        json_object_set_new(o, "format", json_integer(smp->data_format & 0xfff));
        json_object_set_new(o, "length", json_integer(smp->length));
        if (!smp->known) {
            continue;
        }
        json_object_set_new(o, "seq", json_integer(smp->seq));
        json_object_set_new(o, "source_class", json_integer(smp->ds_class));
        json_object_set_new(o, "source_index", json_integer(smp->ds_index));
        if (smp->is_flow) {
            json_object_set_new(o, "sampling_rate", json_integer(smp->sampling_rate));
            json_object_set_new(o, "sample_pool", json_integer(smp->sample_pool));
            json_object_set_new(o, "drops", json_integer(smp->drops));
            json_object_set_new(o, "input", if_ref_json(&smp->input));
            json_object_set_new(o, "output", if_ref_json(&smp->output));
        }
        json_t *recs = json_array();
        json_object_set_new(o, "records", recs);
        for (uint32_t k = 0; k < smp->n_recs; k++) {
            json_array_append_new(recs, rec_json(smp, &smp->recs[k]));
        }
    }
    char *text = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (text) {
        unmark_u64(text);
        fprintf(f, "%s\n", text);
        free(text);
    }
    json_decref(root);
}
