/* bench_sflow: figures for the sFlow wire code (not a test; nothing is
 * asserted). Prints the packer's encode rate for counter and flow samples,
 * the decoder's rate over the datagrams it produced, and the text / JSON
 * printers' rate.
 *
 *   bench_sflow [SECONDS_PER_FIGURE]      (default 1) */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sflow/sflow_pack.h"
#include "sflow/sflow_dec.h"
#include "sflowdump/sflow_print.h"
#include "common/util.h"

#define MAX_KEEP 64

static uint8_t kept[MAX_KEEP][SFLOW_DEFAULT_DATAGRAM];
static size_t kept_len[MAX_KEEP];
static unsigned long n_emitted;
static unsigned long long bytes_emitted;

static void
emit(void *ctx, const uint8_t *data, size_t len)
{
    (void) ctx;
    if (n_emitted < MAX_KEEP) {
        memcpy(kept[n_emitted], data, len);
        kept_len[n_emitted] = len;
    }
    n_emitted++;
    bytes_emitted += len;
}

static const uint8_t frame[128] = { 0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00, 0x45 };

int
main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 1.0;
    long long budget = (long long) (secs * 1000);
    struct sflow_address agent = { .family = AF_INET, .bytes = { 10, 0, 0, 1 } };
    struct sflow_packer *p = sflow_packer_create(&agent, 0, SFLOW_DEFAULT_DATAGRAM, emit, NULL);

    /* Counter samples as hsflowd sends for the host: 6 records, ~400 bytes. */
    struct sflow_counter_rec recs[6];
    memset(recs, 0, sizeof recs);
    uint32_t tags[] = { SFLOW_CTR_HOST_CPU, SFLOW_CTR_HOST_MEMORY, SFLOW_CTR_HOST_DISK_IO,
                        SFLOW_CTR_HOST_NET_IO, SFLOW_CTR_MIB2_IP, SFLOW_CTR_MIB2_TCP };
    for (int i = 0; i < 6; i++) {
        recs[i].tag = tags[i];
    }
    struct sflow_counters_sample cs = { .ds_class = 2, .ds_index = 1, .n_recs = 6, .recs = recs };
    long long t0 = time_msec(), n = 0;
    while (time_msec() - t0 < budget) {
        for (int i = 0; i < 1000; i++, n++) {
            cs.ds_index = (uint32_t) (n % 100);
            sflow_packer_add_counters(p, &cs, 1);
        }
    }
    double dt = (double) (time_msec() - t0) / 1000;
    printf("encode counters (6 records): %.0f samples/s, %.1f MB/s of datagrams\n",
           (double) n / dt, (double) bytes_emitted / dt / 1e6);

    /* Flow samples with a 128-byte header. */
    struct sflow_flow_rec fr = { .tag = SFLOW_FLOW_HEADER };
    fr.u.header = (struct sflow_sampled_header) { .protocol = 1, .frame_length = 1500,
                                                   .header_length = 128, .header = frame };
    struct sflow_flow_sample fs = { .ds_index = 5, .sampling_rate = 400, .n_recs = 1,
                                    .recs = &fr };
    bytes_emitted = 0;
    t0 = time_msec();
    n = 0;
    while (time_msec() - t0 < budget) {
        for (int i = 0; i < 1000; i++, n++) {
            sflow_packer_add_flow(p, &fs, 1);
        }
    }
    dt = (double) (time_msec() - t0) / 1000;
    printf("encode flow samples (128-byte header): %.0f samples/s, %.1f MB/s\n",
           (double) n / dt, (double) bytes_emitted / dt / 1e6);
    sflow_packer_destroy(p);

    /* Decoding and printing the datagrams kept above. */
    int kinds[3] = { 0, 1, 2 };
    const char *names[3] = { "decode", "decode + text", "decode + JSON" };
    FILE *null = fopen("/dev/null", "w");
    if (!null) {
        return 1;
    }
    unsigned long keep = n_emitted < MAX_KEEP ? n_emitted : MAX_KEEP;
    for (int k = 0; k < 3; k++) {
        unsigned long long bytes = 0;
        t0 = time_msec();
        n = 0;
        while (time_msec() - t0 < budget) {
            for (int i = 0; i < 100; i++, n++) {
                struct sflow_dgram d;
                struct sflow_dec_error err;
                size_t at = (size_t) (n % (long long) keep);
                if (!sflow_decode(kept[at], kept_len[at], &d, &err)) {
                    fprintf(stderr, "bench_sflow: own datagram rejected: %s\n", err.msg);
                    return 1;
                }
                if (kinds[k] == 1) {
                    sflow_print_text(null, "bench", &d);
                } else if (kinds[k] == 2) {
                    sflow_print_json(null, "bench", &d);
                }
                bytes += kept_len[at];
                sflow_dgram_free(&d);
            }
        }
        dt = (double) (time_msec() - t0) / 1000;
        printf("%s: %.0f datagrams/s, %.1f MB/s\n", names[k], (double) n / dt,
               (double) bytes / dt / 1e6);
    }
    fclose(null);
    return 0;
}
