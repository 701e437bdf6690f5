## The control socket of both daemons: Open vSwitch's unixctl protocol, so that
## `ovs-appctl -t SOCKET COMMAND` works. Uses src/common and jansson.
noinst_LIBRARIES += src/unixctl/libunixctl.a
src_unixctl_libunixctl_a_SOURCES = src/unixctl/unixctl.c src/unixctl/unixctl.h
src_unixctl_libunixctl_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)

check_PROGRAMS += tests/unit/test_unixctl
TESTS += tests/unit/test_unixctl
tests_unit_test_unixctl_SOURCES = tests/unit/test_unixctl.c
tests_unit_test_unixctl_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_unixctl_LDADD = src/unixctl/libunixctl.a src/common/libcommon.a \
	$(JANSSON_LIBS) $(UNIT_LINK_LIBS)
EXTRA_DIST += tests/tools/unixctl-hostile.py
