## src/pcap/pcap.mk: packet sampling on interfaces through AF_PACKET sockets
## with a sampling BPF filter (libhspcap.a), its tests and benchmark.
EXTRA_DIST += src/pcap/hspcap.h

if WITH_PCAP_SAMPLING
noinst_LIBRARIES += src/pcap/libhspcap.a
# Each module is a .c and its .h.
PCAP_MODULES = src/pcap/hspcap src/pcap/pcap_bpf src/pcap/pcap_fdb src/pcap/pcap_neigh \
	src/pcap/pcap_port src/pcap/pcap_select
src_pcap_libhspcap_a_SOURCES = $(PCAP_MODULES:=.c) $(PCAP_MODULES:=.h)
src_pcap_libhspcap_a_CFLAGS = $(AM_CFLAGS) $(MNL_CFLAGS)
endif

if WITH_PCAP_SAMPLING
check_PROGRAMS += tests/unit/test_pcap
TESTS += tests/unit/test_pcap
tests_unit_test_pcap_SOURCES = tests/unit/test_pcap.c
tests_unit_test_pcap_CFLAGS = $(UNIT_COMPILE_OPTS) $(MNL_CFLAGS)
tests_unit_test_pcap_LDADD = src/pcap/libhspcap.a src/hsflowd/libhsflowd.a \
	src/common/libcommon.a $(MNL_LIBS) $(UNIT_LINK_LIBS)
endif
# The pcap { } keys parse with or without the sampler built.
check_PROGRAMS += tests/unit/test_hsflowd_hsconfig_pcap
TESTS += tests/unit/test_hsflowd_hsconfig_pcap
tests_unit_test_hsflowd_hsconfig_pcap_SOURCES = tests/unit/test_hsflowd_hsconfig_pcap.c
tests_unit_test_hsflowd_hsconfig_pcap_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_hsflowd_hsconfig_pcap_LDADD = src/hsflowd/libhsflowd.a src/common/libcommon.a $(UNIT_LINK_LIBS)

# rtnetlink datagrams through the shared link parser (src/netlink/rtlink)
# and pcap's FDB walker, parser and table, under the fuzz driver (or
# libFuzzer), seeded with link and FDB dumps recorded from a kernel.
if WITH_PCAP_SAMPLING
check_PROGRAMS += tests/fuzz/fuzz_rtnetlink
tests_fuzz_fuzz_rtnetlink_SOURCES = tests/fuzz/fuzz_rtnetlink.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_rtnetlink_CFLAGS = $(AM_CFLAGS) $(FUZZ_COMPILE_OPTS) $(MNL_CFLAGS)
tests_fuzz_fuzz_rtnetlink_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_rtnetlink_LDADD = src/pcap/libhspcap.a src/netlink/libnetlink.a \
	src/common/libcommon.a $(MNL_LIBS)
TESTS += tests/fuzz/rtnetlink.fuzz
endif
EXTRA_DIST += tests/fuzz/rtnetlink.fuzz tests/fuzz/corpus/rtnetlink

# Integration tests (root, namespaces; skipped elsewhere).
if WITH_PCAP_SAMPLING
TESTS += tests/pcap-bridge.sh tests/pcap-hotplug.sh tests/pcap-rate.sh
endif
EXTRA_DIST += tests/pcap-lib.sh tests/pcap-bridge.sh tests/pcap-hotplug.sh tests/pcap-rate.sh

# Benchmarks (print figures; not part of make check): sampling rates
# (tests/bench/pcap-bench.sh) and VM ports coming and going
# (tests/bench/pcap-churn.sh).
EXTRA_DIST += tests/bench/pcap-bench.sh tests/bench/pcap-churn.sh
if WITH_PCAP_SAMPLING
bench-pcap: src/hsflowd/hsflowd src/sflowdump/sflowdump tests/tools/nflog-blast
	top_builddir=$(abs_top_builddir) $(SHELL) $(top_srcdir)/tests/bench/pcap-bench.sh
bench-pcap-churn: src/hsflowd/hsflowd
	top_builddir=$(abs_top_builddir) $(SHELL) $(top_srcdir)/tests/bench/pcap-churn.sh
endif
