#!/bin/sh
# NFLOG socket overruns, the hsnflog module alone: a receiver with a tiny
# receive buffer is stopped (SIGSTOP) while a flood is logged at probability
# 1, then resumed. The kernel drops what does not fit (its netlink drop
# counter says so); the flow samples must report every lost packet in their
# drops field (drops = packets the rule logged - samples received), and the
# module must have seen the overrun (ENOBUFS).
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/nflog-lib.sh"

nflog_pair
ip netns exec "$NSB" iptables -A INPUT -i eth0 -m statistic --mode random \
    --probability 1 -j NFLOG --nflog-group 7
collector_start
receiver_start -g 7 -p 1 -H 64 -b 4096
overrun_flood "$RECEIVER_PID"
receiver_stop
overrun_verify
[ "$(receiver_stat overruns)" -gt 0 ] || fail "no ENOBUFS overrun seen by the receiver"
[ "$(receiver_stat lost)" = "$drops" ] || fail "receiver counted $(receiver_stat lost) lost, samples say $drops"
pass "$LOGGED logged, $n sampled, $drops drops reported (kernel dropped $KDROPS messages)"
