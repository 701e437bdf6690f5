/* pve-check: runs hspve's polling cycles against a Proxmox-style host and
 * prints the guests of the last one, one line each:
 *
 *   pve-check [-c CONFIG_DIR] [-r RUN_DIR] [-g CGROUP_DIR] [-s SYSROOT]
 *             [-t TIMEOUT_MS] [-n CYCLES]
 *
 *   guest ds=3:101 name=web1 state=1 vcpus=4 cpu_ms=.. memory=.. max=..
 *         rd_bytes=.. rd_req=.. capacity=.. pkts_in=.. pkts_out=.. macs=N
 *
 * Each cycle runs hspve's event loop until every QMP exchange has ended.
 * Exits 1 on bad usage. Used by the benchmark (callgrind). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/log.h"
#include "common/poll_loop.h"
#include "common/util.h"
#include "pve/hspve.h"

static bool print_it;
static unsigned n_guests;

static void
print_guest(void *aux, const struct sflow_counters_sample *s)
{
    (void) aux;
    n_guests++;
    if (!print_it) {
        return;
    }
    const struct sflow_counter_rec *r = s->recs;
    printf("guest ds=%u:%u name=%s state=%u vcpus=%u cpu_ms=%u memory=%llu max=%llu "
           "rd_bytes=%llu rd_req=%u capacity=%llu pkts_in=%u pkts_out=%u macs=%u\n",
           s->ds_class, s->ds_index, r[0].u.host_descr.hostname, r[3].u.virt_cpu.state,
           r[3].u.virt_cpu.nrVirtCpu, r[3].u.virt_cpu.cpuTime,
           (unsigned long long) r[4].u.virt_memory.memory,
           (unsigned long long) r[4].u.virt_memory.maxMemory,
           (unsigned long long) r[5].u.virt_disk_io.rd_bytes, r[5].u.virt_disk_io.rd_req,
           (unsigned long long) r[5].u.virt_disk_io.capacity, r[6].u.host_net_io.pkts_in,
           r[6].u.host_net_io.pkts_out, r[1].u.host_adaptors.n_adaptors);
}

int
main(int argc, char **argv)
{
    struct hspve_options o = { .sysroot = "/" };
    unsigned long long cycles = 1, timeout = 0;
    int ch;
    while ((ch = getopt(argc, argv, "c:r:g:s:t:n:")) != -1) {
        switch (ch) {
        case 'c': o.config_dir = optarg; break;
        case 'r': o.run_dir = optarg; break;
        case 'g': o.cgroup_dir = optarg; break;
        case 's': o.sysroot = optarg; break;
        case 't':
            if (!str_to_uint(optarg, 1, 600000, &timeout)) {
                goto usage;
            }
            break;
        case 'n':
            if (!str_to_uint(optarg, 1, 1000000, &cycles)) {
                goto usage;
            }
            break;
        default:
            goto usage;
        }
    }
    if (optind != argc) {
        goto usage;
    }
    log_open("pve-check", false, LOG_WARNING);
    o.timeout_ms = (long long) timeout;
    struct hspve *p = hspve_create(&o);
    struct hspve_host host = { .cpus = (uint32_t) sysconf(_SC_NPROCESSORS_ONLN) };
    for (unsigned long long i = 0; i < cycles; i++) {
        print_it = i + 1 == cycles;
        n_guests = 0;
        uint32_t running = hspve_poll(p, time_msec(), &host, print_guest, NULL);
        while (hspve_busy(p)) {
            struct poll_loop loop;
            poll_loop_init(&loop);
            hspve_wait(p, &loop);
            poll_loop_block(&loop);
            hspve_run(p, time_msec(), print_guest, NULL);
        }
        if (print_it) {
            printf("cycle running=%u sent=%u\n", running, n_guests);
        }
    }
    hspve_destroy(p);
    return 0;

usage:
    fprintf(stderr, "usage: pve-check [-c CONFIG_DIR] [-r RUN_DIR] [-g CGROUP_DIR] "
                    "[-s SYSROOT] [-t TIMEOUT_MS] [-n CYCLES]\n");
    return 1;
}
