#!/bin/sh
# Runs the hsflowd.conf parser's fuzz target over its seed corpus.
exec "${top_builddir:-.}/tests/fuzz/fuzz_hsconfig" -n 2000 "${top_srcdir:-.}/tests/fuzz/corpus/hsconfig"
