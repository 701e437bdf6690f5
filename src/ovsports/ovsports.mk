## src/ovsports.mk: which interfaces ovs-vswitchd reports (pure, ovsports.c)
## and the OVSDB watch hsflowd runs for ovs { } (ovswatch.c, on libovsdb).
noinst_LIBRARIES += src/ovsports/libovsports.a
# Each module is a .c and its .h.
OVSPORTS_MODULES = src/ovsports/ovsports src/ovsports/ovswatch
src_ovsports_libovsports_a_SOURCES = $(OVSPORTS_MODULES:=.c) $(OVSPORTS_MODULES:=.h)
src_ovsports_libovsports_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)

check_PROGRAMS += tests/unit/test_ovsports
TESTS += tests/unit/test_ovsports
tests_unit_test_ovsports_SOURCES = tests/unit/test_ovsports.c tests/unit/check_run.h
tests_unit_test_ovsports_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_ovsports_LDADD = src/ovsports/libovsports.a src/common/libcommon.a \
	$(JANSSON_LIBS) $(UNIT_LINK_LIBS)

## hsflowd, ovs-vswitchd and sflowovsd under one agent address: no data
## source from two sub-agents (root; real ovs-vswitchd).
TESTS += tests/hsflowd-ovs-owner.sh
EXTRA_DIST += tests/hsflowd-ovs-owner.sh
