#!/bin/sh
# Runs the domain XML fuzz target over its corpus (mutations included).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
exec "$top_builddir/tests/fuzz/fuzz_virt_xml" -n 2000 "$top_srcdir/tests/fuzz/corpus/virt_xml"
