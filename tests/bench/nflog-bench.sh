#!/bin/sh
# NFLOG sampling benchmark (prints figures, asserts nothing):
#   1. the highest packet rate, logged at probability 1 by an iptables NFLOG
#      rule in a namespace fed by a UDP generator in another, that the
#      receiver (the hsnflog module, as hsflowd uses it) turns into flow
#      samples and sFlow datagrams with no drop;
#   2. the drop ratio at twice that rate;
#   3. the drops the samples report against the kernel's own counts (the
#      rule's packet counter minus the samples, and the netlink socket's
#      drop counter in /proc/net/netlink, in messages of up to 128 packets).
# Usage (root): tests/bench/nflog-bench.sh [SECONDS-PER-STEP]   from a built tree
# (top_builddir defaults to ./build).
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir/build}"
export top_srcdir top_builddir
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/nflog-lib.sh"

STEP=${1:-2}
nflog_pair
ip netns exec "$NSB" iptables -A INPUT -i eth0 -m statistic --mode random \
    --probability 1 -j NFLOG --nflog-group 9
# The collector decodes every datagram but its output is not kept.
ip netns exec "$NSA" sflowdump -b 10.77.0.1 -p "$CPORT" >/dev/null 2>&1 &
echo $! > "$TEST_DIR/sflowdump.pid"
at_exit "kill_pidfile $TEST_DIR/sflowdump.pid"

# run PPS [GENERATORS]: one step at PPS packets/s in all (split over
# GENERATORS parallel senders); sets LOGGED SAMPLES LOST KDROPS RATE.
run() {
    pps=$1 gens=${2:-1}
    ip netns exec "$NSB" iptables -Z INPUT
    rm -f "$TEST_DIR/stats" "$TEST_DIR"/blast.*
    # The receiver on one core (taskset when there is more than one).
    pin=""
    if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -gt 1 ]; then
        pin="taskset -c 0"
    fi
    ip netns exec "$NSB" $pin "$top_builddir/tests/nflog-check" -c "10.77.0.1:$CPORT" \
        -s "$TEST_DIR/stats" -g 9 -p 1 -H 128 2> "$TEST_DIR/nflog-check.log" &
    RECEIVER_PID=$!
    wait_for 10 grep -q ready "$TEST_DIR/nflog-check.log" || fail "receiver did not start"
    start=$(date +%s%N)
    pids=""
    for g in $(seq "$gens"); do
        timeout 120 ip netns exec "$NSA" "$top_builddir/tests/nflog-blast" 10.77.0.2 9 \
            $((pps * STEP / gens)) 64 $((pps / gens)) > "$TEST_DIR/blast.$g" &
        pids="$pids $!"
    done
    for p in $pids; do
        wait "$p" || true
    done
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    # A trickle after the burst so the last sequence gap shows.
    ip netns exec "$NSA" "$top_builddir/tests/nflog-blast" 10.77.0.2 9 10 64 100 >/dev/null
    sleep 0.3
    KDROPS=$(ip netns exec "$NSB" awk -v pid="$RECEIVER_PID" \
        '$2 == 12 && $3 == pid { print $9 }' /proc/net/netlink)
    # Receiver CPU time (user + system clock ticks), read before it exits.
    TICKS=$(awk '{ print $14 + $15 }' "/proc/$RECEIVER_PID/stat" 2>/dev/null || echo 0)
    receiver_stop 2>/dev/null
    LOGGED=$(rule_packets INPUT 1)
    SAMPLES=$(stat samples)
    LOST=$(stat lost)
    sent=$(cat "$TEST_DIR"/blast.* | sed -n 's/^sent=\([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s }')
    RATE=$((sent * 1000 / (ms ? ms : 1)))
    DGRAMS=$(stat datagrams)
    CPU_US=$(awk -v t="$TICKS" -v hz="$(getconf CLK_TCK)" -v n="$SAMPLES" \
        'BEGIN { printf "%.2f", n ? t * 1e6 / hz / n : 0 }')
    printf '%8s pkt/s offered (%s sender%s) %8s achieved | logged %8s samples %8s datagrams %7s | drops reported %7s, rule-samples %7s, netlink msgs dropped %s | receiver CPU %s us/sample\n' \
        "$pps" "$gens" "$([ "$gens" = 1 ] || echo s)" "$RATE" "$LOGGED" "$SAMPLES" "$DGRAMS" \
        "$LOST" $((LOGGED - SAMPLES)) "${KDROPS:-?}" "$CPU_US"
}

echo "NFLOG benchmark: probability 1, 64-byte UDP, ${STEP}s per step, header 128 bytes"
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
echo "lossless: $best samples/s turned into datagrams (receiver CPU $BEST_CPU us/sample," \
    "i.e. about $per_core samples/s on one core)"
if [ "$best" -gt 0 ]; then
    run $((best * 2)) 2
    ratio=$(awk -v l="$LOST" -v g="$LOGGED" 'BEGIN { printf "%.4f", g ? l / g : 0 }')
    echo "at 2x: $RATE pkt/s achieved, drop ratio $ratio; drops reported $LOST;" \
        "kernel: rule logged $LOGGED - samples $SAMPLES = $((LOGGED - SAMPLES))," \
        "netlink socket dropped ${KDROPS:-?} messages"
    if [ "$LOST" = $((LOGGED - SAMPLES)) ]; then
        echo "reported drops agree with the kernel's count"
    else
        echo "reported drops DISAGREE with the kernel's count"
    fi
fi
