#!/bin/sh
# pcap sampling benchmark, side by side with NFLOG on the same traffic
# (prints figures, asserts nothing). A UDP generator in one namespace sends
# 64-byte packets through a veth pair to eth0 of another, where hsflowd
# samples them:
#   pcap:  pcap { dev = eth0 } with sampling 1, 10 and 400 (BPF in the kernel);
#   nflog: an iptables INPUT rule (statistic 1, 0.1, 0.0025) to NFLOG group 9.
# For each rate the offered load steps up; each step prints the rate the
# generator achieved, the frames eth0 received, the drops the samples report
# (cumulative, read from a sample taken after the step) and hsflowd's CPU
# time per sampled packet. The last lossless step is the figure.
# Usage (root): tests/bench/pcap-bench.sh [SECONDS-PER-STEP] from a built
# tree (top_builddir defaults to ./build).
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}
export top_srcdir top_builddir
for lib in lib/harness.sh nflog-lib.sh; do
    . "$top_srcdir/tests/$lib"
done

STEP=${1:-2}
RATES_PPS=${PCAP_BENCH_PPS:-"50000 100000 200000 400000"}
BLAST=$top_builddir/tests/tools/nflog-blast
nflog_pair
PIN=""
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -gt 1 ]; then
    PIN="taskset -c 0"          # hsflowd on one core, the rest elsewhere
fi

# write_conf METHOD N
write_conf() {
    if [ "$1" = pcap ]; then
        block="pcap { dev = eth0 }"
    else
        block="nflog { group = 9 probability = $(awk -v n="$2" 'BEGIN { printf "%.6g", 1 / n }') }"
    fi
    cat > "$TEST_DIR/hsflowd.conf" <<CONF
sflow {
  DNSSD = off
  polling = 0
  sampling = $2
  collector { ip = 10.77.0.1 udpport = $CPORT }
  $block
}
CONF
}

# rules METHOD N: the NFLOG rule (none for pcap).
rules() {
    ip netns exec "$NSB" iptables -F INPUT
    if [ "$1" = nflog ]; then
        stat=""
        [ "$2" = 1 ] || stat="-m statistic --mode random --probability $(awk -v n="$2" 'BEGIN { printf "%.6g", 1 / n }')"
        # shellcheck disable=SC2086
        ip netns exec "$NSB" iptables -A INPUT -i eth0 -p udp --dport 9 $stat -j NFLOG --nflog-group 9
    fi
}

# collector MODE: sflowdump on 10.77.0.1: "quiet" (decodes, prints nothing;
# during a step) or "json" (the samples after a step).
collector() {
    [ -n "${COLL_PID:-}" ] && { kill "$COLL_PID" 2>/dev/null; wait "$COLL_PID" 2>/dev/null || true; }
    if [ "$1" = quiet ]; then
        ip netns exec "$NSA" sflowdump -q -b 10.77.0.1 -p "$CPORT" > /dev/null 2>&1 &
    else
        : > "$TEST_DIR/tail.jsonl"
        ip netns exec "$NSA" sflowdump -j -b 10.77.0.1 -p "$CPORT" > "$TEST_DIR/tail.jsonl" 2>/dev/null &
    fi
    COLL_PID=$!
    wait_for 10 sh -c "ip netns exec $NSA ss -Hnlu | grep -q '10.77.0.1:$CPORT'" || fail "no collector"
}

hsflowd_begin() {
    ip netns exec "$NSB" $PIN hsflowd -d -f "$TEST_DIR/hsflowd.conf" -a "$TEST_DIR/hsflowd.auto" \
        -p "" > "$TEST_DIR/hsflowd.log" 2>&1 &
    HS_PID=$!
    if [ "$1" = pcap ]; then
        wait_for 10 grep -q "pcap: sampling eth0" "$TEST_DIR/hsflowd.log" || fail "hsflowd: $(cat "$TEST_DIR/hsflowd.log")"
    else
        wait_for 10 sh -c "ip netns exec $NSB awk '\$1 == 9 && \$2 != 0' /proc/net/netfilter/nfnetlink_log | grep -q ." \
            || fail "hsflowd did not bind the group: $(cat "$TEST_DIR/hsflowd.log")"
    fi
}
hsflowd_end() { kill "$HS_PID"; wait "$HS_PID" || true; }
cpu_ns() { awk '{ print $1 }' "/proc/$HS_PID/schedstat"; }
rx() { ip netns exec "$NSB" cat /sys/class/net/eth0/statistics/rx_packets; }

