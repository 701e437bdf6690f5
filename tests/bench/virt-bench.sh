#!/bin/sh
# Instructions per VM polling cycle with 50 domains in libvirt's test driver
# (2 disks and 2 interfaces each), measured with callgrind:
#
#   tests/bench/virt-bench.sh [BUILD_DIR] [CYCLES]    (or: make bench-virt)
#
# Runs virt-check for 1 and for 1 + CYCLES polls; the difference over CYCLES
# is the cost of one cycle without the connection setup. Printed, not judged.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${top_builddir:-$here}}
cycles=${2:-20}
domains=${VIRT_BENCH_DOMAINS:-50}
check="$build/tests/tools/virt-check"
[ -x "$check" ] || { echo "virt-bench: build $check first (make check)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "virt-bench: valgrind not installed" >&2; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/virt-bench.XXXXXX")
trap '[ -n "${VIRT_BENCH_KEEP:-}" ] || rm -rf "$dir"' EXIT

# The node: DOMAINS running domains with fixed, distinct UUIDs and MACs.
{
    echo '<node>'
    echo '  <cpu><mhz>2600</mhz><model>x86_64</model><active>32</active><nodes>1</nodes>'
    echo '    <sockets>2</sockets><cores>8</cores><threads>2</threads></cpu>'
    echo '  <memory>268435456</memory>'
    i=1
    while [ "$i" -le "$domains" ]; do
        h=$(printf '%02x' "$i")
        cat <<DOM
  <domain type="test">
    <name>bench$i</name>
    <uuid>$(printf '%08x' "$i")-b0b0-4000-8000-0000000000$h</uuid>
    <memory>1048576</memory><currentMemory>524288</currentMemory><vcpu>2</vcpu>
    <os><type arch="x86_64">hvm</type></os>
    <devices>
      <disk type="file" device="disk"><source file="/img/b$i-a.img"/><target dev="vda" bus="virtio"/></disk>
      <disk type="file" device="disk"><source file="/img/b$i-b.img"/><target dev="vdb" bus="virtio"/></disk>
      <interface type="network"><mac address="52:54:00:be:$h:01"/><source network="default"/></interface>
      <interface type="network"><mac address="52:54:00:be:$h:02"/><source network="default"/></interface>
    </devices>
  </domain>
DOM
        i=$((i + 1))
    done
    echo '</node>'
} > "$dir/node.xml"

instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$check" -n "$1" \
        "test://$dir/node.xml" > "$dir/out" 2> "$dir/vg.log"
    n=$(grep -c '^vm ' "$dir/out")
    [ "$n" = "$domains" ] || { echo "virt-bench: saw $n domains, not $domains" >&2; exit 1; }
    awk '/^summary:/ { print $2 }' "$dir/cg.out"
}

base=$(instructions 1)
total=$(instructions $((cycles + 1)))
per=$(( (total - base) / cycles ))
echo "virt-bench: $domains domains, $cycles cycles: $per instructions per polling cycle" \
     "($(( per / domains )) per domain); setup + first cycle $base"
