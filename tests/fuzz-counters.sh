#!/bin/sh
# Runs the host counter parsers' fuzz target over its seed corpus.
exec "${top_builddir:-.}/tests/fuzz/fuzz_counters" -n 2000 "${top_srcdir:-.}/tests/fuzz/corpus/counters"
