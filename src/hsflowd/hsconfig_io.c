/* hsconfig_io: the edges of the pure parser in hsconfig.c: reading the file
 * (size-checked) and printing the parsed settings as stable text, one "key
 * value" a line (lists sorted), as `hsflowd -t` prints them and the tests
 * compare them. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hsflowd/hsconfig.h"
#include "hsflowd/hsconfig_io.h"
#include "common/safefile.h"
#include "common/util.h"

bool
hsconfig_read(const char *path, struct hsconfig *out, char **err)
{
    hsconfig_init(out);
    size_t len;
    char *buf = safefile_read(path, HSCONFIG_MAX_FILE, SAFEFILE_FOLLOW, &len, err);
    if (!buf) {
        return false;
    }
    bool ok = hsconfig_parse(path, buf, len, out, err);
    free(buf);
    return ok;
}

static void
append(char **s, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
append(char **s, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line = xvasprintf(fmt, ap);
    va_end(ap);
    size_t n = strlen(line);
    *s = xrealloc(*s, *len + n + 1);
    memcpy(*s + *len, line, n + 1);
    *len += n;
    free(line);
}

static int
kv_cmp(const void *a_, const void *b_)
{
    const struct hsauto_kv *a = a_, *b = b_;
    return strcasecmp(a->name, b->name);
}

static void
append_kvs(char **s, size_t *len, const char *what, const struct hsauto_kv *kv, size_t n)
{
    const struct hsauto_kv **sorted = xcalloc(n ? n : 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++) {
        sorted[i] = &kv[i];
    }
    for (size_t i = 1; i < n; i++) {        /* insertion sort: n <= HSAUTO_MAX_KV */
        for (size_t j = i; j > 0 && kv_cmp(sorted[j - 1], sorted[j]) > 0; j--) {
            const struct hsauto_kv *t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    }
    for (size_t i = 0; i < n; i++) {
        append(s, len, "%s.%s %u\n", what, sorted[i]->name, sorted[i]->value);
    }
    free(sorted);
}

static int
collector_cmp(const void *a_, const void *b_)
{
    const struct hsconfig_collector *a = a_, *b = b_;
    int c = strcasecmp(a->host, b->host);
    c = c ? c : (int) a->port - (int) b->port;
    return c ? c : strcmp(a->dev, b->dev);
}

static void
append_vms(char **s, size_t *len, const char *what, uint32_t refresh, uint32_t forget)
{
    if (refresh) {
        append(s, len, "%srefreshVMs %u\n", what, refresh);
    }
    if (forget) {
        append(s, len, "%sforgetVMs %u\n", what, forget);
    }
}

static const char *
or_dash(const char *s)
{
    return s ? s : "-";
}

/* "pcap dev NAME speed MIN-MAX promisc on|off vport on|off|- sampling N|-". */
static void
append_pcap(char **s, size_t *len, const struct hsconfig_pcap *pc)
{
    char speed[48] = "-", sampling[16] = "-";
    if (pc->speed_set && pc->speed_max == UINT64_MAX) {
        snprintf(speed, sizeof speed, "%llu-", (unsigned long long) pc->speed_min);
    } else if (pc->speed_set) {
        snprintf(speed, sizeof speed, "%llu-%llu", (unsigned long long) pc->speed_min,
                 (unsigned long long) pc->speed_max);
    }
    if (pc->sampling_set) {
        snprintf(sampling, sizeof sampling, "%u", pc->sampling);
    }
    append(s, len, "pcap dev %s speed %s promisc %s vport %s sampling %s\n", or_dash(pc->dev),
           speed, pc->promisc ? "on" : "off",
           pc->vport < 0 ? "-" : pc->vport ? "on" : "off", sampling);
}

char *
hsconfig_format(const struct hsconfig *c)
{
    char *s = xstrdup("");
    size_t len = 0;
    append(&s, &len, "dnssd %s\n", c->dnssd ? "on" : "off");
    append(&s, &len, "dnssd_domain %s\n", or_dash(c->dnssd_domain));
    append(&s, &len, "dnssd_server %s\n", or_dash(c->dnssd_server));
    append(&s, &len, "sampling %u%s\n", c->sampling, c->sampling_set ? "" : " (default)");
    append(&s, &len, "polling %u%s\n", c->polling, c->polling_set ? "" : " (default)");
    append(&s, &len, "headerBytes %u%s\n", c->header_bytes, c->header_set ? "" : " (default)");
    append(&s, &len, "datagramBytes %u\n", c->datagram_bytes);
    append(&s, &len, "subAgentId %u\n", c->sub_agent_id);
    append_kvs(&s, &len, "sampling", c->samplings, c->n_samplings);
    append_kvs(&s, &len, "polling", c->pollings, c->n_pollings);
    append(&s, &len, "agentIP %s\n", or_dash(c->agent_ip));
    append(&s, &len, "agent %s\n", or_dash(c->agent_dev));
    for (size_t i = 0; i < c->n_agent_cidrs; i++) {
        append(&s, &len, "agent.cidr %s\n", c->agent_cidrs[i]);     /* in order */
    }
    if (!c->n_agent_cidrs) {
        append(&s, &len, "agent.cidr -\n");
    }
    if (c->uuid_set) {
        const uint8_t *u = c->uuid;
        append(&s, &len, "uuid %02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
               "%02x%02x%02x%02x%02x%02x\n", u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
               u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    }
    append(&s, &len, "refreshAdaptors %u\n", c->refresh_adaptors);
    append_vms(&s, &len, "", c->refresh_vms, c->forget_vms);
    append_vms(&s, &len, "kvm.", c->kvm_refresh_vms, c->kvm_forget_vms);
    append_vms(&s, &len, "xen.", c->xen_refresh_vms, c->xen_forget_vms);
    struct hsconfig_collector *cs = xcalloc(c->n_collectors ? c->n_collectors : 1, sizeof *cs);
    if (c->n_collectors) {
        memcpy(cs, c->collectors, c->n_collectors * sizeof *cs);
        qsort(cs, c->n_collectors, sizeof *cs, collector_cmp);
    }
    for (size_t i = 0; i < c->n_collectors; i++) {
        append(&s, &len, "collector %s %u%s%s\n", cs[i].host, cs[i].port,
               cs[i].dev[0] ? " dev " : "", cs[i].dev);
    }
    free(cs);
    if (c->ovs) {
        append(&s, &len, "ovs on dbsock %s\n", c->ovs_db ? c->ovs_db : "default");
    } else {
        append(&s, &len, "ovs off\n");
    }
    append(&s, &len, "kvm %s\n", c->kvm ? c->kvm_uri : "off");
    if (c->xen && c->xen_uri) {
        append(&s, &len, "xen %s (through libvirt)\n", c->xen_uri);
    } else if (c->xen) {
        append(&s, &len, "xen direct (libxenctrl.so.4.17, libxenstore.so.4)\n");
    } else {
        append(&s, &len, "xen off\n");
    }
    if (c->pve) {
        append(&s, &len, "pve config %s run %s cgroup %s timeout %u\n", or_dash(c->pve_config),
               or_dash(c->pve_run), or_dash(c->pve_cgroup), c->pve_timeout);
    }
    if (c->nflog) {
        append(&s, &len, "nflog group %u probability %.6g rcvbuf %u\n", c->nflog_group,
               c->nflog_probability, c->nflog_rcvbuf);
    } else {
        append(&s, &len, "nflog off\n");
    }
    for (size_t i = 0; i < c->n_pcaps; i++) {
        append_pcap(&s, &len, &c->pcaps[i]);
    }
    return s;
}
