#!/bin/sh
# Runs the pcap rtnetlink parser fuzz target over its seed corpus (link and
# FDB dumps recorded from a kernel: every truncation of each seed plus 2000
# mutations) as part of `make check`.
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
exec "$top_builddir/tests/fuzz/fuzz_pcap_rtnl" -n 2000 "$top_srcdir/tests/fuzz/corpus/pcap_rtnl"
