#!/bin/sh
# Instructions per host counter poll (hscounters_host + hscounters_interfaces),
# measured with callgrind on the live host or a sysroot:
#
#   tests/bench/counters-bench.sh [BUILD_DIR] [CYCLES] [SYSROOT]
#                                                    (or: make bench-counters)
#
# Runs bench_counters for 1 and for 1 + CYCLES polls; the difference over
# CYCLES is the cost of one poll without the start-up. Counts user-space
# instructions only (the kernel's work to produce /proc is not in them).
# Printed, not judged.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${top_builddir:-$here}}
cycles=${2:-50}
root=${3:-/}
prog="$build/tests/bench/bench_counters"
[ -x "$prog" ] || { echo "counters-bench: build $prog first (make check)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "counters-bench: valgrind not installed" >&2; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/counters-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$prog" -n "$1" "$root" \
        > "$dir/out" 2> "$dir/vg.log"
    awk '/^summary:/ { print $2 }' "$dir/cg.out"
}

base=$(instructions 1)
total=$(instructions $((cycles + 1)))
per=$(( (total - base) / cycles ))
"$prog" -n "$cycles" "$root" > "$dir/out"
echo "counters-bench: $root, $cycles polls: $per instructions per poll" \
     "(host records: $(sed -n 's/^records: //p' "$dir/out");" \
     "interfaces: $(sed -n 's/^interfaces: //p' "$dir/out"));" \
     "$(sed -n 's/^bench_counters: .*, //p' "$dir/out") wall"

# In a namespace of the bench's own with 10, 100 and 1,000 interfaces (see
# bench-netns.sh; BENCH_IFACES changes the list): instructions and system
# calls per poll on the live path (sysroot "/").
if [ "$root" != / ] || [ "$(id -u)" != 0 ] || ! ip netns list >/dev/null 2>&1; then
    exit 0
fi
command -v strace >/dev/null || { echo "counters-bench: strace not installed" >&2; exit 1; }
. "$here/tests/bench/bench-netns.sh"
ns=""
trap '[ -z "$ns" ] || bench_ns_delete "$ns"; rm -rf "$dir"' EXIT
for nif in ${BENCH_IFACES:-10 100 1000}; do
    ns="cbench$$-$nif"
    bench_ns_make "$ns" "$nif"
    base=$(ip netns exec "$ns" sh -c "$(command -v valgrind) --tool=callgrind --callgrind-out-file=$dir/cg.out $prog -n 1 / > $dir/out 2> $dir/vg.log; awk '/^summary:/ { print \$2 }' $dir/cg.out")
    total=$(ip netns exec "$ns" sh -c "$(command -v valgrind) --tool=callgrind --callgrind-out-file=$dir/cg.out $prog -n $((cycles + 1)) / > $dir/out 2> $dir/vg.log; awk '/^summary:/ { print \$2 }' $dir/cg.out")
    ip netns exec "$ns" strace -c -f -q -o "$dir/st1" "$prog" -n 1 / > /dev/null
    ip netns exec "$ns" strace -c -f -q -o "$dir/stn" "$prog" -n $((cycles + 1)) / > "$dir/out"
    c1=$(awk '$NF == "total" { print $4 }' "$dir/st1")
    cn=$(awk '$NF == "total" { print $4 }' "$dir/stn")
    echo "counters-bench: $nif interfaces: $(( (total - base) / cycles )) instructions," \
         "$(awk -v a="$c1" -v b="$cn" -v n="$cycles" 'BEGIN { printf "%.1f", (b - a) / n }') system calls per poll" \
         "(interfaces counted: $(sed -n 's/^interfaces: //p' "$dir/out"))"
    bench_ns_delete "$ns"
    ns=""
done
