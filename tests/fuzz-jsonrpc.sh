#!/bin/sh
# Runs the OVSDB stream/JSON-RPC/replica fuzz target over its seed corpus.
exec "${top_builddir:-.}/tests/fuzz/fuzz_jsonrpc" -n 2000 "${top_srcdir:-.}/tests/fuzz/corpus/jsonrpc"
