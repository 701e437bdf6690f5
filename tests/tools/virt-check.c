/* virt-check: polls a libvirt URI through hsvirt and prints what it got, one
 * line for the node and one per VM data source, as key=value pairs:
 *
 *   virt-check [-t TIMEOUT_MS] [-n POLLS] URI
 *
 * Waits (with hsvirt's own backoff) up to TIMEOUT_MS for a connection; exits
 * 2 if none came. POLLS cycles are run (default 1); only the last is printed
 * unless -a is given. */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "virt/hsvirt.h"
#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"

static bool print_it = true;

static void
print_mac(const uint8_t *m)
{
    printf("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static void
print_sample(void *aux, const struct sflow_counters_sample *s)
{
    if (!print_it) {
        return;
    }
    printf("vm ds=%u:%u", s->ds_class, s->ds_index);
    for (uint32_t i = 0; i < s->n_recs; i++) {
        const struct sflow_counter_rec *r = &s->recs[i];
        switch (r->tag) {
        case SFLOW_CTR_HOST_DESCR: {
            const struct sflow_host_descr *h = &r->u.host_descr;
            const uint8_t *u = h->uuid;
            printf(" name=%s uuid=%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                   "%02x%02x%02x%02x%02x%02x machine_type=%u os_name=%u",
                   h->hostname, u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
                   u[10], u[11], u[12], u[13], u[14], u[15], h->machine_type, h->os_name);
            break;
        }
        case SFLOW_CTR_HOST_ADAPTORS: {
            const struct sflow_host_adaptors *a = &r->u.host_adaptors;
            printf(" macs=");
            for (uint32_t k = 0; k < a->n_adaptors; k++) {
                for (uint32_t m = 0; m < a->adaptors[k].n_macs; m++) {
                    if (k || m) {
                        putchar(',');
                    }
                    print_mac(a->adaptors[k].macs[m]);
                }
            }
            break;
        }
        case SFLOW_CTR_HOST_PARENT:
            printf(" parent=%u:%u", r->u.host_parent.container_type,
                   r->u.host_parent.container_index);
            break;
        case SFLOW_CTR_VIRT_CPU:
            printf(" state=%u cpu_ms=%u vcpus=%u", r->u.virt_cpu.state, r->u.virt_cpu.cpuTime,
                   r->u.virt_cpu.nrVirtCpu);
            break;
        case SFLOW_CTR_VIRT_MEMORY:
            printf(" memory=%llu max_memory=%llu",
                   (unsigned long long) r->u.virt_memory.memory,
                   (unsigned long long) r->u.virt_memory.maxMemory);
            break;
        case SFLOW_CTR_VIRT_DISK_IO: {
            const struct sflow_virt_disk_io *d = &r->u.virt_disk_io;
            printf(" disk_capacity=%llu disk_allocation=%llu disk_available=%llu"
                   " rd_req=%u rd_bytes=%llu wr_req=%u wr_bytes=%llu disk_errs=%u",
                   (unsigned long long) d->capacity, (unsigned long long) d->allocation,
                   (unsigned long long) d->available, d->rd_req,
                   (unsigned long long) d->rd_bytes, d->wr_req,
                   (unsigned long long) d->wr_bytes, d->errs);
            break;
        }
        case SFLOW_CTR_VIRT_NET_IO: {
            const struct sflow_host_net_io *n = &r->u.host_net_io;
            printf(" net_bytes_in=%llu net_pkts_in=%u net_bytes_out=%llu net_pkts_out=%u",
                   (unsigned long long) n->bytes_in, n->pkts_in,
                   (unsigned long long) n->bytes_out, n->pkts_out);
            break;
        }
        default:
            printf(" tag%u", r->tag);
            break;
        }
    }
    putchar('\n');
}

int
main(int argc, char **argv)
{
    long long timeout = 5000;
    unsigned long long polls = 1, v;
    bool all = false;
    int opt;
    while ((opt = getopt(argc, argv, "t:n:a")) != -1) {
        switch (opt) {
        case 't':
            if (!str_to_uint(optarg, 0, 600000, &v)) {
                fprintf(stderr, "virt-check: bad -t %s\n", optarg);
                return 1;
            }
            timeout = (long long) v;
            break;
        case 'n':
            if (!str_to_uint(optarg, 1, 1000000, &polls)) {
                fprintf(stderr, "virt-check: bad -n %s\n", optarg);
                return 1;
            }
            break;
        case 'a':
            all = true;
            break;
        default:
            fprintf(stderr, "usage: virt-check [-t TIMEOUT_MS] [-n POLLS] [-a] URI\n");
            return 1;
        }
    }
    if (optind + 1 != argc) {
        fprintf(stderr, "usage: virt-check [-t TIMEOUT_MS] [-n POLLS] [-a] URI\n");
        return 1;
    }
    log_open("virt-check", false, LOG_INFO);

    struct hsvirt *h = hsvirt_create(argv[optind]);
    long long start = time_msec();
    for (;;) {
        long long now = time_msec();
        hsvirt_run(h, now);
        if (hsvirt_is_connected(h) || now - start >= timeout) {
            break;
        }
        struct poll_loop loop;
        poll_loop_init(&loop);
        hsvirt_wait(h, &loop);
        poll_loop_timer_wait(&loop, start + timeout);
        poll_loop_block(&loop);
    }
    if (!hsvirt_is_connected(h)) {
        fprintf(stderr, "virt-check: not connected after %lld ms\n", timeout);
        hsvirt_destroy(h);
        return 2;
    }

    int rc = 0;
    for (unsigned long long i = 0; i < polls; i++) {
        struct sflow_virt_node node;
        print_it = all || i + 1 == polls;
        int n = hsvirt_poll(h, time_msec(), &node, print_sample, NULL);
        if (n < 0) {
            fprintf(stderr, "virt-check: poll failed\n");
            rc = 1;
            break;
        }
        if (print_it) {
            printf("node mhz=%u cpus=%u memory=%llu memory_free=%llu num_domains=%u\n",
                   node.mhz, node.cpus, (unsigned long long) node.memory,
                   (unsigned long long) node.memory_free, node.num_domains);
        }
    }
    hsvirt_destroy(h);
    return rc;
}
