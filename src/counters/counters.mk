## Host counter readers (src/counters/counters.h): /proc and /sys under a sysroot into
## the sFlow counter records of sflow.h.
noinst_LIBRARIES += src/counters/libcounters.a
# Each module is a .c and its .h.
COUNTERS_MODULES = src/counters/counters src/counters/sysroot \
	src/counters/counters_scan src/counters/counters_descr src/counters/counters_ifaces \
	src/counters/counters_cpu src/counters/counters_memory src/counters/counters_disk \
	src/counters/counters_mounts src/counters/counters_netdev src/counters/counters_live \
	src/counters/counters_mib2
src_counters_libcounters_a_SOURCES = $(COUNTERS_MODULES:=.c) $(COUNTERS_MODULES:=.h) \
	src/counters/counters_state.h
src_counters_libcounters_a_CFLAGS = $(AM_CFLAGS)

check_PROGRAMS += tests/unit/test_counters
TESTS += tests/unit/test_counters
tests_unit_test_counters_SOURCES = tests/unit/test_counters.c
tests_unit_test_counters_CFLAGS = $(UNIT_COMPILE_OPTS) -DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_counters_LDADD = src/counters/libcounters.a src/netlink/libnetlink.a src/sflow/libsflow.a src/common/libcommon.a $(UNIT_LINK_LIBS)
# Recorded sysroots (tests/data/record-sysroot.sh DEST records another).
EXTRA_DIST += tests/data/record-sysroot.sh tests/data/sysroot-recorded tests/data/sysroot-odd

check_PROGRAMS += tests/fuzz/fuzz_counters
TESTS += tests/fuzz/counters.fuzz
tests_fuzz_fuzz_counters_SOURCES = tests/fuzz/fuzz_counters.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_counters_CFLAGS = $(AM_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_counters_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_counters_LDADD = src/counters/libcounters.a src/netlink/libnetlink.a src/common/libcommon.a
EXTRA_DIST += tests/fuzz/counters.fuzz tests/fuzz/corpus/counters

# Benchmark (not a test): instructions per poll, printed.
check_PROGRAMS += tests/bench/bench_counters
tests_bench_bench_counters_SOURCES = tests/bench/bench_counters.c
tests_bench_bench_counters_CFLAGS = $(AM_CFLAGS)
tests_bench_bench_counters_LDADD = src/counters/libcounters.a src/netlink/libnetlink.a src/common/libcommon.a
EXTRA_DIST += tests/bench/counters-bench.sh tests/bench/bench-netns.sh
bench-counters: tests/bench/bench_counters
	$(SHELL) $(top_srcdir)/tests/bench/counters-bench.sh $(abs_top_builddir)

# hsflowd --sysroot end to end (needs hsflowd and sflowdump).
TESTS += tests/counters-sysroot.sh
EXTRA_DIST += tests/counters-sysroot.sh
# /proc/mounts and the host name read again only after a change, for real (root).
TESTS += tests/counters-watch.sh
EXTRA_DIST += tests/counters-watch.sh

# The live path's /proc files kept open and read again with pread.
check_PROGRAMS += tests/unit/test_counters_sysroot
TESTS += tests/unit/test_counters_sysroot
tests_unit_test_counters_sysroot_SOURCES = tests/unit/test_counters_sysroot.c
tests_unit_test_counters_sysroot_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_counters_sysroot_LDADD = src/counters/libcounters.a src/netlink/libnetlink.a src/sflow/libsflow.a \
	src/common/libcommon.a $(UNIT_LINK_LIBS)
