/* Unit tests for hsvirt: the reconnect state machine driven with an injected
 * clock, and polling cycles through libvirt's test driver (no daemon). */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virt/hsvirt.c"
#include "virt/virt_domain.c"
#include "sflow/sflow_enc.h"
#include "check_run.h"

static char *
node_uri(void)
{
    const char *top = getenv("top_srcdir");
    char *abs = realpath(top ? top : ".", NULL);
    ck_assert_ptr_nonnull(abs);
    char *uri = xasprintf("test://%s/tests/data/virt-node.xml", abs);
    free(abs);
    return uri;
}

/* What a poll emitted, by data source index. */
struct seen {
    int n;
    uint32_t index[64];
    char name[64][SFLOW_HOSTNAME_MAX + 1];
    uint32_t vcpus[64];
    uint32_t n_adaptors[64];
};

static void
collect(void *aux, const struct sflow_counters_sample *s)
{
    struct seen *seen = aux;
    ck_assert_int_lt(seen->n, 64);
    ck_assert_uint_eq(s->ds_class, SFLOW_DS_VM);
    ck_assert_uint_eq(s->n_recs, 7);
    int i = seen->n++;
    seen->index[i] = s->ds_index;

    /* Every sample must encode: valid tags, bounded strings and arrays. */
    uint8_t buf[SFLOW_DEFAULT_DATAGRAM];
    struct xdr_buf b;
    xdr_init(&b, buf, sizeof buf);
    ck_assert(sflow_encode_counters_sample(&b, s, false));
    ck_assert(!b.overflow);
    for (uint32_t r = 0; r < s->n_recs; r++) {
        const struct sflow_counter_rec *rec = &s->recs[r];
        if (rec->tag == SFLOW_CTR_HOST_DESCR) {
            strcpy(seen->name[i], rec->u.host_descr.hostname);
        } else if (rec->tag == SFLOW_CTR_VIRT_CPU) {
            seen->vcpus[i] = rec->u.virt_cpu.nrVirtCpu;
        } else if (rec->tag == SFLOW_CTR_HOST_ADAPTORS) {
            seen->n_adaptors[i] = rec->u.host_adaptors.n_adaptors;
        } else if (rec->tag == SFLOW_CTR_HOST_PARENT) {
            ck_assert_uint_eq(rec->u.host_parent.container_type, 2);
            ck_assert_uint_eq(rec->u.host_parent.container_index, 1);
        }
    }
}

static int
find(const struct seen *seen, const char *name)
{
    for (int i = 0; i < seen->n; i++) {
        if (!strcmp(seen->name[i], name)) {
            return i;
        }
    }
    return -1;
}

START_TEST(test_bad_uri_backoff)
{
    struct hsvirt *v = hsvirt_create("test:///nonexistent/dir/node.xml");
    struct sflow_virt_node node;
    memset(&node, 0xa5, sizeof node);
    struct sflow_virt_node before = node;
    struct seen seen = { 0 };

    long long now = 5000;
    hsvirt_run(v, now);
    ck_assert(!hsvirt_is_connected(v));
    ck_assert_uint_eq(v->failures, 1);
    ck_assert_int_eq(hsvirt_poll(v, now, &node, collect, &seen), -1);
    ck_assert(!memcmp(&node, &before, sizeof node));
    ck_assert_int_eq(seen.n, 0);

    /* The waits double from the minimum up to the cap, and no attempt is
     * made before each is due. */
    long long expect = HSVIRT_BACKOFF_MIN_MS;
    for (int i = 0; i < 12; i++) {
        ck_assert_int_eq(v->retry_at, now + expect);
        struct poll_loop loop;
        poll_loop_init(&loop);
        hsvirt_wait(v, &loop);
        ck_assert_int_eq(loop.deadline, v->retry_at);

        unsigned int failures = v->failures;
        hsvirt_run(v, v->retry_at - 1);
        ck_assert_uint_eq(v->failures, failures);
        now = v->retry_at;
        hsvirt_run(v, now);
        ck_assert_uint_eq(v->failures, failures + 1);
        expect = expect * 2 > HSVIRT_BACKOFF_MAX_MS ? HSVIRT_BACKOFF_MAX_MS : expect * 2;
    }
    ck_assert_int_eq(v->retry_at - now, HSVIRT_BACKOFF_MAX_MS);
    hsvirt_destroy(v);
}
END_TEST

