#!/bin/sh
# Runs the DNS-SD fuzz targets (TXT parser, DNS message walker) over their
# seed corpora with the stand-alone driver: every seed, every truncation of
# it and 300 mutations each (the seeds include a corpus minimised
# from libFuzzer runs).
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
"$top_builddir/tests/fuzz/fuzz_dnssd_txt" -n 300 "$top_srcdir/tests/fuzz/corpus/dnssd_txt"
"$top_builddir/tests/fuzz/fuzz_dnssd_msg" -n 300 "$top_srcdir/tests/fuzz/corpus/dnssd_msg"
