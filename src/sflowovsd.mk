## sflowovsd: the Open vSwitch sFlow controller. Everything but main() is in
## libsflowovsd.a so that unit tests link the same code.
noinst_LIBRARIES += src/libsflowovsd.a
src_libsflowovsd_a_SOURCES = \
	src/ovs_reconcile.c src/ovs_reconcile.h
src_libsflowovsd_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)

check_PROGRAMS += tests/unit/test_ovsd_reconcile
TESTS += tests/unit/test_ovsd_reconcile
tests_unit_test_ovsd_reconcile_SOURCES = tests/unit/test_ovsd_reconcile.c
tests_unit_test_ovsd_reconcile_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_ovsd_reconcile_LDADD = src/libcommon.a \
	$(JANSSON_LIBS) $(UNIT_LINK_LIBS)
