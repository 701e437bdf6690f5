#!/bin/sh
# Runs the hsflowd.auto parser's fuzz target over its seed corpus.
exec "${top_builddir:-.}/tests/fuzz/fuzz_hsauto" -n 2000 "${top_srcdir:-.}/tests/fuzz/corpus/hsauto"
