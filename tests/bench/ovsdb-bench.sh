#!/bin/sh
# Benchmark of the OVSDB client against a private ovsdb-server (run with
# `make bench-ovsdb`): initial sync of 1,000 bridges, then the round trip of
# 200 bridge additions (transaction until the replica shows the row).
# Prints figures; asserts nothing.
top_builddir=${1:-$(pwd)}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$top_srcdir/tests/lib/harness.sh"

ovsdb_start
args=""
for i in $(seq 1000); do args="$args -- add-br b$i"; done
# shellcheck disable=SC2086
vsctl --no-wait $args
"$top_builddir/tests/bench/ovsdb-bench" "$OVS_DB" 200
