/* iftable-check: the rtnetlink interface table against what the kernel
 * shows in /proc/net/dev and /sys/class/net, in the caller's namespace.
 *
 *   iftable-check compare ROUNDS
 *       ROUNDS times, 20 ms apart: /proc/net/dev (A), one counters dump (N),
 *       /proc/net/dev again (B). The dump must hold every interface of /proc/net/dev but
 *       loopback and nothing else, and every counter must be A <= N <= B.
 *       The same for the records hsflowd sends: the live path (table) and
 *       the file path (/sys/class/net, /proc/net/dev) must agree on the
 *       interfaces, their ifIndex, type, speed, direction, status and
 *       promiscuous mode, with counters between the two file reads.
 *   iftable-check addrs
 *       The addresses of one RTM_GETADDR dump (rtaddr.h, what hsflowd chooses
 *       its agent address from) against getifaddrs(3): the same interface
 *       names, families, addresses and up/loopback flags, with the names
 *       asked of the kernel and taken from the interface table.
 *   iftable-check burst RCVBUF TIMEOUT_S
 *       Builds the table with a RCVBUF-byte notification buffer, prints
 *       "ready", waits for a line on stdin (the caller changes many links
 *       meanwhile, so the buffer overruns), then runs the table until it
 *       holds what /sys/class/net holds; prints links, dumps and overruns.
 *
 * Exit 0 when all agrees, 1 (with the reason on stderr) when not. */
#include <config.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/poll_loop.h"
#include "common/util.h"
#include "counters/counters.h"
#include "counters/counters_netdev.h"
#include "counters/counters_scan.h"
#include "netlink/iftable.h"
#include "netlink/rtaddr.h"

#define MAX_DEV 4096

struct netdev_list {
    struct hsc_netdev d[MAX_DEV];
    size_t n;
};

static bool
read_proc_netdev(struct netdev_list *l)
{
    static char buf[1 << 20];
    FILE *f = fopen("/proc/net/dev", "r");
    if (!f) {
        return false;
    }
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    l->n = 0;
    for (const char *p = buf; *p && l->n < MAX_DEV; p = hsc_next_line(p)) {
        if (hsc_parse_netdev_line(p, &l->d[l->n]) && strcmp(l->d[l->n].name, "lo")) {
            l->n++;
        }
    }
    return true;
}

static const struct hsc_netdev *
find_dev(const struct netdev_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++) {
        if (!strcmp(l->d[i].name, name)) {
            return &l->d[i];
        }
    }
    return NULL;
}

static int failures;

static void
between(const char *what, const char *name, uint64_t a, uint64_t n, uint64_t b)
{
    if (a > n || n > b) {
        fprintf(stderr, "iftable-check: %s %s: %llu not within [%llu, %llu]\n", name, what,
                (unsigned long long) n, (unsigned long long) a, (unsigned long long) b);
        failures++;
    }
}

static void
compare_stats(struct iftable *t, const struct netdev_list *a, const struct netdev_list *b)
{
    if (iftable_count(t) != a->n || a->n != b->n) {
        fprintf(stderr, "iftable-check: %zu links in the table, %zu and %zu in /proc/net/dev\n",
                iftable_count(t), a->n, b->n);
        failures++;
    }
    for (size_t i = 0; i < iftable_count(t); i++) {
        const struct iftable_entry *e = iftable_at(t, i);
        const struct hsc_netdev *da = find_dev(a, e->link.name);
        const struct hsc_netdev *db = find_dev(b, e->link.name);
        if (!da || !db || !e->have_stats) {
            fprintf(stderr, "iftable-check: %s: in the table, not in /proc/net/dev or no counters\n",
                    e->link.name);
            failures++;
            continue;
        }
        if (iftable_find_name(t, e->link.name) != e
            || iftable_find_index(t, e->link.ifindex) != e) {
            fprintf(stderr, "iftable-check: %s: lookups by name and ifindex disagree\n",
                    e->link.name);
            failures++;
        }
        const struct rtlink_stats *s = &e->stats;
#define BETWEEN(F, G) between(#G, e->link.name, da->G, s->F, db->G)
        BETWEEN(rx_bytes, rx_bytes);
        BETWEEN(rx_packets, rx_packets);
        BETWEEN(rx_errors, rx_errs);
        BETWEEN(rx_dropped, rx_drop);
        BETWEEN(rx_fifo, rx_fifo);
        BETWEEN(rx_frame, rx_frame);
        BETWEEN(rx_compressed, rx_compressed);
        BETWEEN(multicast, rx_multicast);
        BETWEEN(tx_bytes, tx_bytes);
        BETWEEN(tx_packets, tx_packets);
        BETWEEN(tx_errors, tx_errs);
        BETWEEN(tx_dropped, tx_drop);
        BETWEEN(tx_fifo, tx_fifo);
        BETWEEN(collisions, tx_colls);
        BETWEEN(tx_carrier, tx_carrier);
        BETWEEN(tx_compressed, tx_compressed);
#undef BETWEEN
    }
}

