#!/bin/sh
# hsflowd's steady resident memory and CPU instructions per polling cycle:
#
#   tests/bench/hsflowd-bench.sh [BUILD_DIR] [SECONDS] [SYSROOT]
#                                                    (or: make bench-hsflowd)
#
# hsflowd runs with polling 1 (DNS-SD off) sending to sflowdump on loopback.
# RSS: VmRSS and VmHWM of a plain run after SECONDS cycles, with PSS and the
# private dirty pages (RSS counts every mapped page of the shared libraries,
# most of them libvirt's dependencies when built with libvirt). Instructions:
# callgrind counting only inside hsagent_run() (everything a cycle does:
# reading the counters, encoding, sending, the agent address check), for a
# short and a long run; the difference over the difference in cycles (host
# samples that reached sflowdump) leaves out the start-up. User-space
# instructions only: the kernel's work to produce /proc is not in them.
# Printed, not judged.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${top_builddir:-$here}}
secs=${2:-10}
root=${3:-/}
hsflowd="$build/src/hsflowd/hsflowd"
sflowdump="$build/src/sflowdump/sflowdump"
for p in "$hsflowd" "$sflowdump"; do
    [ -x "$p" ] || { echo "hsflowd-bench: build $p first (make)" >&2; exit 1; }
done
command -v valgrind >/dev/null || { echo "hsflowd-bench: valgrind not installed" >&2; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/hsflowd-bench.XXXXXX")
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$dir"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$dir/hsflowd.conf" <<EOC
sflow {
  DNSSD = off
  polling = 1
  collector { ip = 127.0.0.1 udpport = $port }
}
EOC

# run SECONDS [WRAPPER...]: hsflowd for SECONDS; prints the host samples seen.
run() {
    t=$1; shift
    : > "$dir/dump.json"
    "$sflowdump" -p "$port" -b 127.0.0.1 -j > "$dir/dump.json" 2>/dev/null &
    dump=$!
    pids="$pids $dump"
    sleep 0.3
    "$@" "$hsflowd" -d -f "$dir/hsflowd.conf" -a "$dir/hsflowd.auto" -p "$dir/hsflowd.pid" \
        --sysroot "$root" 2> "$dir/hsflowd.log" &
    hs=$!
    pids="$pids $hs"
    sleep "$t"
    if [ -z "$*" ]; then
        rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$hs/status")
        hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$hs/status")
        pss=$(awk '/^Pss:/ { print $2 }' "/proc/$hs/smaps_rollup")
        dirty=$(awk '/^Private_Dirty:/ { print $2 }' "/proc/$hs/smaps_rollup")
        echo "$rss $hwm $pss $dirty" > "$dir/rss"
    fi
    kill -TERM "$hs"
    wait "$hs" || true
    sleep 0.3
    kill "$dump" 2>/dev/null || true
    wait "$dump" 2>/dev/null || true
    grep -c '"source_class":2,"source_index":1' "$dir/dump.json" || true
}

if [ -z "${BENCH_NS_ONLY:-}" ]; then
    cycles=$(run "$secs")
    read -r rss hwm pss dirty < "$dir/rss"
    echo "hsflowd-bench: RSS after $cycles cycles: ${rss} kB (peak ${hwm} kB; PSS ${pss} kB;" \
         "private dirty ${dirty} kB; shared libraries: $(ldd "$hsflowd" | wc -l))"
    # The floor: any dynamically linked process maps libc and the loader, and the
    # kernel maps their cached pages around each fault; sleep(1) shows how much.
    sleep 3 &
    sl=$!
    sleep 1
    floor=$(awk '/^VmRSS:/ { print $2 }' "/proc/$sl/status")
    wait "$sl" || true
    echo "hsflowd-bench: baseline sleep(1) RSS ${floor} kB; hsflowd above it: $((rss - floor)) kB" \
         "(ratio $(awk -v a="$rss" -v b="$floor" 'BEGIN { printf "%.2f", a / b }'))"

    cg() {
        n=$(run "$1" valgrind --tool=callgrind --toggle-collect=hsagent_run \
            --callgrind-out-file="$dir/cg.$1" -q)
        ir=$(awk '/^summary:/ { print $2 }' "$dir/cg.$1")
        echo "$n $ir"
    }
    read -r n1 ir1 <<EOI
$(cg 3)
EOI
    read -r n2 ir2 <<EOI
$(cg $((secs + 3)))
EOI
    if [ "$n2" -gt "$n1" ]; then
        echo "hsflowd-bench: $(( (ir2 - ir1) / (n2 - n1) )) instructions per polling cycle" \
             "($((n2 - n1)) cycles under callgrind, sysroot $root)"
    else
        echo "hsflowd-bench: too few cycles under callgrind ($n1, $n2)" >&2
        exit 1
    fi
fi

# ---- in a namespace of the bench's own, with 12, 100 and 1,000 interfaces ---
# What a user pays per polling cycle (polling 1, host + interface counters):
# whole-process CPU (user + system: /proc/PID/schedstat in ns, /proc/PID/stat
# in ticks), system calls (strace -c -f) and user-space instructions
# (callgrind, whole process between two cycle counts), and the steady RSS.
# BENCH_IFACES="12 100 1000" and BENCH_SECS (the window, default 20) change it.
# BENCH_BASELINE=BUILD_DIR: that build's hsflowd runs at the same time in a
# namespace of its own with as many interfaces, and its CPU per cycle is
# printed beside (on a shared machine the load then weighs on both alike;
# before/after figures taken one after the other are not comparable there).
if [ "$(id -u)" != 0 ] || ! ip netns list >/dev/null 2>&1; then
    echo "hsflowd-bench: not root: no namespace figures"
    exit 0
fi
. "$here/tests/bench/bench-netns.sh"
nsecs=${BENCH_SECS:-20}
ns=""
ns_base=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; [ -z "$ns" ] || bench_ns_delete "$ns";
      [ -z "$ns_base" ] || bench_ns_delete "$ns_base"; rm -rf "$dir"' EXIT
baseline=${BENCH_BASELINE:-}
if [ -n "$baseline" ]; then
    for p in "$baseline/src/hsflowd/hsflowd" "$baseline/src/sflowdump/sflowdump"; do
        [ -x "$p" ] || { echo "hsflowd-bench: BENCH_BASELINE: no $p" >&2; exit 1; }
    done
    mkdir "$dir/base"
fi

# ns_start WRAPPER...: sflowdump and hsflowd in $ns; sets $hs, $dump.
ns_start() {
    : > "$dir/dump.json"
    ip netns exec "$ns" "$sflowdump" -p "$port" -b 127.0.0.1 -j > "$dir/dump.json" 2>/dev/null &
    dump=$!
    pids="$pids $dump"
    sleep 0.3
    ip netns exec "$ns" "$@" "$hsflowd" -d -f "$dir/hsflowd.conf" -a "$dir/hsflowd.auto" \
        -p "$dir/hsflowd.pid" 2> "$dir/hsflowd.log" &
    hs=$!
    pids="$pids $hs"
}
ns_stop() {
    kill -TERM "$hs" 2>/dev/null || true
    wait "$hs" 2>/dev/null || true
    sleep 0.3
    kill "$dump" 2>/dev/null || true
    wait "$dump" 2>/dev/null || true
}
host_samples() { grep -c '"source_class":2,"source_index":1' "$dir/dump.json" || true; }
# wait_samples N: until sflowdump has N host samples (at most 60 s).
wait_samples() {
    for _ in $(seq 600); do
        [ "$(host_samples)" -ge "$1" ] && return 0
        sleep 0.1
    done
    echo "hsflowd-bench: no host samples from hsflowd" >&2
    cat "$dir/hsflowd.log" >&2
    exit 1
}
# The pid of hsflowd itself (ip netns exec execs it, valgrind and strace too).
hs_pid() { cat "$dir/hsflowd.pid"; }
# The baseline (BENCH_BASELINE) in $ns_base, its files in $dir/base.
base_start() {
    : > "$dir/base/dump.json"
    ip netns exec "$ns_base" "$baseline/src/sflowdump/sflowdump" -p "$port" -b 127.0.0.1 -j \
        > "$dir/base/dump.json" 2>/dev/null &
    base_dump=$!
    pids="$pids $base_dump"
    sleep 0.3
    ip netns exec "$ns_base" "$baseline/src/hsflowd/hsflowd" -d -f "$dir/hsflowd.conf" \
        -a "$dir/base/hsflowd.auto" -p "$dir/base/hsflowd.pid" 2> "$dir/base/hsflowd.log" &
    base_hs=$!
    pids="$pids $base_hs"
    for _ in $(seq 600); do
        [ "$(base_samples)" -ge 3 ] && return 0
        sleep 0.1
    done
    echo "hsflowd-bench: no host samples from the baseline hsflowd" >&2
    exit 1
}
base_samples() { grep -c '"source_class":2,"source_index":1' "$dir/base/dump.json" || true; }
base_stop() {
    kill -TERM "$base_hs" "$base_dump" 2>/dev/null || true
    wait "$base_hs" "$base_dump" 2>/dev/null || true
}

printf '%-6s %-22s %-22s %s\n' ifaces "CPU/cycle (target)" "syscalls/cycle (≤ 20)" "instr/cycle"
for nif in ${BENCH_IFACES:-12 100 1000}; do
    ns="hsbench$$-$nif"
    bench_ns_make "$ns" "$nif"
    target=0.3
    [ "$nif" -le 100 ] || target=2

    # CPU over the window, after 3 cycles of start-up.
    if [ -n "$baseline" ]; then
        ns_base="hsbench$$-$nif-base"
        bench_ns_make "$ns_base" "$nif"
        base_start
        bp=$(cat "$dir/base/hsflowd.pid")
    fi
    ns_start
    wait_samples 3
    p=$(hs_pid)
    c0=$(host_samples); t0=$(bench_cpu_ns "$p"); k0=$(bench_cpu_ticks "$p")
    [ -z "$baseline" ] || { bc0=$(base_samples); bt0=$(bench_cpu_ns "$bp"); }
    sleep "$nsecs"
    c1=$(host_samples); t1=$(bench_cpu_ns "$p"); k1=$(bench_cpu_ticks "$p")
    if [ -n "$baseline" ]; then
        bc1=$(base_samples); bt1=$(bench_cpu_ns "$bp")
        base_stop
        bench_ns_delete "$ns_base"
        ns_base=""
        base_cpu=$(awk -v t="$((bt1 - bt0))" -v n="$((bc1 - bc0))" \
            'BEGIN { printf "%.3f", t / n / 1e6 }')
    fi
    if [ "$nif" -ge 1000 ]; then
        rss1k=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status")
    fi
    cycles=$((c1 - c0))
    cpu=$(awk -v t="$((t1 - t0))" -v n="$cycles" 'BEGIN { printf "%.3f", t / n / 1e6 }')
    ticks=$(awk -v t="$((k1 - k0))" -v n="$cycles" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "%.3f", t * 1000 / hz / n }')

    # System calls over the window, strace attached to the running process.
    strace -c -f -q -p "$p" -o "$dir/strace.txt" &
    st=$!
    sleep 1
    s0=$(host_samples)
    sleep "$nsecs"
    s1=$(host_samples)
    kill -INT "$st"
    wait "$st" 2>/dev/null || true
    ns_stop
    calls=$(awk '$NF == "total" { print $4 }' "$dir/strace.txt")
    sc=$(awk -v c="$calls" -v n="$((s1 - s0))" 'BEGIN { printf "%.1f", c / n }')
    top=$(awk '$1 ~ /^[0-9.]+$/ && $NF != "total" { print $NF "=" $4 }' "$dir/strace.txt" \
        | sort -t= -k2 -rn | head -8 | tr '\n' ' ')

    # Instructions: callgrind on the whole process, two cycle counts.
    ns_start valgrind --tool=callgrind --callgrind-out-file="$dir/cg.ns" -q
    wait_samples 3
    vp=$(hs_pid)
    callgrind_control -z "$vp" > "$dir/cgc.log" 2>&1 || true
    i0=$(host_samples)
    sleep "$nsecs"
    callgrind_control -d "$vp" >> "$dir/cgc.log" 2>&1 || true
    i1=$(host_samples)
    ns_stop
    ir=$(cat "$dir"/cg.ns* 2>/dev/null | awk '/^summary:/ { s = $2 } /^totals:/ { t = $2 } END { print (t ? t : s) }')
    instr=$(awk -v t="${ir:-0}" -v n="$((i1 - i0))" 'BEGIN { printf "%.0f", (n > 0 ? t / n : 0) }')
    [ "$instr" != 0 ] || { echo "hsflowd-bench: callgrind:" >&2; cat "$dir/cgc.log" >&2; ls "$dir" >&2; }
    rm -f "$dir"/cg.ns*
    bench_ns_delete "$ns"
    ns=""

    printf '%-6s %-22s %-22s %-14s\n' "$nif" "$cpu ms (≤ $target)" "$sc" "$instr"
    echo "        (stat ticks: $ticks ms/cycle; $cycles cycles; top calls over $((s1 - s0)) cycles: $top)"
    if [ -n "$baseline" ]; then
        echo "        (baseline $baseline, same window: $base_cpu ms/cycle; this build $cpu ms)"
    fi
done
if [ -n "${rss1k:-}" ]; then
    echo "hsflowd-bench: RSS with 1,000 interfaces: ${rss1k} kB (target ≤ 4096 kB)"
fi
