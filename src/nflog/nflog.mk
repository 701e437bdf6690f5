## src/nflog.mk: packet sampling from iptables NFLOG groups (libhsnflog.a),
## its tests, fuzz target, benchmark and the rules helper script.
EXTRA_DIST += src/nflog/hsnflog.h

if WITH_NFLOG
noinst_LIBRARIES += src/nflog/libhsnflog.a
# Each module is a .c and its .h.
NFLOG_MODULES = src/nflog/hsnflog src/nflog/nflog_parse src/nflog/nflog_sampler
src_nflog_libhsnflog_a_SOURCES = $(NFLOG_MODULES:=.c) $(NFLOG_MODULES:=.h)
src_nflog_libhsnflog_a_CFLAGS = $(AM_CFLAGS) $(NFLOG_CFLAGS)

check_PROGRAMS += tests/unit/test_nflog_parse tests/unit/test_nflog_sampler
TESTS += tests/unit/test_nflog_parse tests/unit/test_nflog_sampler
tests_unit_test_nflog_parse_SOURCES = tests/unit/test_nflog_parse.c tests/unit/nflog_msg.h
tests_unit_test_nflog_parse_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_nflog_parse_LDADD = src/nflog/libhsnflog.a src/common/libcommon.a $(UNIT_LINK_LIBS)
tests_unit_test_nflog_sampler_SOURCES = tests/unit/test_nflog_sampler.c tests/unit/nflog_msg.h
tests_unit_test_nflog_sampler_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_nflog_sampler_LDADD = src/nflog/libhsnflog.a src/common/libcommon.a $(UNIT_LINK_LIBS) -lm
check_PROGRAMS += tests/unit/test_nflog_hsnflog
TESTS += tests/unit/test_nflog_hsnflog
tests_unit_test_nflog_hsnflog_SOURCES = tests/unit/test_nflog_hsnflog.c
tests_unit_test_nflog_hsnflog_CFLAGS = $(UNIT_COMPILE_OPTS) $(NFLOG_CFLAGS)
tests_unit_test_nflog_hsnflog_LDADD = src/nflog/libhsnflog.a src/sflow/libsflow.a src/common/libcommon.a \
	$(NFLOG_LIBS) $(UNIT_LINK_LIBS)

# The parser and sampler under the fuzz driver (or libFuzzer).
check_PROGRAMS += tests/fuzz/fuzz_nflog
tests_fuzz_fuzz_nflog_SOURCES = tests/fuzz/fuzz_nflog.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_nflog_CFLAGS = $(AM_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_nflog_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_nflog_LDADD = src/nflog/libhsnflog.a src/common/libcommon.a
TESTS += tests/fuzz/nflog.fuzz
endif
EXTRA_DIST += tests/fuzz/nflog.fuzz tests/fuzz/corpus/nflog

# The receiver and packet generator used by the NFLOG tests and benchmark
# (the generator by the pcap ones too, so it is built either way).
if WITH_NFLOG
check_PROGRAMS += tests/tools/nflog-check
tests_tools_nflog_check_SOURCES = tests/tools/nflog-check.c
tests_tools_nflog_check_CFLAGS = $(AM_CFLAGS)
tests_tools_nflog_check_LDADD = src/nflog/libhsnflog.a src/sflow/libsflow.a src/common/libcommon.a $(NFLOG_LIBS)
endif
check_PROGRAMS += tests/tools/nflog-blast
tests_tools_nflog_blast_SOURCES = tests/tools/nflog-blast.c
tests_tools_nflog_blast_CFLAGS = $(AM_CFLAGS)
tests_tools_nflog_blast_LDADD = src/common/libcommon.a

# Integration tests (root, namespaces; skipped elsewhere).
if WITH_NFLOG
TESTS += tests/nflog-ping.sh tests/nflog-rate.sh tests/nflog-overrun.sh \
	tests/nflog-overrun-hsflowd.sh tests/nflog-subsample.sh
endif
TESTS += tests/nflog-rules.sh
EXTRA_DIST += tests/nflog-lib.sh tests/nflog-ping.sh tests/nflog-rate.sh \
	tests/nflog-overrun.sh tests/nflog-overrun-hsflowd.sh tests/nflog-rules.sh \
	tests/nflog-subsample.sh

# The rules helper: prints or applies the iptables rules matching the config.
dist_sbin_SCRIPTS = scripts/hsflowd-nflog-rules

# Benchmark (prints figures; not part of make check): tests/bench/nflog-bench.sh
EXTRA_DIST += tests/bench/nflog-bench.sh
if WITH_NFLOG
bench-nflog: tests/tools/nflog-check tests/tools/nflog-blast src/sflowdump/sflowdump
	top_builddir=$(abs_top_builddir) $(SHELL) $(top_srcdir)/tests/bench/nflog-bench.sh
endif
