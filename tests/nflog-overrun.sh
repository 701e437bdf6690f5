#!/bin/sh
# NFLOG socket overruns: a receiver with a tiny receive buffer is stopped
# (SIGSTOP) while a flood is logged at probability 1, then resumed. The
# kernel drops what does not fit (its netlink drop counter says so); the
# flow samples must report every lost packet in their drops field: the
# drops equal the packets the rule logged minus the samples received.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/nflog-lib.sh"

nflog_pair
ip netns exec "$NSB" iptables -A INPUT -i eth0 -m statistic --mode random \
    --probability 1 -j NFLOG --nflog-group 7
collector_start
receiver_start -g 7 -p 1 -H 64 -b 4096

kill -STOP "$RECEIVER_PID"
ip netns exec "$NSA" "$top_builddir/tests/nflog-blast" 10.77.0.2 9 20000 64 \
    > "$TEST_DIR/blast.txt" || fail "blaster failed"
log "blast: $(cat "$TEST_DIR/blast.txt")"
sleep 0.3
# The kernel's own count: drops on our netlink socket (family 12 =
# NETLINK_NETFILTER), in messages (batches of packets).
kdrops=$(ip netns exec "$NSB" awk '$2 == 12 && $9 > 0 { d += $9 } END { print d + 0 }' \
    /proc/net/netlink)
kill -CONT "$RECEIVER_PID"
sleep 0.3
# A few packets after the flood, slowly: their sequence numbers reveal
# everything lost before them.
ip netns exec "$NSA" "$top_builddir/tests/nflog-blast" 10.77.0.2 9 20 64 200 >/dev/null
logged=$(rule_packets INPUT 1)
wait_for 10 sh -c "grep -q . $TEST_DIR/sflow.jsonl" || true
sleep 0.5
receiver_stop
sleep 0.2

SUMMARY=$(flow_summary "$IFB")
log "$(printf '%s\n' "$SUMMARY" | grep -v '^pools=')"
n=$(get samples)
drops=$(get max_drops)
log "logged by the rule: $logged, samples: $n, drops reported: $drops, kernel message drops: $kdrops"
[ "$kdrops" -gt 0 ] || fail "the kernel dropped nothing: no overrun to test"
[ "$(receiver_stat overruns)" -gt 0 ] || fail "no ENOBUFS overrun seen by the receiver"
[ "$drops" -gt 0 ] || fail "samples report no drops"
[ "$drops" -ge "$kdrops" ] || fail "$drops drops reported, fewer than the $kdrops the kernel dropped"
# Each kernel message carries at most one batch (128 packets).
[ "$drops" -le $((kdrops * 128)) ] || fail "$drops drops reported, more than $kdrops batches hold"
[ $((n + drops)) = "$logged" ] || fail "$n samples + $drops drops != $logged logged"
[ "$(receiver_stat lost)" = "$drops" ] || fail "receiver counted $(receiver_stat lost) lost, samples say $drops"
[ "$(get pools_ok)" = 1 ] || fail "sample pool or drops went backwards"
[ "$(get max_pool)" = "$logged" ] || fail "sample pool $(get max_pool), want $logged"
pass "$logged logged, $n sampled, $drops drops reported (kernel dropped $kdrops messages)"
