#!/bin/sh
# NFLOG sampling benchmark (prints figures, asserts nothing):
#   1. the highest packet rate, logged at probability 1 by an iptables NFLOG
#      rule in a namespace fed by a UDP generator in another, that hsflowd
#      turns into flow samples and sFlow datagrams with no drop;
#   2. the drop ratio at twice that rate;
#   3. the drops the samples report against the kernel's own counts (the
#      rule's packet counter minus the packets sampled, and the netlink
#      socket's drop counter in /proc/net/netlink, in messages of up to 128
#      packets).
# The figures come from the flow samples themselves: at probability 1 the
# last sample's pool counts every packet hsflowd accounted for and its drops
# field the ones lost, so a collector that misses datagrams does not skew
# them.
# Usage (root): tests/bench/nflog-bench.sh [--receiver hsflowd|nflog-check] [SECONDS-PER-STEP]
# from a built tree (top_builddir defaults to ./build); nflog-check is the
# hsnflog module alone, without the rest of the daemon.
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
export top_srcdir top_builddir
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/nflog-lib.sh"

RECEIVER=hsflowd
if [ "${1:-}" = --receiver ]; then
    RECEIVER=$2
    shift 2
fi
STEP=${1:-2}
nflog_pair
ip netns exec "$NSB" iptables -A INPUT -i eth0 -m statistic --mode random \
    --probability 1 -j NFLOG --nflog-group 9
# write_conf RCVBUF: hsflowd's configuration (0 = its default buffer).
write_conf() {
    cat > "$TEST_DIR/hsflowd.conf" <<CONF
sflow {
  DNSSD = off
  polling = 0
  collector { ip = 10.77.0.1 udpport = $CPORT }
  nflog { group = 9 probability = 1 rcvbuf = $1 }
}
CONF
}
write_conf 0
RCVBUF_ARG=""

# The receiver on one core (taskset when there is more than one).
PIN=""
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -gt 1 ]; then
    PIN="taskset -c 0"
fi

receiver_begin() {
    if [ "$RECEIVER" = hsflowd ]; then
        ip netns exec "$NSB" $PIN hsflowd -d -f "$TEST_DIR/hsflowd.conf" \
            -a "$TEST_DIR/hsflowd.auto" -p "" > "$TEST_DIR/hsflowd.log" 2>&1 &
        RECEIVER_PID=$!
        wait_for 10 sh -c "ip netns exec $NSB awk '\$1 == 9 && \$2 != 0' /proc/net/netfilter/nfnetlink_log | grep -q ." \
            || fail "hsflowd did not bind the group: $(cat "$TEST_DIR/hsflowd.log")"
    else
        ip netns exec "$NSB" $PIN "$top_builddir/tests/tools/nflog-check" -c "10.77.0.1:$CPORT" \
            -s "$TEST_DIR/stats" -g 9 -p 1 -H 128 $RCVBUF_ARG 2> "$TEST_DIR/nflog-check.log" &
        RECEIVER_PID=$!
        wait_for 10 grep -q ready "$TEST_DIR/nflog-check.log" || fail "receiver did not start"
    fi
}

# The last flow sample of data source IFB in the collector's output: "POOL DROPS".
last_sample() {
    python3 - "$TEST_DIR/tail.jsonl" "$IFB" <<'PY'
import json, sys
pool = drops = 0
for line in open(sys.argv[1]):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    for s in d.get("samples", []):
        if s.get("format") in (1, 3) and s.get("source_index") == int(sys.argv[2]):
            pool, drops = s["sample_pool"], s["drops"]
print(pool, drops)
PY
}

