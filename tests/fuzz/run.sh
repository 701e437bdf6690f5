#!/bin/sh
# run.sh: runs one fuzz target over its seed corpus with the stand-alone
# driver (tests/fuzz/driver.c): every seed, every truncation of it and N
# mutations of each.
#
#   tests/fuzz/run.sh NAME [N]     runs tests/fuzz/fuzz_NAME over
#                                  tests/fuzz/corpus/NAME (N default 2000)
#   tests/fuzz/run.sh DIR/NAME.fuzz   the same, N read from the file
#
# make check runs each target through the second form: TESTS lists
# tests/fuzz/NAME.fuzz, whose one line is N (FUZZ_LOG_COMPILER is this
# script). top_srcdir defaults to the tree this script is in, top_builddir to
# the current directory.
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"

[ $# -ge 1 ] || { echo "usage: $0 NAME [N] | NAME.fuzz" >&2; exit 2; }
case $1 in
*.fuzz)
    name=$(basename "$1" .fuzz)
    n=$(sed -n '/^[0-9][0-9]*$/p' "$1" | head -n 1)
    ;;
*)
    name=$1
    n=${2:-2000}
    ;;
esac
[ -n "$n" ] || { echo "$1: no mutation count in it" >&2; exit 2; }
exec "$top_builddir/tests/fuzz/fuzz_$name" -n "$n" "$top_srcdir/tests/fuzz/corpus/$name"
