/* Fuzz target: one netlink datagram as the NFLOG socket would read it, walked
 * message by message through the parser and the sampler. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>

#include "nflog/nflog_parse.h"
#include "nflog/nflog_sampler.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct nflog_sampler *s = nflog_sampler_create(400);
    size_t off = 0;
    const uint8_t *msg;
    size_t mlen;
    const char *why;
    while (nflog_msg_next(data, size, &off, &msg, &mlen, &why)) {
        struct nflog_pkt pkt;
        int e;
        uint32_t eseq;
        if (nflog_parse_msg(msg, mlen, &pkt, &e, &eseq, &why) == NFLOG_MSG_PACKET) {
            uint8_t hdr[SFLOW_MAX_HEADER];
            struct sflow_flow_sample fs;
            struct sflow_flow_rec rec;
            if (nflog_sampler_build(s, &pkt, hdr, 128, &fs, &rec)) {
                /* Touch every header byte so ASan checks the copy. */
                volatile uint8_t sum = 0;
                for (uint32_t i = 0; i < rec.u.header.header_length; i++) {
                    sum ^= rec.u.header.header[i];
                }
                (void) sum;
                if (rec.u.header.header_length > 128) {
                    __builtin_trap();
                }
            }
        }
    }
    nflog_sampler_destroy(s);
    return 0;
}
