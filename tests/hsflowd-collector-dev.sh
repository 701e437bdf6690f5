#!/bin/sh
# collector { dev = DEVICE }: the datagrams to that collector leave through
# DEVICE only (SO_BINDTODEVICE). Namespaces the test makes: hsflowd's (h0
# 10.9.1.1/24 towards the collector, h1 10.9.2.1/24 towards an empty
# namespace), the collector's (c0 10.9.1.2/24, an sflowdump per port) and
# the empty one. Bound to h0 the datagrams arrive; bound to h1 the same
# destination is asked for on h1's link, where nobody answers, so nothing
# arrives (unbound, they would go out of h0 and arrive); an absent device is
# refused with a warning, and the other collectors go on.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib/harness.sh"
require_root
[ -x "$top_builddir/src/hsflowd/hsflowd" ] || skip "hsflowd not built"

H="sft$UNIQ-dh"
C="sft$UNIQ-dc"
X="sft$UNIQ-dx"
for ns in "$H" "$C" "$X"; do
    ip netns add "$ns" || fail "cannot make namespace $ns"
    at_exit "ns_delete $ns"
    ip -n "$ns" link set lo up
done
ip -n "$H" link add h0 type veth peer name c0 netns "$C"
ip -n "$H" addr add 10.9.1.1/24 dev h0
ip -n "$C" addr add 10.9.1.2/24 dev c0
ip -n "$H" link set h0 up
ip -n "$C" link set c0 up
ip -n "$H" link add h1 type veth peer name x1 netns "$X"
ip -n "$H" addr add 10.9.2.1/24 dev h1
ip -n "$H" link set h1 up
ip -n "$X" link set x1 up

P1=16343
P2=16344
P3=16345
for p in $P1 $P2 $P3; do
    ip netns exec "$C" sflowdump -p "$p" -b 10.9.1.2 -j > "$TEST_DIR/$p.json" \
        2> "$TEST_DIR/$p-dump.log" &
done
count() { [ -f "$1" ] && wc -l < "$1" || echo 0; }
grows() { [ "$(count "$1")" -gt "$2" ]; }

cat > "$TEST_DIR/dev.conf" <<EOC
sflow {
  DNSSD = off
  polling = 1
  collector { ip = 10.9.1.2 udpport = $P1 dev = h0 }
  collector { ip = 10.9.1.2 udpport = $P2 dev = h1 }
  collector { ip = 10.9.1.2 udpport = $P3 dev = nosuchdev0 }
}
EOC
ip netns exec "$H" hsflowd -d -f "$TEST_DIR/dev.conf" -a "$TEST_DIR/dev.auto" \
    -p "$TEST_DIR/dev.pid" > "$TEST_DIR/dev.log" 2>&1 &
at_exit "kill_pidfile $TEST_DIR/dev.pid"

wait_for 20 grows "$TEST_DIR/$P1.json" 2 \
    || { cat "$TEST_DIR/dev.log" >&2; fail "no datagrams through h0"; }
pass "dev = h0: the datagrams arrive"
n=$(count "$TEST_DIR/$P1.json")
wait_for 20 grows "$TEST_DIR/$P1.json" "$((n + 3))" || fail "h0's collector stopped"
[ "$(count "$TEST_DIR/$P2.json")" = 0 ] || fail "datagrams bound to h1 arrived by h0"
pass "dev = h1: nothing arrives by h0 while h0's collector gets $(count "$TEST_DIR/$P1.json")"
grep -q "cannot send through device nosuchdev0" "$TEST_DIR/dev.log" \
    || fail "no warning for an absent device"
[ "$(count "$TEST_DIR/$P3.json")" = 0 ] || fail "datagrams for an absent device arrived"
n=$(count "$TEST_DIR/$P1.json")
wait_for 10 grows "$TEST_DIR/$P1.json" "$n" || fail "h0's collector stopped"
pass "an absent device is refused with a warning; the other collectors go on"
