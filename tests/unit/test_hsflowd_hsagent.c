/* The agent driven with injected time over a recorded sysroot: every data
 * source is polled once per interval in its own slot, sequence numbers count
 * up per source, hsflowd.auto is written when (and only when) the settings
 * change, and a reload with a new polling interval takes effect. */
#include <config.h>

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hsflowd/hsagent.h"
#include "common/hsauto.h"
#include "hsflowd/hsconfig.h"
#include "sflow/sflow_dec.h"
#include "common/util.h"
#include "check_run.h"

#define MAX_SOURCES 32

struct tally {                      /* what the collector socket received */
    uint32_t ds_class[MAX_SOURCES], ds_index[MAX_SOURCES];
    unsigned count[MAX_SOURCES];
    uint32_t last_seq[MAX_SOURCES];
    long long first_at[MAX_SOURCES];
    size_t n;
    unsigned datagrams;
};

static int
collector_open(uint16_t *port)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in sin = { .sin_family = AF_INET };
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *) &sin, sizeof sin), 0);
    socklen_t len = sizeof sin;
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *) &sin, &len), 0);
    *port = ntohs(sin.sin_port);
    int big = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    return fd;
}

static void
drain(int fd, struct tally *t, long long now)
{
    uint8_t buf[9000];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
        struct sflow_dgram d;
        struct sflow_dec_error err;
        if (!sflow_decode(buf, (size_t) n, &d, &err)) {
            ck_abort_msg("undecodable datagram: %s at %zu", err.msg, err.offset);
        }
        t->datagrams++;
        for (uint32_t i = 0; i < d.n_samples; i++) {
            const struct sflow_dec_sample *s = &d.samples[i];
            size_t k;
            for (k = 0; k < t->n; k++) {
                if (t->ds_class[k] == s->ds_class && t->ds_index[k] == s->ds_index) {
                    break;
                }
            }
            if (k == t->n) {
                ck_assert_uint_lt(t->n, MAX_SOURCES);
                t->ds_class[k] = s->ds_class;
                t->ds_index[k] = s->ds_index;
                t->first_at[k] = now;
                t->n++;
            }
            t->count[k]++;
            ck_assert_uint_eq(s->seq, t->last_seq[k] + 1);   /* per source, no gaps */
            t->last_seq[k] = s->seq;
        }
        sflow_dgram_free(&d);
    }
}

static void
make_config(struct hsconfig *cfg, unsigned polling, uint16_t port)
{
    char *text = xasprintf("sflow {\n DNSSD = off\n polling = %u\n"
                           " collector { ip = 127.0.0.1 udpport = %u }\n}\n",
                           polling, (unsigned) port);
    char *err = NULL;
    if (!hsconfig_parse("test.conf", text, strlen(text), cfg, &err)) {
        ck_abort_msg("%s", err);
    }
    free(text);
}

static void
run_for(struct hsagent *a, int fd, struct tally *t, long long from, long long to)
{
    for (long long now = from; now < to; now += 50) {
        hsagent_run(a, now);
        drain(fd, t, now);
    }
}

START_TEST(test_agent_schedule)
{
    const char *top = getenv("top_srcdir");
    char *sysroot = xasprintf("%s/tests/data/sysroot-recorded", top ? top : "..");
    char dir[] = "/tmp/hsagent.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *auto_path = xasprintf("%s/hsflowd.auto", dir);

    uint16_t port;
    int fd = collector_open(&port);
    struct hsconfig cfg;
    make_config(&cfg, 10, port);
    struct hsagent_options opts = { .auto_path = auto_path, .sysroot = sysroot };
    long long start = 5000000;
    struct hsagent *a = hsagent_create(&opts, &cfg, start);

    struct hsauto_settings s;
    char *err = NULL;
    ck_assert(hsauto_read(auto_path, &s, &err));
    ck_assert_uint_eq(s.revision, 1);
    ck_assert_uint_eq(s.polling, 10);
    ck_assert_uint_eq(s.n_collectors, 1);
    hsauto_settings_destroy(&s);

    /* Ten intervals: every source exactly ten times. */
    struct tally t;
    memset(&t, 0, sizeof t);
    run_for(a, fd, &t, start, start + 100000);
    ck_assert_uint_ge(t.n, 2);              /* the host and at least one interface */
    bool host = false;
    for (size_t k = 0; k < t.n; k++) {
        ck_assert_uint_eq(t.count[k], 10);
        host |= t.ds_class[k] == 2 && t.ds_index[k] == 1;
        ck_assert(t.ds_class[k] == 2 || t.ds_class[k] == 0);
    }
    ck_assert(host);
    /* Spread: the sources' first polls are not all in the same instant. */
    bool spread = false;
    for (size_t k = 1; k < t.n; k++) {
        spread |= t.first_at[k] != t.first_at[0];
    }
    ck_assert(spread);

    /* The same config again: nothing to write. */
    make_config(&cfg, 10, port);
    hsagent_reconfigure(a, &cfg, start + 100000);
    ck_assert(hsauto_read(auto_path, &s, &err));
    ck_assert_uint_eq(s.revision, 1);
    hsauto_settings_destroy(&s);

    /* Polling 5: revision 2, and twice the samples per source. */
    make_config(&cfg, 5, port);
    hsagent_reconfigure(a, &cfg, start + 100000);
    ck_assert(hsauto_read(auto_path, &s, &err));
    ck_assert_uint_eq(s.revision, 2);
    ck_assert_uint_eq(s.polling, 5);
    ck_assert_uint_eq(hsagent_settings(a)->polling, 5);
    hsauto_settings_destroy(&s);
    struct tally t2;
    memset(&t2, 0, sizeof t2);
    /* Sequence numbers carry on from where they were. */
    memcpy(t2.ds_class, t.ds_class, sizeof t.ds_class);
    memcpy(t2.ds_index, t.ds_index, sizeof t.ds_index);
    memcpy(t2.last_seq, t.last_seq, sizeof t.last_seq);
    t2.n = t.n;
    run_for(a, fd, &t2, start + 100000, start + 150000);
    for (size_t k = 0; k < t2.n; k++) {
        ck_assert_uint_eq(t2.count[k], 10);
        ck_assert_uint_eq(t2.last_seq[k], 20);
    }

    hsagent_destroy(a);
    /* A new agent carries the revision on from the file. */
    make_config(&cfg, 5, port);
    a = hsagent_create(&opts, &cfg, start);
    ck_assert(hsauto_read(auto_path, &s, &err));
    ck_assert_uint_eq(s.revision, 3);
    hsauto_settings_destroy(&s);
    hsagent_destroy(a);

    close(fd);
    unlink(auto_path);
    rmdir(dir);
    free(auto_path);
    free(sysroot);
}
END_TEST

CHECK_MAIN(
    .name = "hsagent",
    .timeout = 30,
    .tests = CHECK_TESTS(test_agent_schedule))