START_TEST(test_poll_node)
{
    char *uri = node_uri();
    struct hsvirt *v = hsvirt_create(uri);
    hsvirt_run(v, 0);
    ck_assert(hsvirt_is_connected(v));
    struct poll_loop loop;
    poll_loop_init(&loop);
    hsvirt_wait(v, &loop);
    ck_assert_int_eq(loop.deadline, LLONG_MAX);

    struct sflow_virt_node node;
    struct seen seen = { 0 };
    ck_assert_int_eq(hsvirt_poll(v, 0, &node, collect, &seen), 3);
    ck_assert_uint_eq(node.num_domains, 3);
    ck_assert_uint_eq(node.cpus, 12);
    ck_assert_uint_eq(node.mhz, 2600);
    ck_assert_uint_eq(node.memory, 33554432ULL * 1024);
    ck_assert_int_eq(seen.n, 3);

    int web = find(&seen, "web1"), db = find(&seen, "db1"), cache = find(&seen, "cache1");
    ck_assert_int_ge(web, 0);
    ck_assert_int_ge(db, 0);
    ck_assert_int_ge(cache, 0);
    ck_assert_int_lt(find(&seen, "off1"), 0);
    ck_assert_uint_eq(seen.vcpus[web], 2);
    ck_assert_uint_eq(seen.vcpus[db], 4);
    ck_assert_uint_eq(seen.n_adaptors[cache], 3);

    /* The same indices on the next poll and from a fresh connection. */
    struct seen again = { 0 };
    hsvirt_destroy(v);
    v = hsvirt_create(uri);
    hsvirt_run(v, 0);
    ck_assert_int_eq(hsvirt_poll(v, 0, &node, collect, &again), 3);
    for (int i = 0; i < seen.n; i++) {
        int j = find(&again, seen.name[i]);
        ck_assert_int_ge(j, 0);
        ck_assert_uint_eq(again.index[j], seen.index[i]);
        for (int k = 0; k < i; k++) {
            ck_assert_uint_ne(seen.index[k], seen.index[i]);
        }
    }
    hsvirt_destroy(v);
    free(uri);
}
END_TEST

START_TEST(test_dropped_reconnects)
{
    char *uri = node_uri();
    struct hsvirt *v = hsvirt_create(uri);
    hsvirt_run(v, 100);
    ck_assert(hsvirt_is_connected(v));

    hsvirt_dropped(v, 200);
    ck_assert(!hsvirt_is_connected(v));
    ck_assert_ptr_null(v->conn);
    struct sflow_virt_node node;
    struct seen seen = { 0 };
    ck_assert_int_eq(hsvirt_poll(v, 250, &node, collect, &seen), -1);
    hsvirt_run(v, 200 + HSVIRT_BACKOFF_MIN_MS - 1);
    ck_assert(!hsvirt_is_connected(v));
    hsvirt_run(v, 200 + HSVIRT_BACKOFF_MIN_MS);
    ck_assert(hsvirt_is_connected(v));
    ck_assert_int_eq(hsvirt_poll(v, 1300, &node, collect, &seen), 3);
    hsvirt_destroy(v);
    free(uri);
}
END_TEST

static const char new_domain_xml[] =
    "<domain type='test'><name>late1</name>"
    "<uuid>3f2504e0-4f89-41d3-9a0c-0305e82c3301</uuid>"
    "<memory>65536</memory><vcpu>3</vcpu><os><type>hvm</type></os>"
    "<devices><interface type='network'><mac address='52:54:00:1a:7e:01'/>"
    "<source network='default'/></interface></devices></domain>";

