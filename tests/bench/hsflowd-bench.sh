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
