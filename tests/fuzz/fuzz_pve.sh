#!/bin/sh
# Runs the Proxmox config / QMP fuzz target over its corpus (mutations included).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
exec "$top_builddir/tests/fuzz/fuzz_pve" -n 2000 "$top_srcdir/tests/fuzz/corpus/pve"
