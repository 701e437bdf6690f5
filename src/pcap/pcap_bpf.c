/* pcap_bpf: the sampling filter. See pcap_bpf.h. */
#include <config.h>

#include "pcap/pcap_bpf.h"

#include <linux/if_packet.h>

size_t
pcap_bpf_build(struct sock_filter *prog, uint32_t rate, uint32_t snaplen)
{
    size_t n = 0;
    if (!snaplen) {
        snaplen = 1;
    }
    if (!rate) {
        prog[n++] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K, 0);
        return n;
    }
    /* Jump offsets count the instructions skipped; "drop" is the last. */
    size_t drop = rate > 1 ? 6 : 3;
    prog[n++] = (struct sock_filter) BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                              (uint32_t) (SKF_AD_OFF + SKF_AD_PKTTYPE));
    prog[n] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING,
                                            (uint8_t) (drop - n - 1), 0);
    n++;
    if (rate > 1) {
        prog[n++] = (struct sock_filter) BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                                  (uint32_t) (SKF_AD_OFF + SKF_AD_RANDOM));
        prog[n++] = (struct sock_filter) BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, rate);
        prog[n] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0,
                                                (uint8_t) (drop - n - 1));
        n++;
    }
    prog[n++] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K, snaplen);
    prog[n++] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K, 0);
    return n;
}

uint32_t
pcap_bpf_run(const struct sock_filter *prog, size_t n, uint32_t pkttype,
             uint32_t random_value)
{
    uint32_t a = 0;
    for (size_t pc = 0; pc < n; pc++) {
        const struct sock_filter *f = &prog[pc];
        switch (f->code) {
        case BPF_LD | BPF_W | BPF_ABS:
            if (f->k == (uint32_t) (SKF_AD_OFF + SKF_AD_PKTTYPE)) {
                a = pkttype;
            } else if (f->k == (uint32_t) (SKF_AD_OFF + SKF_AD_RANDOM)) {
                a = random_value;
            } else {
                return 0;           /* a load this model does not know */
            }
            break;
        case BPF_ALU | BPF_MOD | BPF_K:
            if (!f->k) {
                return 0;
            }
            a %= f->k;
            break;
        case BPF_JMP | BPF_JEQ | BPF_K:
            pc += a == f->k ? f->jt : f->jf;
            break;
        case BPF_RET | BPF_K:
            return f->k;
        default:
            return 0;
        }
    }
    return 0;
}
