#!/bin/sh
# Runs the NFLOG parser fuzz target over its seed corpus (every truncation of
# each seed plus 2000 mutations) as part of `make check`.
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
exec "$top_builddir/tests/fuzz/fuzz_nflog" -n 2000 "$top_srcdir/tests/fuzz/corpus/nflog"