# run PPS [GENERATORS]: one step at PPS packets/s in all (split over
# GENERATORS parallel senders); sets LOGGED SAMPLES LOST KDROPS RATE CPU_US.
run() {
    pps=$1 gens=${2:-1}
    ip netns exec "$NSB" iptables -Z INPUT
    rm -f "$TEST_DIR/stats" "$TEST_DIR"/blast.* "$TEST_DIR/tail.jsonl"
    # The collector decodes every datagram; only the last ones are kept.
    ip netns exec "$NSA" sh -c "sflowdump -j -b 10.77.0.1 -p $CPORT 2>/dev/null | tail -n 200 > $TEST_DIR/tail.jsonl" &
    collector=$!
    wait_for 10 sh -c "ip netns exec $NSA ss -Hnlu | grep -q ':$CPORT'" || fail "no collector"
    receiver_begin
    start=$(date +%s%N)
    pids=""
    for g in $(seq "$gens"); do
        timeout 120 ip netns exec "$NSA" "$top_builddir/tests/tools/nflog-blast" 10.77.0.2 9 \
            $((pps * STEP / gens)) 64 $((pps / gens)) > "$TEST_DIR/blast.$g" &
        pids="$pids $!"
    done
    for p in $pids; do
        wait "$p" || true
    done
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    # A trickle after the burst so that the last sequence gap shows.
    ip netns exec "$NSA" "$top_builddir/tests/tools/nflog-blast" 10.77.0.2 9 10 64 100 >/dev/null
    # Until the receiver has read its backlog (its socket's Rmem is 0).
    wait_for 30 sh -c "ip netns exec $NSB awk -v pid=$RECEIVER_PID '\$2 == 12 && \$3 == pid && \$5 == 0' /proc/net/netlink | grep -q ." || true
    # Once all is quiet, a last trickle whose samples carry the final counts
    # to an idle collector.
    sleep 0.5
    ip netns exec "$NSA" "$top_builddir/tests/tools/nflog-blast" 10.77.0.2 9 10 64 100 >/dev/null
    sleep 0.5
    KDROPS=$(ip netns exec "$NSB" awk -v pid="$RECEIVER_PID" \
        '$2 == 12 && $3 == pid { print $9 }' /proc/net/netlink)
    # Receiver CPU time (user + system clock ticks), read before it exits.
    TICKS=$(awk '{ print $14 + $15 }' "/proc/$RECEIVER_PID/stat" 2>/dev/null || echo 0)
    kill -TERM "$RECEIVER_PID"
    wait "$RECEIVER_PID" || true
    sleep 0.3
    ip netns exec "$NSA" pkill -TERM -x -P "$collector" sflowdump 2>/dev/null || true
    kill -TERM "$collector" 2>/dev/null || true
    wait "$collector" 2>/dev/null || true
    pkill -TERM -f "sflowdump -j -b 10.77.0.1 -p $CPORT" 2>/dev/null || true
    LOGGED=$(rule_packets INPUT 1)
    set -- $(last_sample)
    POOL=$1 LOST=$2
    SAMPLES=$((POOL - LOST))
    sent=$(cat "$TEST_DIR"/blast.* | sed -n 's/^sent=\([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s }')
    RATE=$((sent * 1000 / (ms ? ms : 1)))
    CPU_US=$(awk -v t="$TICKS" -v hz="$(getconf CLK_TCK)" -v n="$SAMPLES" \
        'BEGIN { printf "%.2f", (n > 0) ? t * 1e6 / hz / n : 0 }')
    printf '%8s pkt/s offered (%s sender%s) %8s achieved | logged %8s sampled %8s | drops reported %7s, logged-sampled %7s, netlink msgs dropped %s | %s CPU %s us/sample\n' \
        "$pps" "$gens" "$([ "$gens" = 1 ] || echo s)" "$RATE" "$LOGGED" "$SAMPLES" \
        "$LOST" $((LOGGED - SAMPLES)) "${KDROPS:-?}" "$RECEIVER" "$CPU_US"
}

echo "NFLOG benchmark ($RECEIVER): probability 1, 64-byte UDP, ${STEP}s per step, header 128 bytes"
best=0
BEST_CPU=0
for pps in 25000 50000 100000 150000 200000 300000 400000; do
    run "$pps"
    if [ "$LOST" != 0 ] || [ "$SAMPLES" != "$LOGGED" ]; then
        break
    fi
    if [ "$RATE" -gt "$best" ]; then
        best=$RATE
        BEST_CPU=$CPU_US
    fi
    if [ "$RATE" -lt $((pps * 8 / 10)) ]; then
        echo "(the generator tops out here: the kernel's NFLOG work runs on the sender's core)"
        break
    fi
done
per_core=$(awk -v c="$BEST_CPU" 'BEGIN { if (c > 0) printf "%d", 1e6 / c; else print "?" }')
echo "lossless: $best samples/s turned into datagrams ($RECEIVER CPU $BEST_CPU us/sample," \
    "i.e. about $per_core samples/s on one core)"
# compare LABEL: the drop ratio of the last step and how the drops the
# samples report compare with the kernel's counts.
compare() {
    ratio=$(awk -v l="$LOST" -v g="$LOGGED" 'BEGIN { printf "%.4f", g ? l / g : 0 }')
    echo "$1: $RATE pkt/s achieved, drop ratio $ratio; drops reported $LOST;" \
        "kernel: rule logged $LOGGED - sampled $SAMPLES = $((LOGGED - SAMPLES))," \
        "netlink socket dropped ${KDROPS:-?} messages (up to 128 packets each)"
    if [ "$LOST" = $((LOGGED - SAMPLES)) ]; then
        echo "reported drops agree with the kernel's count"
    else
        echo "reported drops DISAGREE with the kernel's count"
    fi
}
if [ "$best" -gt 0 ]; then
    run $((best * 2)) 2
    compare "at 2x"
    # Losses on purpose: the same rate into a 64 KiB receive buffer.
    write_conf 65536
    RCVBUF_ARG="-b 65536"
    run $((best * 2)) 2
    compare "at 2x into a 64 KiB receive buffer"
fi