static const struct sflow_if_counters *
find_rec(const struct sflow_counter_rec *r, size_t n, uint32_t ifindex)
{
    for (size_t i = 0; i < n; i++) {
        if (r[i].u.generic.ifIndex == ifindex) {
            return &r[i].u.generic;
        }
    }
    return NULL;
}

static void
compare_records(const struct sflow_counter_rec *a, size_t na, const struct sflow_counter_rec *n,
                size_t nn, const struct sflow_counter_rec *b, size_t nb)
{
    if (na != nn || nn != nb) {
        fprintf(stderr, "iftable-check: %zu interface records from the table, %zu and %zu from the files\n",
                nn, na, nb);
        failures++;
    }
    for (size_t i = 0; i < nn; i++) {
        const struct sflow_if_counters *x = &n[i].u.generic;
        const struct sflow_if_counters *p = find_rec(a, na, x->ifIndex);
        const struct sflow_if_counters *q = find_rec(b, nb, x->ifIndex);
        char name[32];
        snprintf(name, sizeof name, "ifIndex %u", x->ifIndex);
        if (!p || !q) {
            fprintf(stderr, "iftable-check: %s: a record from the table only\n", name);
            failures++;
            continue;
        }
        if (x->ifType != p->ifType || x->ifSpeed != p->ifSpeed
            || x->ifDirection != p->ifDirection || x->ifStatus != p->ifStatus
            || x->ifPromiscuousMode != p->ifPromiscuousMode) {
            fprintf(stderr, "iftable-check: %s: type/speed/direction/status/promisc "
                    "%u/%llu/%u/%u/%u from the table, %u/%llu/%u/%u/%u from sysfs\n", name,
                    x->ifType, (unsigned long long) x->ifSpeed, x->ifDirection, x->ifStatus,
                    x->ifPromiscuousMode, p->ifType, (unsigned long long) p->ifSpeed,
                    p->ifDirection, p->ifStatus, p->ifPromiscuousMode);
            failures++;
        }
        between("ifInOctets", name, p->ifInOctets, x->ifInOctets, q->ifInOctets);
        between("ifOutOctets", name, p->ifOutOctets, x->ifOutOctets, q->ifOutOctets);
        between("ifInUcastPkts", name, p->ifInUcastPkts, x->ifInUcastPkts, q->ifInUcastPkts);
        between("ifOutUcastPkts", name, p->ifOutUcastPkts, x->ifOutUcastPkts, q->ifOutUcastPkts);
    }
}

static int
compare(unsigned rounds)
{
    char *err = NULL;
    struct hscounters *live = hscounters_create("/");
    struct hscounters *files = hscounters_create("/");
    struct iftable_options o = { .speed_fn = hscounters_link_speed, .speed_aux = live };
    struct iftable *t = iftable_create(&o, &err);
    if (!t) {
        fprintf(stderr, "iftable-check: %s\n", err);
        return 1;
    }
    hscounters_set_iftable(live, t);
    static struct netdev_list a, b;
    static struct sflow_counter_rec ra[256], rn[256], rb[256];
    for (unsigned k = 0; k < rounds; k++) {
        size_t na = hscounters_interfaces(files, ra, 256);
        if (!read_proc_netdev(&a)) {
            fprintf(stderr, "iftable-check: /proc/net/dev: %s\n", strerror(errno));
            return 1;
        }
        iftable_run(t, time_msec());
        hscounters_set_cycle(live, k);
        size_t nn = hscounters_interfaces(live, rn, 256);
        read_proc_netdev(&b);
        size_t nb = hscounters_interfaces(files, rb, 256);
        compare_stats(t, &a, &b);
        compare_records(ra, na, rn, nn, rb, nb);
        struct timespec pause = { 0, 20 * 1000 * 1000 };   /* let traffic flow */
        nanosleep(&pause, NULL);
        if (k + 1 == rounds) {
            uint64_t bytes = 0;
            for (size_t i = 0; i < iftable_count(t); i++) {
                bytes += iftable_at(t, i)->stats.rx_bytes;
            }
            printf("compare: %u rounds, %zu links, %zu interface records, %llu bytes received, "
                   "%d disagreements\n", rounds, iftable_count(t), nn,
                   (unsigned long long) bytes, failures);
        }
    }
    iftable_destroy(t);
    hscounters_destroy(live);
    hscounters_destroy(files);
    return failures ? 1 : 0;
}

/* One address as "name family address up loopback", for comparing. */
static void
addr_line(char *out, size_t size, const char *name, int family, const void *addr,
          unsigned flags)
{
    char text[INET6_ADDRSTRLEN];
    inet_ntop(family, addr, text, sizeof text);
    snprintf(out, size, "%s %d %s %d %d", name, family, text, !!(flags & IFF_UP),
             !!(flags & IFF_LOOPBACK));
}