# last_drops IFINDEX: "POOL DROPS" of the last flow sample in tail.jsonl.
last_drops() {
    python3 - "$TEST_DIR/tail.jsonl" "$1" <<'PY'
import json, sys
pool = drops = -1
for line in open(sys.argv[1]):
    for s in json.loads(line).get("samples", []):
        if s.get("format") in (1, 3) and s.get("source_index") == int(sys.argv[2]):
            pool, drops = s["sample_pool"], s["drops"]
print(pool, drops)
PY
}

# step METHOD N PPS: sets ACHIEVED, RECEIVED, DROPS, CPU_US, LOSSLESS.
step() {
    collector quiet
    rm -f "$TEST_DIR"/blast.*
    rx0=$(rx)
    t0=$(cpu_ns)
    gens=1
    [ "$3" -gt 150000 ] && gens=2
    start=$(date +%s%N)
    pids=""
    for g in $(seq "$gens"); do
        timeout 120 ip netns exec "$NSA" "$BLAST" 10.77.0.2 9 $(($3 * STEP / gens)) 64 \
            $(($3 / gens)) > "$TEST_DIR/blast.$g" &
        pids="$pids $!"
    done
    for p in $pids; do wait "$p" || true; done
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    sleep 0.5
    t1=$(cpu_ns)
    RECEIVED=$(( $(rx) - rx0 ))
    sent=$(cat "$TEST_DIR"/blast.* | sed -n 's/^sent=\([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s }')
    ACHIEVED=$((sent * 1000 / (ms ? ms : 1)))
    # A slow trickle after the step: its samples carry the drops so far.
    collector json
    ip netns exec "$NSA" "$BLAST" 10.77.0.2 9 $((20 * $2)) 64 $((2000 * $2 > 200000 ? 200000 : 2000 * $2)) > /dev/null
    wait_for 10 sh -c "[ \"\$(python3 -c 'import sys; print(sum(1 for _ in open(sys.argv[1])))' $TEST_DIR/tail.jsonl)\" -gt 0 ]" || true
    sleep 0.5
    set -- "$1" "$2" "$3" $(last_drops "$IFB")
    DROPS=$(( $5 - DROPS_BEFORE ))
    DROPS_BEFORE=$5
    sampled=$((RECEIVED / $2))
    CPU_US=$(awk -v t=$((t1 - t0)) -v n="$sampled" 'BEGIN { printf "%.2f", (n > 0) ? t / 1e3 / n : 0 }')
    LOSSLESS=0
    [ "$DROPS" = 0 ] && [ "$4" != -1 ] && LOSSLESS=1
    printf '%-5s 1-in-%-4s %7s pkt/s offered %7s achieved | received %8s sampled ~%8s | drops %7s | hsflowd %6s us CPU/sample\n' \
        "$1" "$2" "$3" "$ACHIEVED" "$RECEIVED" "$sampled" "$DROPS" "$CPU_US"
}

echo "pcap vs NFLOG: 64-byte UDP through a veth pair, ${STEP}s per step, header 128 bytes, hsflowd ${PIN:-unpinned}"
SUMMARY=""
for n in 1 10 400; do
    for method in pcap nflog; do
        write_conf "$method" "$n"
        rules "$method" "$n"
        hsflowd_begin "$method"
        DROPS_BEFORE=0
        best=0 best_cpu=-
        for pps in $RATES_PPS; do
            step "$method" "$n" "$pps"
            [ "$LOSSLESS" = 1 ] || break
            if [ "$ACHIEVED" -gt "$best" ]; then best=$ACHIEVED best_cpu=$CPU_US; fi
        done
        hsflowd_end
        if [ "$LOSSLESS" = 1 ]; then
            limit="no drop at any step: the generator is the limit"
        else
            limit="drops at the next step"
        fi
        SUMMARY="$SUMMARY$(printf '%-5s 1-in-%-4s lossless at %7s pkt/s, hsflowd %s us CPU per sampled packet (%s)' \
            "$method" "$n" "$best" "$best_cpu" "$limit")
"
    done
done
[ -n "${COLL_PID:-}" ] && { kill "$COLL_PID" 2>/dev/null || true; }
echo "---- summary"
printf '%s' "$SUMMARY"
