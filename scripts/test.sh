#!/bin/sh
# The test command: installs dependencies, builds, and runs the whole suite
# twice, once plain and once with AddressSanitizer + UndefinedBehaviorSanitizer.
# Usage: scripts/test.sh [--no-deps]
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
if [ "${1:-}" != --no-deps ]; then
    scripts/install-deps.sh
fi
jobs=$(nproc)
autoreconf -fi
for variant in plain sanitizers; do
    echo "==== build and test: $variant"
    rm -rf "build-$variant"
    mkdir "build-$variant"
    cd "build-$variant"
    flags="--enable-werror"
    [ "$variant" = sanitizers ] && flags="$flags --enable-sanitizers"
    "$top/configure" $flags
    make -j"$jobs"
    if ! make -j"$jobs" check; then
        find . -name '*.log' -path '*tests*' -newer Makefile | while read -r f; do
            if grep -qE '^(FAIL|ERROR)' "${f%.log}.trs" 2>/dev/null; then
                echo "---- $f"; tail -n 80 "$f"
            fi
        done
        exit 1
    fi
    if [ "$variant" = plain ]; then
        echo "==== packaging: make rpm"
        "$top/tests/pkg-rpm.sh" .
        echo "==== packaging: make deb, dpkg -i / -r / -P"
        "$top/tests/pkg-deb.sh" .
        echo "==== make distcheck"
        make -j"$jobs" distcheck
    fi
    cd "$top"
done
echo "==== all test runs passed"
