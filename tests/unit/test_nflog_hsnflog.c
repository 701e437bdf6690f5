/* Unit tests for the NFLOG socket module's set-up: the one config message
 * (bind, copy mode and range, sequence numbers, batching) and the argument
 * checks of hsnflog_create(). Includes the module to reach its statics. */
#include "nflog/hsnflog.c"
#include "check_run.h"

#include <check.h>

/* Finds attribute TYPE in the config message; returns its payload or NULL. */
static const uint8_t *
find_attr(const uint8_t *msg, size_t len, uint16_t type, size_t *alen)
{
    size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));
    while (off + NLA_HDRLEN <= len) {
        struct nlattr a;
        memcpy(&a, msg + off, sizeof a);
        ck_assert_uint_ge(a.nla_len, NLA_HDRLEN);
        ck_assert_uint_le(off + a.nla_len, len);
        if ((a.nla_type & NLA_TYPE_MASK) == type) {
            *alen = a.nla_len - NLA_HDRLEN;
            return msg + off + NLA_HDRLEN;
        }
        off += NLA_ALIGN(a.nla_len);
    }
    return NULL;
}

START_TEST(test_config_message)
{
    uint8_t buf[256];
    size_t len = build_config(buf, 5, 128, 4242);
    ck_assert_uint_le(len, sizeof buf);
    struct nlmsghdr h;
    memcpy(&h, buf, sizeof h);
    ck_assert_uint_eq(h.nlmsg_len, len);
    ck_assert_uint_eq(h.nlmsg_type, (NFNL_SUBSYS_ULOG << 8) | NFULNL_MSG_CONFIG);
    ck_assert(h.nlmsg_flags & NLM_F_REQUEST);
    ck_assert(h.nlmsg_flags & NLM_F_ACK);
    ck_assert_uint_eq(h.nlmsg_seq, 4242);
    struct nfgenmsg g;
    memcpy(&g, buf + NLMSG_HDRLEN, sizeof g);
    ck_assert_uint_eq(ntohs(g.res_id), 5);

    size_t alen;
    const uint8_t *v = find_attr(buf, len, NFULA_CFG_CMD, &alen);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(v[0], NFULNL_CFG_CMD_BIND);

    v = find_attr(buf, len, NFULA_CFG_MODE, &alen);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(alen, sizeof(struct nfulnl_msg_config_mode));
    struct nfulnl_msg_config_mode mode;
    memcpy(&mode, v, sizeof mode);
    ck_assert_uint_eq(ntohl(mode.copy_range), 128);
    ck_assert_uint_eq(mode.copy_mode, NFULNL_COPY_PACKET);

    /* Without F_SEQ the kernel numbers nothing and no gap can be seen. */
    v = find_attr(buf, len, NFULA_CFG_FLAGS, &alen);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(alen, 2);
    uint16_t flags;
    memcpy(&flags, v, 2);
    ck_assert(ntohs(flags) & NFULNL_CFG_F_SEQ);

    uint32_t u;
    v = find_attr(buf, len, NFULA_CFG_QTHRESH, &alen);
    ck_assert_ptr_nonnull(v);
    memcpy(&u, v, 4);
    ck_assert_uint_eq(ntohl(u), HSNFLOG_QTHRESH);
    v = find_attr(buf, len, NFULA_CFG_NLBUFSIZ, &alen);
    ck_assert_ptr_nonnull(v);
    memcpy(&u, v, 4);
    /* Every batch the kernel builds fits the read buffer. */
    ck_assert_uint_le(ntohl(u), HSNFLOG_RECV_BUF);
}
END_TEST

START_TEST(test_create_rejects_bad_arguments)
{
    char *err = NULL;
    ck_assert_ptr_null(hsnflog_create(70000, 0.5, 2, 128, 0, &err));
    ck_assert_ptr_nonnull(strstr(err, "group"));
    free(err);
    err = NULL;
    ck_assert_ptr_null(hsnflog_create(5, 0.0, 400, 128, 0, &err));
    ck_assert_ptr_nonnull(strstr(err, "probability"));
    free(err);
    err = NULL;
    ck_assert_ptr_null(hsnflog_create(5, 1.5, 400, 128, 0, &err));
    ck_assert_ptr_nonnull(strstr(err, "probability"));
    free(err);
}
END_TEST

CHECK_MAIN(
    .name = "nflog_config",
    .tests = CHECK_TESTS(test_config_message, test_create_rejects_bad_arguments))
