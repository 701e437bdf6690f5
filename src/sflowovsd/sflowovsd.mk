## sflowovsd: the Open vSwitch sFlow controller. Everything but main() is in
## libsflowovsd.a so that unit tests link the same code.
noinst_LIBRARIES += src/sflowovsd/libsflowovsd.a
# Each module is a .c and its .h.
SFLOWOVSD_MODULES = src/sflowovsd/ovs_reconcile src/sflowovsd/auto_watch \
	src/sflowovsd/ovsd_ctl
src_sflowovsd_libsflowovsd_a_SOURCES = $(SFLOWOVSD_MODULES:=.c) $(SFLOWOVSD_MODULES:=.h)
src_sflowovsd_libsflowovsd_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)

sbin_PROGRAMS += src/sflowovsd/sflowovsd
src_sflowovsd_sflowovsd_SOURCES = src/sflowovsd/sflowovsd.c
src_sflowovsd_sflowovsd_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
src_sflowovsd_sflowovsd_LDADD = src/sflowovsd/libsflowovsd.a ovsdb/libovsdb.a \
	src/unixctl/libunixctl.a src/common/libcommon.a $(JANSSON_LIBS)

## Unit tests (reconcile includes its module's .c to reach its statics; the
## controller's test links the library with a fake OVSDB session).
check_PROGRAMS += tests/unit/test_sflowovsd_ovs_reconcile tests/unit/test_sflowovsd_auto_watch \
	tests/unit/test_sflowovsd_ovsd_ctl
TESTS += tests/unit/test_sflowovsd_ovs_reconcile tests/unit/test_sflowovsd_auto_watch \
	tests/unit/test_sflowovsd_ovsd_ctl
tests_unit_test_sflowovsd_ovs_reconcile_SOURCES = tests/unit/test_sflowovsd_ovs_reconcile.c tests/unit/check_run.h
tests_unit_test_sflowovsd_ovs_reconcile_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_sflowovsd_ovs_reconcile_LDADD = ovsdb/libovsdb.a src/common/libcommon.a $(JANSSON_LIBS) \
	$(UNIT_LINK_LIBS)
tests_unit_test_sflowovsd_auto_watch_SOURCES = tests/unit/test_sflowovsd_auto_watch.c tests/unit/check_run.h
tests_unit_test_sflowovsd_auto_watch_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_sflowovsd_auto_watch_LDADD = src/sflowovsd/libsflowovsd.a src/common/libcommon.a $(UNIT_LINK_LIBS)
# The OVSDB session is faked in the test itself (libovsdb only for datums).
tests_unit_test_sflowovsd_ovsd_ctl_SOURCES = tests/unit/test_sflowovsd_ovsd_ctl.c tests/unit/check_run.h
tests_unit_test_sflowovsd_ovsd_ctl_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_sflowovsd_ovsd_ctl_LDADD = src/sflowovsd/libsflowovsd.a ovsdb/libovsdb.a src/common/libcommon.a \
	$(JANSSON_LIBS) $(UNIT_LINK_LIBS)

## Fuzz target for the hsflowd.auto parser, run over its corpus by make check.
check_PROGRAMS += tests/fuzz/fuzz_hsauto
tests_fuzz_fuzz_hsauto_SOURCES = tests/fuzz/fuzz_hsauto.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_hsauto_CFLAGS = $(AM_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_hsauto_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_hsauto_LDADD = src/common/libcommon.a
TESTS += tests/fuzz/hsauto.fuzz
EXTRA_DIST += tests/fuzz/hsauto.fuzz tests/fuzz/corpus/hsauto

## Integration tests against the real ovsdb-server (and ovs-vswitchd).
TESTS += tests/ovsd-attach.sh tests/ovsd-settings.sh tests/ovsd-restart.sh \
	tests/ovsd-restart-often.sh tests/ovsd-operator.sh tests/ovsd-dryrun.sh
EXTRA_DIST += tests/lib/ovsd.sh tests/lib/ovsd-attach-lag.py tests/ovsd-attach.sh \
	tests/ovsd-settings.sh tests/ovsd-restart.sh tests/ovsd-restart-often.sh \
	tests/ovsd-operator.sh tests/ovsd-dryrun.sh

## Files it must not trust (hsflowd.auto, pid file, log file).
TESTS += tests/ovsd-untrusted.sh
EXTRA_DIST += tests/ovsd-untrusted.sh

## The control socket, with the stock ovs-appctl.
TESTS += tests/ovsd-appctl.sh
EXTRA_DIST += tests/ovsd-appctl.sh

## Benchmark (prints figures, not part of make check): make bench-ovsd
EXTRA_DIST += tests/bench/ovsd-bench.sh
bench-ovsd: src/sflowovsd/sflowovsd
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	$(SHELL) $(top_srcdir)/tests/bench/ovsd-bench.sh
