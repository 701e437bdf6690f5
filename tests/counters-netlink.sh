#!/bin/sh
# The live interface path (rtnetlink) in namespaces of the test's own:
# - the addresses hsflowd picks its agent address from (one RTM_GETADDR
#   dump) are those getifaddrs(3) gives;
# - the counters of one RTM_GETSTATS dump lie between two reads of
#   /proc/net/dev around it, for every interface, with traffic flowing, and
#   hsflowd's interface records agree with the file path's;
# - hsflowd reports a bridge added while it runs at once and stops when it
#   is deleted, without walking /sys/class/net or reading /proc/net/dev
#   (strace of the running daemon);
# - a burst of 1,000 link changes overruns the notification buffer: the
#   table is read again, the overrun logged once per burst, and the table
#   ends equal to /sys/class/net.
. "$top_srcdir/tests/lib/harness.sh"
require_root
require_cmd python3 strace ping
check="$top_builddir/tests/tools/iftable-check"

NS="sft$UNIQ-nl"
PEER="sft$UNIQ-np"
ip netns add "$NS"
at_exit "ns_delete $NS"
ip netns add "$PEER"
at_exit "ns_delete $PEER"
in_ns() { ip netns exec "$NS" "$@"; }
ip -n "$NS" link set lo up
ip -n "$NS" link add br0 type bridge
ip -n "$NS" link add vh0 type veth peer name eth0 netns "$PEER"
ip -n "$NS" link set vh0 master br0
ip -n "$NS" addr add 10.77.0.1/24 dev br0
ip -n "$NS" link add va type veth peer name vb
for l in br0 vh0 va vb; do ip -n "$NS" link set "$l" up; done
ip -n "$PEER" link set lo up
ip -n "$PEER" addr add 10.77.0.2/24 dev eth0
ip -n "$PEER" link set eth0 up
wait_for 20 ip netns exec "$PEER" ping -c 1 -W 1 10.77.0.1 || fail "no path over the veth"

# ---- counters: netlink against /proc/net/dev, under traffic --------------------
ip netns exec "$PEER" ping -q -i 0.002 -s 1000 10.77.0.1 > /dev/null 2>&1 &
in_ns "$check" compare 50 > "$TEST_DIR/compare.out" 2> "$TEST_DIR/compare.log" \
    || fail "the netlink counters disagree with /proc/net/dev: $(head -5 "$TEST_DIR/compare.log")"
log "$(cat "$TEST_DIR/compare.out")"
grep -q "compare: 50 rounds, 4 links, 1 interface records" "$TEST_DIR/compare.out" \
    || fail "unexpected comparison: $(cat "$TEST_DIR/compare.out")"
bytes=$(sed 's/.* \([0-9]*\) bytes received.*/\1/' "$TEST_DIR/compare.out")
[ "$bytes" -gt 100000 ] || fail "too little traffic during the comparison ($bytes bytes)"

# ---- the agent address's candidates: one address dump against getifaddrs ---------
ip -n "$NS" addr add 2001:db8:77::1/64 dev br0 nodad
ip -n "$NS" addr add 10.78.0.1/24 dev va
in_ns "$check" addrs > "$TEST_DIR/addrs.out" 2> "$TEST_DIR/addrs.log" \
    || fail "the address dump disagrees with getifaddrs: $(head -5 "$TEST_DIR/addrs.log")"
log "$(cat "$TEST_DIR/addrs.out" | tr '\n' ';')"

# ---- hsflowd: a bridge added and removed, no walk ------------------------------
port=$(free_udp_port)
printf 'DNSSD = off\npolling = 1\nip = 127.0.0.1\nudpport = %s\n' "$port" \
    > "$TEST_DIR/hsflowd.conf"
in_ns sflowdump -p "$port" -b 127.0.0.1 -j > "$TEST_DIR/dump.json" 2> "$TEST_DIR/dump.log" &
in_ns env HSFLOWD_NETLINK_RCVBUF=65536 hsflowd -d -f "$TEST_DIR/hsflowd.conf" \
    -a "$TEST_DIR/hsflowd.auto" -p "$TEST_DIR/hsflowd.pid" > "$TEST_DIR/hsflowd.log" 2>&1 &
at_exit "kill -CONT \$(cat $TEST_DIR/hsflowd.pid) 2>/dev/null; kill_pidfile $TEST_DIR/hsflowd.pid"
wait_for 10 test -s "$TEST_DIR/hsflowd.pid" || fail "hsflowd did not start"
hs=$(cat "$TEST_DIR/hsflowd.pid")

# samples CLASS INDEX [FROM_LINE]: counter samples of CLASS:INDEX in the
# decoded datagrams from line FROM_LINE on.
samples() {
    tail -n +"${3:-1}" "$TEST_DIR/dump.json" \
        | grep -c "\"source_class\":$1,\"source_index\":$2[,}]" || true
}
lines() { wc -l < "$TEST_DIR/dump.json"; }
more_host_samples() { [ "$(samples 2 1 "$1")" -ge "$2" ]; }
has_samples() { [ "$(samples "$@")" -gt 0 ]; }

