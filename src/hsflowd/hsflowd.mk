## hsflowd: the host agent (config, agent address, scheduling, sending).
noinst_LIBRARIES += src/hsflowd/libhsflowd.a
# Each module is a .c and its .h.
HSFLOWD_MODULES = src/hsflowd/hsconfig src/hsflowd/hsconfig_io \
	src/hsflowd/hsconfig_pcap src/hsflowd/agentaddr src/hsflowd/hsschedule \
	src/hsflowd/hsresolve src/hsflowd/hshost src/hsflowd/hssender src/hsflowd/hsagent \
	src/hsflowd/hsagent_modules src/hsflowd/hsagent_show
src_hsflowd_libhsflowd_a_SOURCES = $(HSFLOWD_MODULES:=.c) $(HSFLOWD_MODULES:=.h) \
	src/hsflowd/hsconfig_keys.c src/hsflowd/hsconfig_value.c src/hsflowd/hsconfig_int.h \
	src/hsflowd/hsagent_int.h
src_hsflowd_libhsflowd_a_CFLAGS = $(AM_CFLAGS)

sbin_PROGRAMS += src/hsflowd/hsflowd
src_hsflowd_hsflowd_SOURCES = src/hsflowd/hsflowd.c
src_hsflowd_hsflowd_LDADD = src/hsflowd/libhsflowd.a src/unixctl/libunixctl.a $(JANSSON_LIBS)
if WITH_LIBVIRT
src_hsflowd_hsflowd_LDADD += src/virt/libhsvirt.a
endif
if WITH_NFLOG
src_hsflowd_hsflowd_LDADD += src/nflog/libhsnflog.a $(NFLOG_LIBS)
endif
if WITH_PCAP_SAMPLING
src_hsflowd_hsflowd_LDADD += src/pcap/libhspcap.a $(MNL_LIBS)
endif
src_hsflowd_hsflowd_LDADD += src/xen/libhsxen.a src/xen/libxenctl.a src/virt/libvirtindex.a \
	src/pve/libhspve.a $(JANSSON_LIBS) -ldl
src_hsflowd_hsflowd_LDADD += src/dnssd/libdnssd.a $(CARES_LIBS) src/counters/libcounters.a src/netlink/libnetlink.a \
	src/sflow/libsflow.a src/ovsports/libovsports.a ovsdb/libovsdb.a src/common/libcommon.a $(JANSSON_LIBS) -lm

check_PROGRAMS += tests/unit/test_hsflowd_hsconfig
TESTS += tests/unit/test_hsflowd_hsconfig
tests_unit_test_hsflowd_hsconfig_SOURCES = tests/unit/test_hsflowd_hsconfig.c
tests_unit_test_hsflowd_hsconfig_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_hsflowd_hsconfig_LDADD = src/hsflowd/libhsflowd.a src/common/libcommon.a $(UNIT_LINK_LIBS)
EXTRA_DIST += \
	tests/data/conf/proxmox-flat.conf tests/data/conf/proxmox-block.conf \
	tests/data/conf/proxmox-modules.conf tests/data/conf/xcp-flat.conf \
	tests/data/conf/xcp-block.conf tests/data/conf/all-blocks.conf tests/data/conf/all-flat.conf

check_PROGRAMS += tests/unit/test_hsflowd_hsconfig_keys
TESTS += tests/unit/test_hsflowd_hsconfig_keys
tests_unit_test_hsflowd_hsconfig_keys_SOURCES = tests/unit/test_hsflowd_hsconfig_keys.c
tests_unit_test_hsflowd_hsconfig_keys_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_hsflowd_hsconfig_keys_LDADD = src/hsflowd/libhsflowd.a src/common/libcommon.a $(UNIT_LINK_LIBS)

check_PROGRAMS += tests/fuzz/fuzz_hsconfig
TESTS += tests/fuzz/hsconfig.fuzz
tests_fuzz_fuzz_hsconfig_SOURCES = tests/fuzz/fuzz_hsconfig.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_hsconfig_CFLAGS = $(AM_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_hsconfig_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_hsconfig_LDADD = src/hsflowd/libhsflowd.a src/common/libcommon.a
EXTRA_DIST += tests/fuzz/hsconfig.fuzz tests/fuzz/corpus/hsconfig

check_PROGRAMS += tests/unit/test_hsflowd_agentaddr
TESTS += tests/unit/test_hsflowd_agentaddr
tests_unit_test_hsflowd_agentaddr_SOURCES = tests/unit/test_hsflowd_agentaddr.c
tests_unit_test_hsflowd_agentaddr_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_hsflowd_agentaddr_LDADD = src/hsflowd/libhsflowd.a src/netlink/libnetlink.a src/common/libcommon.a $(UNIT_LINK_LIBS)

check_PROGRAMS += tests/unit/test_hsflowd_hsschedule
TESTS += tests/unit/test_hsflowd_hsschedule
tests_unit_test_hsflowd_hsschedule_SOURCES = tests/unit/test_hsflowd_hsschedule.c
tests_unit_test_hsflowd_hsschedule_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_hsflowd_hsschedule_LDADD = src/hsflowd/libhsflowd.a src/dnssd/libdnssd.a $(CARES_LIBS) src/sflow/libsflow.a \
	src/common/libcommon.a $(UNIT_LINK_LIBS)

# The agent with injected time, over a recorded sysroot; links what hsflowd does.
check_PROGRAMS += tests/unit/test_hsflowd_hsagent
TESTS += tests/unit/test_hsflowd_hsagent
tests_unit_test_hsflowd_hsagent_SOURCES = tests/unit/test_hsflowd_hsagent.c
tests_unit_test_hsflowd_hsagent_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_hsflowd_hsagent_LDADD = $(src_hsflowd_hsflowd_LDADD) $(UNIT_LINK_LIBS)

check_PROGRAMS += tests/tools/hsauto-reader
tests_tools_hsauto_reader_SOURCES = tests/tools/hsauto-reader.c
tests_tools_hsauto_reader_LDADD = src/common/libcommon.a

TESTS += tests/hsflowd-untrusted.sh
EXTRA_DIST += tests/hsflowd-untrusted.sh
TESTS += tests/hsflowd-upstream.sh tests/hsflowd-collector-name.sh \
	tests/hsflowd-collector-dev.sh
EXTRA_DIST += tests/hsflowd-upstream.sh tests/hsflowd-collector-name.sh \
	tests/hsflowd-collector-dev.sh \
	tests/data/conf/upstream

TESTS += tests/hsflowd-config.sh tests/hsflowd-counters.sh tests/hsflowd-auto.sh \
	tests/hsflowd-ovsd.sh
EXTRA_DIST += tests/hsflowd-config.sh tests/hsflowd-counters.sh tests/hsflowd-auto.sh \
	tests/hsflowd-ovsd.sh

# The control socket, with the stock ovs-appctl.
TESTS += tests/hsflowd-appctl.sh
EXTRA_DIST += tests/hsflowd-appctl.sh

EXTRA_DIST += tests/bench/hsflowd-bench.sh
bench-hsflowd: src/hsflowd/hsflowd src/sflowdump/sflowdump
	$(SHELL) $(top_srcdir)/tests/bench/hsflowd-bench.sh $(abs_top_builddir)
