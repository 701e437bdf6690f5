#!/bin/sh
# NFLOG socket overruns in hsflowd itself (nflog { rcvbuf = 4096 }): hsflowd
# is stopped (SIGSTOP) while a flood is logged at probability 1, then
# resumed; its flow samples report every packet the kernel dropped, and it
# logs the overrun.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/nflog-lib.sh"

cat > "$TEST_DIR/hsflowd.conf" <<CONF
sflow {
  DNSSD = off
  polling = 0
  sampling = 1
  headerBytes = 64
  collector { ip = 10.77.0.1 udpport = $CPORT }
  nflog { group = 8 probability = 1 rcvbuf = 4096 }
}
CONF
nflog_pair
ip netns exec "$NSB" iptables -A INPUT -i eth0 -m statistic --mode random \
    --probability 1 -j NFLOG --nflog-group 8
collector_start
hsflowd_start 8
overrun_flood "$(cat "$TEST_DIR/hsflowd.pid")"
overrun_verify
grep -q "receive buffer overrun" "$TEST_DIR/hsflowd.log" || fail "hsflowd did not log the overrun"
pass "hsflowd: $LOGGED logged, $n sampled, $drops drops reported (kernel dropped $KDROPS messages)"
