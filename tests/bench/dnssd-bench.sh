#!/bin/sh
# DNS-SD figures (printed, not judged):
#  - time per call of the pure TXT parser and DNS message walker;
#  - user-space instructions for one whole refresh (SRV + TXT + A + AAAA
#    through c-ares, against a private dnsmasq on a loopback port), with
#    callgrind: dnssd-check -1 minus a run that fails at once (no server).
#
#   tests/bench/dnssd-bench.sh [BUILD_DIR]          (or: make bench-dnssd)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${top_builddir:-$here}}
top_srcdir=$here
top_builddir=$build
for p in tests/bench/bench_dnssd tests/tools/dnssd-check; do
    [ -x "$build/$p" ] || { echo "dnssd-bench: build $build/$p first (make check)" >&2; exit 1; }
done
. "$here/tests/lib/harness.sh"
require_cmd dnsmasq valgrind

"$build/tests/bench/bench_dnssd" -n 200000 "$here/tests/fuzz/corpus/dnssd_msg/srv"

PORT=$(free_udp_port)
dnsmasq_start "$PORT" --local-ttl=300 \
    --srv-host=_sflow._udp.bench.lan,collector.bench.lan,6343 \
    --host-record=collector.bench.lan,127.0.0.1,::1 \
    --txt-record=_sflow._udp.bench.lan,"txtvers=1","sampling=400","polling=20"
instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$TEST_DIR/cg.out" \
        "$build/tests/tools/dnssd-check" -1 -t 20 "$@" > "$TEST_DIR/out" 2> "$TEST_DIR/vg.log" || true
    awk '/^summary:/ { print $2 }' "$TEST_DIR/cg.out"
}
full=$(instructions -d bench.lan -s "127.0.0.1:$PORT")
grep -q "sampling=400" "$TEST_DIR/out" || { echo "dnssd-bench: the refresh failed" >&2; exit 1; }
dnsmasq_stop
# Same start-up and channel set-up, but the queries are refused at once.
base=$(instructions -d bench.lan -s "127.0.0.1:$PORT")
echo "dnssd-bench: one refresh (SRV + TXT + A + AAAA, c-ares, one collector):" \
     "$((full - base)) instructions over a refused one ($full in all)"
