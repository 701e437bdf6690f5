## DNS-SD: sFlow settings from SRV and TXT records, resolved with c-ares.
## Programs that link src/dnssd/libdnssd.a also need $(CARES_LIBS).
noinst_LIBRARIES += src/dnssd/libdnssd.a
# Each module is a .c and its .h.
DNSSD_MODULES = src/dnssd/dnssd src/dnssd/dns_channel src/dnssd/dnsname \
	src/dnssd/dnssd_query src/dnssd/dnssd_msg src/dnssd/dnssd_result src/dnssd/dnssd_txt
src_dnssd_libdnssd_a_SOURCES = $(DNSSD_MODULES:=.c) $(DNSSD_MODULES:=.h)
src_dnssd_libdnssd_a_CFLAGS = $(AM_CFLAGS) $(CARES_CFLAGS)

DNSSD_TEST_LIBS = src/dnssd/libdnssd.a src/common/libcommon.a $(CARES_LIBS)

# Unit tests: the TXT parser, the DNS message walker, the refresher's pure parts.
check_PROGRAMS += tests/unit/test_dnssd_txt tests/unit/test_dnssd_msg tests/unit/test_dnssd
TESTS += tests/unit/test_dnssd_txt tests/unit/test_dnssd_msg tests/unit/test_dnssd
tests_unit_test_dnssd_txt_SOURCES = tests/unit/test_dnssd_txt.c
tests_unit_test_dnssd_txt_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_dnssd_txt_LDADD = $(DNSSD_TEST_LIBS) $(UNIT_LINK_LIBS)
tests_unit_test_dnssd_msg_SOURCES = tests/unit/test_dnssd_msg.c
tests_unit_test_dnssd_msg_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_dnssd_msg_LDADD = $(DNSSD_TEST_LIBS) $(UNIT_LINK_LIBS)
tests_unit_test_dnssd_SOURCES = tests/unit/test_dnssd.c
tests_unit_test_dnssd_CFLAGS = $(UNIT_COMPILE_OPTS) $(CARES_CFLAGS)
tests_unit_test_dnssd_LDADD = $(DNSSD_TEST_LIBS) $(UNIT_LINK_LIBS)

# Fuzz targets, run over their seed corpora by make check. The code under
# test is compiled into each target (not taken from libdnssd.a) so that a
# libFuzzer build (--enable-fuzzing) instruments it for coverage.
check_PROGRAMS += tests/fuzz/fuzz_dnssd_txt tests/fuzz/fuzz_dnssd_msg
tests_fuzz_fuzz_dnssd_txt_SOURCES = tests/fuzz/fuzz_dnssd_txt.c src/dnssd/dnssd_txt.c \
	src/dnssd/dnssd_result.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_dnssd_txt_CFLAGS = $(AM_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_dnssd_txt_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_dnssd_txt_LDADD = src/common/libcommon.a
tests_fuzz_fuzz_dnssd_msg_SOURCES = tests/fuzz/fuzz_dnssd_msg.c src/dnssd/dnssd_msg.c \
	src/dnssd/dnssd_result.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_dnssd_msg_CFLAGS = $(AM_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_dnssd_msg_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_dnssd_msg_LDADD = src/common/libcommon.a
TESTS += tests/fuzz/dnssd_txt.fuzz tests/fuzz/dnssd_msg.fuzz
EXTRA_DIST += tests/fuzz/dnssd_txt.fuzz tests/fuzz/dnssd_msg.fuzz tests/fuzz/corpus/dnssd_txt tests/fuzz/corpus/dnssd_msg

# Integration: the refresher against a real dnsmasq.
check_PROGRAMS += tests/tools/dnssd-check
tests_tools_dnssd_check_SOURCES = tests/tools/dnssd-check.c
tests_tools_dnssd_check_LDADD = $(DNSSD_TEST_LIBS)
TESTS += tests/dnssd-dnsmasq.sh tests/dnssd-hsflowd.sh
EXTRA_DIST += tests/dnssd-dnsmasq.sh tests/dnssd-hsflowd.sh

# Benchmark (not a test): per-call cost of the parsers, instructions per
# refresh; printed.
check_PROGRAMS += tests/bench/bench_dnssd
tests_bench_bench_dnssd_SOURCES = tests/bench/bench_dnssd.c
tests_bench_bench_dnssd_LDADD = $(DNSSD_TEST_LIBS)
EXTRA_DIST += tests/bench/dnssd-bench.sh
bench-dnssd: tests/bench/bench_dnssd tests/tools/dnssd-check
	$(SHELL) $(top_srcdir)/tests/bench/dnssd-bench.sh $(abs_top_builddir)