static int
addrs_with(const struct iftable *t)
{
    struct rtaddr *a;
    size_t n;
    struct ifaddrs *ifa;
    if (!rtaddr_list(t, &a, &n) || getifaddrs(&ifa) < 0) {
        fprintf(stderr, "iftable-check: %s\n", strerror(errno));
        return 1;
    }
    size_t m = 0;
    for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
        if (!i->ifa_addr || (i->ifa_addr->sa_family != AF_INET
                             && i->ifa_addr->sa_family != AF_INET6)) {
            continue;
        }
        const void *p = i->ifa_addr->sa_family == AF_INET
            ? (const void *) &((const struct sockaddr_in *) (const void *) i->ifa_addr)->sin_addr
            : (const void *) &((const struct sockaddr_in6 *) (const void *) i->ifa_addr)->sin6_addr;
        char want[128];
        addr_line(want, sizeof want, i->ifa_name, i->ifa_addr->sa_family, p, i->ifa_flags);
        bool found = false;
        for (size_t k = 0; k < n && !found; k++) {
            char got[128];
            addr_line(got, sizeof got, a[k].ifname, a[k].a.family, a[k].a.addr, a[k].flags);
            found = !strcmp(got, want);
        }
        if (!found) {
            fprintf(stderr, "iftable-check: getifaddrs has %s, the dump does not\n", want);
            failures++;
        }
        m++;
    }
    freeifaddrs(ifa);
    if (m != n) {
        fprintf(stderr, "iftable-check: %zu addresses from the dump, %zu from getifaddrs\n", n, m);
        failures++;
    }
    printf("addrs: %zu addresses, names %s, %d disagreements\n", n,
           t ? "from the table" : "asked", failures);
    free(a);
    return failures ? 1 : 0;
}

/* Both ways of naming the interfaces. */
static int
addrs(void)
{
    char *err = NULL;
    struct iftable *t = iftable_create(NULL, &err);
    if (!t) {
        fprintf(stderr, "iftable-check: %s\n", err);
        return 1;
    }
    int r = addrs_with(NULL) | addrs_with(t);
    iftable_destroy(t);
    return r;
}

static size_t
sysfs_links(void)
{
    DIR *d = opendir("/sys/class/net");
    size_t n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        n += de->d_name[0] != '.' && strcmp(de->d_name, "lo");
    }
    if (d) {
        closedir(d);
    }
    return n;
}

static int
burst(int rcvbuf, unsigned timeout_s)
{
    char *err = NULL;
    struct iftable_options o = { .rcvbuf = rcvbuf };
    struct iftable *t = iftable_create(&o, &err);
    if (!t) {
        fprintf(stderr, "iftable-check: %s\n", err);
        return 1;
    }
    printf("ready %zu\n", iftable_count(t));
    fflush(stdout);
    char line[64];
    if (!fgets(line, sizeof line, stdin)) {
        fprintf(stderr, "iftable-check: no go on stdin\n");
        return 1;
    }
    long long end = time_msec() + timeout_s * 1000LL;
    uint64_t dumps, overruns;
    size_t want = sysfs_links();
    while (time_msec() < end) {
        iftable_run(t, time_msec());
        iftable_counts(t, &dumps, &overruns);
        if (iftable_count(t) == want && dumps > 1) {
            /* Settled: nothing more pending within 200 ms. */
            struct poll_loop loop;
            poll_loop_init(&loop);
            iftable_wait(t, &loop);
            poll_loop_timer_wait(&loop, time_msec() + 200);
            poll_loop_block(&loop);
            iftable_run(t, time_msec());
            want = sysfs_links();
            if (iftable_count(t) == want) {
                iftable_counts(t, &dumps, &overruns);
                printf("burst: %zu links, %llu dumps, %llu overruns\n", iftable_count(t),
                       (unsigned long long) dumps, (unsigned long long) overruns);
                iftable_destroy(t);
                return 0;
            }
            continue;
        }
        struct poll_loop loop;
        poll_loop_init(&loop);
        iftable_wait(t, &loop);
        poll_loop_timer_wait(&loop, time_msec() + 100);
        poll_loop_block(&loop);
        want = sysfs_links();
    }
    iftable_counts(t, &dumps, &overruns);
    fprintf(stderr, "iftable-check: after %u s: %zu links in the table, %zu in sysfs, "
            "%llu dumps, %llu overruns\n", timeout_s, iftable_count(t), sysfs_links(),
            (unsigned long long) dumps, (unsigned long long) overruns);
    iftable_destroy(t);
    return 1;
}

int
main(int argc, char *argv[])
{
    unsigned long long a, b;
    if (argc == 3 && !strcmp(argv[1], "compare") && str_to_uint(argv[2], 1, 100000, &a)) {
        return compare((unsigned) a);
    }
    if (argc == 2 && !strcmp(argv[1], "addrs")) {
        return addrs();
    }
    if (argc == 4 && !strcmp(argv[1], "burst") && str_to_uint(argv[2], 1, 1 << 30, &a)
        && str_to_uint(argv[3], 1, 3600, &b)) {
        return burst((int) a, (unsigned) b);
    }
    fprintf(stderr, "usage: iftable-check compare ROUNDS | addrs | burst RCVBUF TIMEOUT_S\n");
    return 2;
}
