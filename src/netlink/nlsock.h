/* nlsock: rtnetlink sockets and dumps (nlsock.c): opening a socket, asking
 * for a dump, reading a whole dump with recvmmsg() (the kernel builds the
 * next part of a dump while the last one is read, so one call usually takes
 * all of it), and walking the messages of a datagram through rtlink.h.
 *
 * Ownership: the caller owns the sockets and the buffers. */
#ifndef NLSOCK_H
#define NLSOCK_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netlink/rtlink.h"

#define NLSOCK_PART (32u << 10)                 /* the kernel's largest dump part */
#define NLSOCK_VLEN 16                          /* dump parts per recvmmsg() */
#define NLSOCK_DUMP_BUF (NLSOCK_VLEN * NLSOCK_PART)

/* A NETLINK_ROUTE socket bound to GROUPS, its receive buffer RCVBUF bytes
 * (SO_RCVBUFFORCE when allowed; 0 = the default). -1 with errno on failure. */
int nlsock_open(uint32_t groups, int rcvbuf);
/* Sends a dump request of TYPE with a BODY_LEN-byte body whose first byte is
 * the family (AF_UNSPEC) and, when FILTER_OFF is nonzero, FILTER (a u32) at
 * FILTER_OFF. */
bool nlsock_send_dump(int fd, uint16_t type, size_t body_len, size_t filter_off,
                      uint32_t filter, uint32_t seq);

/* Called for each message; true stops the walk. */
typedef bool nlsock_msg_fn(enum rtlink_msg_kind k, const struct rtlink_msg *m, const char *why,
                           void *aux);
/* Parses the messages of the datagram BUF[0..LEN) one by one and hands them
 * to FN until it returns true (returned then). A datagram cut short is
 * logged (rate-limited). */
bool nlsock_each(const uint8_t *buf, size_t len, nlsock_msg_fn *fn, void *aux);
/* Asks for a dump (as nlsock_send_dump) and reads it to its end into BUF
 * (NLSOCK_DUMP_BUF bytes), handing each of its messages (sequence number
 * SEQ; others are skipped) to FN. NULL when done, else what failed (a
 * static string). */
const char *nlsock_dump(int fd, uint32_t seq, uint16_t type, size_t body_len, size_t filter_off,
                        uint32_t filter, uint8_t *buf, nlsock_msg_fn *fn, void *aux);

#endif
