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
