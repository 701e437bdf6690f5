/* Fuzz target: the sFlow v5 decoder and sflowdump's printers. Any input is
 * either decoded (then printed as text and JSON, and checked to lie within
 * the input) or rejected with a message and an offset inside the input. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sflow/sflow_dec.h"
#include "sflowdump/sflow_print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_inside(const struct sflow_dgram *d, const uint8_t *data, size_t size)
{
    for (uint32_t i = 0; i < d->n_samples; i++) {
        const struct sflow_dec_sample *s = &d->samples[i];
        if (s->offset + 8 + s->length > size) {
            abort();
        }
        for (uint32_t k = 0; k < s->n_recs; k++) {
            const struct sflow_dec_rec *r = &s->recs[k];
            if (r->offset < s->offset || r->body != data + r->offset + 8
                || r->offset + 8 + r->length > s->offset + 8 + s->length) {
                abort();
            }
            const struct sflow_sampled_header *h = &r->flow.u.header;
            if (s->is_flow && r->known && r->flow.tag == SFLOW_FLOW_HEADER
                && (h->header < r->body || h->header + h->header_length > r->body + r->length)) {
                abort();
            }
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null;
    struct sflow_dgram d;
    struct sflow_dec_error err;

    if (!null && !(null = fopen("/dev/null", "w"))) {
        abort();
    }
    if (sflow_decode(data, size, &d, &err)) {
        check_inside(&d, data, size);
        sflow_print_text(null, "fuzz", &d);
        sflow_print_json(null, "fuzz", &d);
        sflow_dgram_free(&d);
    } else if (!err.msg[0] || err.offset > size || d.samples) {
        abort();
    }
    return 0;
}
