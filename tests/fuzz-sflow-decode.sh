#!/bin/sh
# Runs the sFlow decoder's fuzz target over its seed corpus: every truncation
# of each seed and 2000 random mutations of it.
exec "${top_builddir:-.}/tests/fuzz/fuzz_sflow_decode" -n 2000 \
    "${top_srcdir:-.}/tests/fuzz/corpus/sflow_decode"
