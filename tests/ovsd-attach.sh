#!/bin/sh
# Three bridges and an hsflowd.auto (sampling 512, polling 20, a collector on
# loopback): sflowovsd makes one sFlow row with those values, every bridge
# points to it, ovs-vswitchd's datagrams reach the collector with that
# sampling rate; a bridge added while it runs is attached with no other trigger.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
require_root
require_cmd sflowdump ping
ovs_start --vswitchd
for b in xenbr0 xapi1 br-int; do add_netdev_bridge "$b"; done
ns_host h1 10.77.0.1/24 xenbr0
ns_host h2 10.77.0.2/24 xenbr0
PORT=6343

write_auto 1 512 20 "127.0.0.1 $PORT"
ovsd_start
wait_for 10 all_attached xenbr0 xapi1 br-int || fail "bridges not attached"
[ "$(n_rows)" = 1 ] || fail "expected one sFlow row, got $(n_rows)"
vsctl list sflow >&2
our_row_is sampling 512 || fail "sampling is not 512"
our_row_is polling 20 || fail "polling is not 20"
our_row_is header 128 || fail "header is not 128"
our_row_is agent lo || fail "agent is not lo"
our_row_is targets "[\"127.0.0.1:$PORT\"]" || fail "targets wrong: $(row_get "$(owned_rows)" targets)"
pass "three bridges reference one row with sampling 512, polling 20"

# Datagrams from ovs-vswitchd, decoded by sflowdump, carry sampling rate 512.
in_ovs_ns_bg sflowdump sflowdump -j -p "$PORT" -c 1000 > "$TEST_DIR/dump.json" 2> "$TEST_DIR/sflowdump.log"
sleep 0.5
for try in 1 2 3; do
    in_host h1 ping -q -f -c 3000 -s 64 10.77.0.2 >/dev/null 2>&1 || true
    wait_for 5 grep -q sampling_rate "$TEST_DIR/dump.json" && break
done
grep -q sampling_rate "$TEST_DIR/dump.json" || fail "collector decoded no flow sample"
head -c 1500 "$TEST_DIR/dump.json" >&2; echo >&2
grep -Eq '"sampling_rate": ?512' "$TEST_DIR/dump.json" ||
    fail "no flow sample with sampling rate 512 in the decoded datagrams"
pass "ovs-vswitchd datagrams reach the collector with sampling rate 512"

# A bridge added while sflowovsd runs is attached with no other trigger.
add_netdev_bridge br-new
wait_for 5 all_attached xenbr0 xapi1 br-int br-new || fail "br-new not attached"
[ "$(n_rows)" = 1 ] || fail "a second row appeared"
pass "bridge added at run time attached"
