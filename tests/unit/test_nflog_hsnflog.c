/* Unit tests for the NFLOG socket module's set-up: the one config message
 * (bind, copy mode and range, sequence numbers, batching), the argument
 * checks of hsnflog_create() and what a sampling change says. Includes the
 * module to reach its statics. */
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

/* A sampling rate finer than the rule allows is logged as a notice, and
 * samples report the rule's rate; a coarser one says what share is kept; the
 * same rate again says nothing. */
START_TEST(test_sampling_change_logged)
{
    struct hsnflog n;
    memset(&n, 0, sizeof n);
    n.group = 5;
    n.probability = 0.0025;
    n.kernel_rate = 400;
    n.sampler = nflog_sampler_create(400);
    log_set_level(LOG_INFO);
    FILE *tmp = tmpfile();
    ck_assert_ptr_nonnull(tmp);
    fflush(stderr);
    int saved = dup(2);
    ck_assert_int_ge(saved, 0);
    ck_assert_int_ge(dup2(fileno(tmp), 2), 0);
    apply_sampling(&n, 100);
    uint32_t finer = nflog_sampler_get_rate(n.sampler);
    hsnflog_set_sampling(&n, 1000);
    hsnflog_set_sampling(&n, 1000);
    uint32_t coarser = nflog_sampler_get_rate(n.sampler);
    hsnflog_set_sampling(&n, 0);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char text[2048];
    rewind(tmp);
    size_t len = fread(text, 1, sizeof text - 1, tmp);
    text[len] = '\0';
    fclose(tmp);
    ck_assert_uint_eq(finer, 400);
    ck_assert_uint_eq(coarser, 1000);
    ck_assert_uint_eq(nflog_sampler_get_rate(n.sampler), 0);
    ck_assert_msg(strstr(text, "[notice]: nflog: group 5: sampling 1-in-100 is finer than the "
                               "rule's probability 0.0025 allows; samples report 1-in-400"),
                  "%s", text);
    const char *kept = "nflog: group 5: 1-in-1000 (rule 1-in-400, 40% of its packets kept)";
    const char *first = strstr(text, kept);
    ck_assert_msg(first != NULL, "%s", text);
    ck_assert_ptr_null(strstr(first + 1, kept));
    ck_assert_msg(strstr(text, "nflog: group 5: sampling is 0, packet sampling off"), "%s", text);
    nflog_sampler_destroy(n.sampler);
}
END_TEST

CHECK_MAIN(
    .name = "nflog_config",
    .tests = CHECK_TESTS(test_config_message, test_create_rejects_bad_arguments,
                         test_sampling_change_logged))