br0=$(in_ns cat /sys/class/net/br0/ifindex)
wait_for 20 has_samples 0 "$br0" || fail "no counters for br0"

strace -f -qq -e trace=openat,open,access,getdents64 -p "$hs" -o "$TEST_DIR/strace.txt" &
st=$!
at_exit "kill $st 2>/dev/null"
sleep 1
ip -n "$NS" link add br1 type bridge
ip -n "$NS" link set br1 up
br1=$(in_ns cat /sys/class/net/br1/ifindex)
from=$(lines)
# Polling 1: its first slot is less than 1 s away (before: up to 60 s).
wait_for 5 has_samples 0 "$br1" "$from" || fail "br1 not reported after it appeared"
ip -n "$NS" link del br1
gone=$(lines)
wait_for 10 more_host_samples "$((gone + 1))" 1 || fail "no host sample after br1 went"
after=$(lines)
wait_for 10 more_host_samples "$after" 3 || fail "hsflowd stopped sending"
[ "$(samples 0 "$br1" "$((after + 1))")" = 0 ] || fail "br1 still reported after it was deleted"
kill -INT "$st"
wait "$st" 2>/dev/null || true
if grep -E "getdents|/proc/net/dev|/sys/class/net" "$TEST_DIR/strace.txt" \
        | grep -Ev "/sys/class/net/br1/(speed|duplex)\"" > "$TEST_DIR/walk.txt"; then
    head -5 "$TEST_DIR/walk.txt" >&2
    fail "hsflowd walked /sys/class/net or read /proc/net/dev"
fi
grep -q "br1/speed" "$TEST_DIR/strace.txt" || fail "strace saw nothing (no speed read for br1)"
log "br1 ($br1) reported while it existed; no walk: $(grep -c . "$TEST_DIR/strace.txt") file calls traced"

# ---- a burst of 1,000 link changes ------------------------------------------------
if ip -n "$NS" link add probe0 type dummy 2>/dev/null; then
    kind=dummy
    ip -n "$NS" link del probe0
elif ip -n "$NS" link add probe0 type ifb 2>/dev/null; then
    kind=ifb
    ip -n "$NS" link del probe0
else
    skip "neither dummy nor ifb links can be made here (the burst part)"
fi
batch() {
    i=0
    while [ "$i" -lt 1000 ]; do echo "link $1 bl$i${2:+ type $2}"; i=$((i + 1)); done \
        | ip -n "$NS" -batch -
}
mkfifo "$TEST_DIR/go"
in_ns "$check" burst 8192 120 < "$TEST_DIR/go" > "$TEST_DIR/burst.out" 2> "$TEST_DIR/burst.log" &
bp=$!
exec 3> "$TEST_DIR/go"
wait_for 20 grep -q ready "$TEST_DIR/burst.out" || fail "iftable-check did not start"
# hsflowd stopped while the links come, so that its buffer overruns for sure.
kill -STOP "$hs"
batch add "$kind"
kill -CONT "$hs"
echo go >&3
exec 3>&-
wait "$bp" || fail "the table did not end equal to sysfs: $(cat "$TEST_DIR/burst.log")"
log "$(cat "$TEST_DIR/burst.out" | tail -1)"
grep -Eq "burst: 100[4-9] links, [2-9][0-9]* dumps, [1-9][0-9]* overruns" "$TEST_DIR/burst.out" \
    || fail "no overrun and dump again: $(cat "$TEST_DIR/burst.out")"
wait_for 60 grep -q "links read again after" "$TEST_DIR/hsflowd.log" \
    || fail "hsflowd did not read the links again"
[ "$(grep -c "link notifications lost" "$TEST_DIR/hsflowd.log")" = 1 ] \
    || fail "the overrun was not logged once: $(grep "link notifications lost" "$TEST_DIR/hsflowd.log")"
kill -STOP "$hs"
batch del
kill -CONT "$hs"
read_again() { [ "$(grep -c "links read again after" "$TEST_DIR/hsflowd.log")" -ge "$1" ]; }
wait_for 60 read_again 2 || fail "hsflowd did not read the links again after the deletions"
[ "$(grep -c "link notifications lost" "$TEST_DIR/hsflowd.log")" = 2 ] \
    || fail "the second burst was not logged once"
grep "links read again" "$TEST_DIR/hsflowd.log" | tail -1 | grep -q ": 4 links" \
    || fail "the table does not hold the 4 links left: $(grep 'links read again' "$TEST_DIR/hsflowd.log")"
now=$(lines)
wait_for 10 more_host_samples "$now" 2 || fail "hsflowd stopped sending after the bursts"
pass "netlink counters within /proc/net/dev's; links followed without a walk; bursts absorbed"
