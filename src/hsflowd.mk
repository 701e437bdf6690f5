## hsflowd: the host agent (config, agent address, scheduling, sending).
noinst_LIBRARIES += src/libhsflowd.a
src_libhsflowd_a_SOURCES = \
	src/hsconfig.c src/hsconfig_io.c src/hsconfig.h \
	src/agentaddr.c src/agentaddr.h \
	src/hsschedule.c src/hsschedule.h \
	src/hsresolve.c src/hsresolve.h \
	src/hssender.c src/hssender.h \
	src/hsagent.c src/hsagent.h
src_libhsflowd_a_CFLAGS = $(AM_CFLAGS)

sbin_PROGRAMS += src/hsflowd
src_hsflowd_SOURCES = src/hsflowd.c
src_hsflowd_LDADD = src/libhsflowd.a
if WITH_LIBVIRT
src_hsflowd_LDADD += src/libhsvirt.a -ldl
endif
if WITH_NFLOG
src_hsflowd_LDADD += src/libhsnflog.a $(NFLOG_LIBS)
endif
src_hsflowd_LDADD += src/libdnssd.a $(CARES_LIBS) src/libcounters.a src/libsflow.a \
	src/libcommon.a -lm

check_PROGRAMS += tests/unit/test_hsflowd_config
TESTS += tests/unit/test_hsflowd_config
tests_unit_test_hsflowd_config_SOURCES = tests/unit/test_hsflowd_config.c
tests_unit_test_hsflowd_config_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_hsflowd_config_LDADD = src/libhsflowd.a src/libcommon.a $(UNIT_LINK_LIBS)
EXTRA_DIST += \
	tests/hsflowd/proxmox-flat.conf tests/hsflowd/proxmox-block.conf \
	tests/hsflowd/proxmox-modules.conf tests/hsflowd/xcp-flat.conf \
	tests/hsflowd/xcp-block.conf tests/hsflowd/all-blocks.conf tests/hsflowd/all-flat.conf

check_PROGRAMS += tests/fuzz/fuzz_hsconfig
TESTS += tests/fuzz-hsconfig.sh
tests_fuzz_fuzz_hsconfig_SOURCES = tests/fuzz/fuzz_hsconfig.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_hsconfig_CFLAGS = $(AM_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_hsconfig_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_hsconfig_LDADD = src/libhsflowd.a src/libcommon.a
EXTRA_DIST += tests/fuzz-hsconfig.sh tests/fuzz/corpus/hsconfig

check_PROGRAMS += tests/unit/test_hsflowd_agentaddr
TESTS += tests/unit/test_hsflowd_agentaddr
tests_unit_test_hsflowd_agentaddr_SOURCES = tests/unit/test_hsflowd_agentaddr.c
tests_unit_test_hsflowd_agentaddr_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_hsflowd_agentaddr_LDADD = src/libhsflowd.a src/libcommon.a $(UNIT_LINK_LIBS)

check_PROGRAMS += tests/unit/test_hsflowd_schedule
TESTS += tests/unit/test_hsflowd_schedule
tests_unit_test_hsflowd_schedule_SOURCES = tests/unit/test_hsflowd_schedule.c
tests_unit_test_hsflowd_schedule_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_hsflowd_schedule_LDADD = src/libhsflowd.a src/libdnssd.a src/libsflow.a \
	src/libcommon.a $(UNIT_LINK_LIBS)

# The agent with injected time, over a recorded sysroot; links what hsflowd does.
check_PROGRAMS += tests/unit/test_hsflowd_agent
TESTS += tests/unit/test_hsflowd_agent
tests_unit_test_hsflowd_agent_SOURCES = tests/unit/test_hsflowd_agent.c
tests_unit_test_hsflowd_agent_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_hsflowd_agent_LDADD = $(src_hsflowd_LDADD) $(UNIT_LINK_LIBS)

check_PROGRAMS += tests/hsauto-reader
tests_hsauto_reader_SOURCES = tests/hsauto-reader.c
tests_hsauto_reader_LDADD = src/libcommon.a

TESTS += tests/hsflowd-config.sh tests/hsflowd-counters.sh tests/hsflowd-auto.sh \
	tests/hsflowd-ovsd.sh
EXTRA_DIST += tests/hsflowd-config.sh tests/hsflowd-counters.sh tests/hsflowd-auto.sh \
	tests/hsflowd-ovsd.sh

EXTRA_DIST += tests/bench/hsflowd-bench.sh
bench-hsflowd: src/hsflowd src/sflowdump
	$(SHELL) $(top_srcdir)/tests/bench/hsflowd-bench.sh $(abs_top_builddir)