START_TEST(test_domains_come_and_go)
{
    /* test:///default is one shared instance per process: a second,
     * read-write connection changes what hsvirt sees. */
    struct hsvirt *v = hsvirt_create("test:///default");
    hsvirt_run(v, 0);
    ck_assert(hsvirt_is_connected(v));
    virConnectPtr rw = virConnectOpen("test:///default");
    ck_assert_ptr_nonnull(rw);

    struct sflow_virt_node node;
    struct seen s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
    int n1 = hsvirt_poll(v, 0, &node, collect, &s1);
    ck_assert_int_ge(n1, 0);
    ck_assert_int_eq(s1.n, n1);
    ck_assert_int_lt(find(&s1, "late1"), 0);

    virDomainPtr d = virDomainCreateXML(rw, new_domain_xml, 0);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(hsvirt_poll(v, 1, &node, collect, &s2), n1 + 1);
    ck_assert_uint_eq(node.num_domains, (uint32_t) n1 + 1);
    int j = find(&s2, "late1");
    ck_assert_int_ge(j, 0);
    ck_assert_uint_eq(s2.vcpus[j], 3);
    ck_assert_uint_eq(s2.n_adaptors[j], 1);

    ck_assert_int_eq(virDomainDestroy(d), 0);
    virDomainFree(d);
    ck_assert_int_eq(hsvirt_poll(v, 2, &node, collect, &s3), n1);
    ck_assert_int_lt(find(&s3, "late1"), 0);
    virConnectClose(rw);
    hsvirt_destroy(v);
}
END_TEST

START_TEST(test_failing_device_counts_zero)
{
    /* A disk or interface the domain does not have fails in libvirt: it
     * adds nothing, the others still count, and it is logged once. */
    char *uri = node_uri();
    virConnectPtr c = virConnectOpenReadOnly(uri);
    ck_assert_ptr_nonnull(c);
    virDomainPtr dom = virDomainLookupByName(c, "web1");
    ck_assert_ptr_nonnull(dom);
    struct logonce lo = { 0 };

    struct virt_xml_domain one = { 0 };
    one.n_disks = 1;
    strcpy(one.disks[0].dev, "vda");
    one.n_ifaces = 1;
    ck_assert(virt_xml_parse_mac("52:54:00:6a:01:01", one.ifaces[0].mac));
    one.ifaces[0].has_mac = true;
    struct sflow_virt_disk_io d1;
    struct sflow_host_net_io n1;
    read_disks(dom, &one, &lo, "u", "web1", &d1);
    read_ifaces(dom, &one, &lo, "u", "web1", &n1);
    ck_assert_uint_gt(d1.capacity, 0);
    ck_assert_uint_gt(n1.pkts_in, 0);
    ck_assert_uint_eq(lo.n, 0);

    struct virt_xml_domain bad = one;
    bad.n_disks = 3;
    strcpy(bad.disks[1].dev, "vdz");
    strcpy(bad.disks[2].dev, "vda");
    bad.n_ifaces = 2;
    ck_assert(virt_xml_parse_mac("02:00:00:00:00:01", bad.ifaces[1].mac));
    bad.ifaces[1].has_mac = true;
    struct sflow_virt_disk_io d2;
    struct sflow_host_net_io n2;
    for (int round = 0; round < 3; round++) {
        read_disks(dom, &bad, &lo, "u", "web1", &d2);
        read_ifaces(dom, &bad, &lo, "u", "web1", &n2);
        /* disk info and disk stats for vdz, and the unknown interface */
        ck_assert_uint_eq(lo.n, 3);
    }
    ck_assert_uint_eq(d2.capacity, 2 * d1.capacity);
    ck_assert_uint_eq(d2.allocation, 2 * d1.allocation);
    ck_assert_uint_gt(n2.bytes_in, 0);
    ck_assert_uint_ge(n2.bytes_in, n1.bytes_in);

    logonce_destroy(&lo);
    virDomainFree(dom);
    virConnectClose(c);
    free(uri);
}
END_TEST

