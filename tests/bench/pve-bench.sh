#!/bin/sh
# Instructions per polling cycle of the pve { } module with 20 real QEMU VMs
# (started as qemu-server starts them, each halted after SeaBIOS read its
# boot sector) and 20 containers (processes in cgroups lxc/<ctid>, each with
# a veth), measured with callgrind, and the libvirt module's figure per
# domain beside it (make bench-virt):
#
#   tests/bench/pve-bench.sh [BUILD_DIR] [CYCLES]     (or: make bench-pve; root)
#
# Runs pve-check for 1 and for 1 + CYCLES cycles; the difference over CYCLES
# is the cost of one cycle (listing, configs, /proc, cgroups, /proc/net/dev,
# one QMP exchange per VM) without the start-up. Printed, not judged.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${top_builddir:-$here}}
cycles=${2:-10}
vms=${PVE_BENCH_VMS:-20}
cts=${PVE_BENCH_CTS:-20}
top_srcdir=$here top_builddir=$build
. "$here/tests/lib/harness.sh"
. "$here/tests/lib/pve.sh"
check="$build/tests/tools/pve-check"
[ -x "$check" ] || { echo "pve-bench: build $check first (make check)" >&2; exit 1; }
require_cmd valgrind
pve_init

i=1
while [ "$i" -le "$vms" ]; do
    id=$((1000 + i)) h=$(printf '%02x' "$i")
    pve_vm_conf "$id" "bench$i" "$(printf '%08x' "$i")-b0b0-4000-8000-0000000000$h" \
        "bc:24:11:be:$h:01" <<EOC
cores: 2
memory: 32
ostype: l26
EOC
    i=$((i + 1))
done
# Started five at a time: TCG start-up is slow on a small machine.
i=1
while [ "$i" -le "$vms" ]; do
    pids=""
    for k in 0 1 2 3 4; do
        [ $((i + k)) -le "$vms" ] || break
        pve_vm_start $((1000 + i + k)) & pids="$pids $!"
    done
    for p in $pids; do wait "$p" || { echo "pve-bench: a QEMU did not start" >&2; exit 1; }; done
    i=$((i + 5))
done
i=1
while [ "$i" -le "$vms" ]; do
    wait_for 120 pve_qmp_ready $((1000 + i)) || { echo "pve-bench: QMP of VM $((1000 + i)) silent" >&2; exit 1; }
    i=$((i + 1))
done
base_ct=$((30000 + $$ % 10000))
i=1
while [ "$i" -le "$cts" ]; do
    pve_ct_start $((base_ct + i)) "$(printf 'bc:24:11:cc:%02x:01' "$i")" "ct$i"
    i=$((i + 1))
done

instructions() {
    in_pve valgrind --tool=callgrind --callgrind-out-file="$TEST_DIR/cg.out" "$check" \
        -c "$PVE_CONF" -r "$PVE_RUN" -g "$PVE_CGROUP" -t 20000 -n "$1" \
        > "$TEST_DIR/out" 2> "$TEST_DIR/vg.log"
    n=$(grep -c '^guest ' "$TEST_DIR/out")
    [ "$n" = $((vms + cts)) ] || { echo "pve-bench: saw $n guests, not $((vms + cts))" >&2; cat "$TEST_DIR/out" >&2; exit 1; }
    awk '/^summary:/ { print $2 }' "$TEST_DIR/cg.out"
}
base=$(instructions 1)
total=$(instructions $((cycles + 1)))
per=$(( (total - base) / cycles ))
echo "pve-bench: $vms VMs + $cts containers, $cycles cycles: $per instructions per polling cycle" \
     "($(( per / (vms + cts) )) per guest); setup + first cycle $base"
if [ -x "$build/tests/tools/virt-check" ]; then
    sh "$here/tests/bench/virt-bench.sh" "$build" 5 | sed 's/^/  beside it: /'
fi