START_TEST(test_vanished_domain_is_skipped)
{
    /* A domain that goes away between listing and reading fails in
     * libvirt: virt_domain_read() says so and emits nothing for it. */
    virConnectPtr rw = virConnectOpen("test:///default");
    ck_assert_ptr_nonnull(rw);
    virDomainPtr d = virDomainCreateXML(rw, new_domain_xml, 0);
    ck_assert_ptr_nonnull(d);
    struct virt_domain_sample out;
    struct logonce lo = { 0 };
    ck_assert(virt_domain_read(d, 7, &lo, &out));
    ck_assert_uint_eq(out.guest.sample.ds_index, 7);
    ck_assert_str_eq(out.guest.recs[0].u.host_descr.hostname, "late1");

    ck_assert_int_eq(virDomainDestroy(d), 0);
    ck_assert(!virt_domain_read(d, 7, &lo, &out));
    virDomainFree(d);
    logonce_destroy(&lo);
    virConnectClose(rw);
}
END_TEST

/* refreshVMs: the domain list is read once per REFRESH_MS, so a domain that
 * starts shows at the next refresh; forgetVMs: a domain that went away
 * keeps its UUID (and so its index) reserved for FORGET_MS. */
START_TEST(test_refresh_and_forget)
{
    struct hsvirt *v = hsvirt_create("test:///default");
    hsvirt_set_timers(v, 60000, 120000);
    hsvirt_run(v, 0);
    ck_assert(hsvirt_is_connected(v));
    virConnectPtr rw = virConnectOpen("test:///default");
    ck_assert_ptr_nonnull(rw);
    struct sflow_virt_node node;
    struct seen s1 = { 0 }, s2 = { 0 }, s3 = { 0 }, s4 = { 0 };
    int n1 = hsvirt_poll(v, 1000, &node, collect, &s1);
    ck_assert_int_ge(n1, 0);
    ck_assert_uint_eq(v->lists, 1);
    size_t known = v->memory.n;

    virDomainPtr d = virDomainCreateXML(rw, new_domain_xml, 0);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(hsvirt_poll(v, 30000, &node, collect, &s2), n1);   /* not yet */
    ck_assert_uint_eq(v->lists, 1);
    ck_assert_int_eq(hsvirt_poll(v, 61000, &node, collect, &s3), n1 + 1);
    ck_assert_uint_eq(v->lists, 2);
    int j = find(&s3, "late1");
    ck_assert_int_ge(j, 0);
    ck_assert_uint_eq(v->memory.n, known + 1);

    /* Gone: the kept list fails to read it and is read again next time; its
     * UUID stays remembered until FORGET_MS after it was last listed. */
    ck_assert_int_eq(virDomainDestroy(d), 0);
    virDomainFree(d);
    hsvirt_poll(v, 62000, &node, collect, &s4);
    ck_assert_int_eq(hsvirt_poll(v, 63000, &node, collect, &s4), n1);
    ck_assert_uint_eq(v->memory.n, known + 1);
    ck_assert_int_eq(hsvirt_poll(v, 61000 + 120000, &node, collect, &s4), n1);
    ck_assert_uint_eq(v->memory.n, known + 1);          /* exactly FORGET_MS: kept */
    ck_assert_int_eq(hsvirt_poll(v, 61001 + 120000 + 60000, &node, collect, &s4), n1);
    ck_assert_uint_eq(v->memory.n, known);              /* past it: forgotten */
    virConnectClose(rw);
    hsvirt_destroy(v);
}
END_TEST

int
main(void)
{
    log_open("test_virt_hsvirt", false, LOG_WARNING);
    const char *err;
    if (!virt_dl_load(&err)) {
        fprintf(stderr, "cannot load libvirt: %s\n", err);
        return EXIT_FAILURE;
    }
    return check_main(&(struct check_spec) {
        .name = "virt_conn",
        .tests = CHECK_TESTS(test_bad_uri_backoff, test_poll_node, test_dropped_reconnects,
                             test_domains_come_and_go, test_failing_device_counts_zero,
                             test_vanished_domain_is_skipped, test_refresh_and_forget),
    });
}
