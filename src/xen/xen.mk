## src/xen/xen.mk: guests of a Xen host read straight from Xen (XCP-ng,
## XenServer: no libvirt there), for a xen { } block without a URI.
## libxenctrl and libxenstore are loaded at run time; the adapter to
## libxenctrl (libxenctl.a) is built against Xen's headers when configure
## finds them (Debian: libxen-dev), else as a stub that says so. Tests link
## a recorded-domain-list xen_ctl instead of the adapter.
noinst_LIBRARIES += src/xen/libhsxen.a src/xen/libxenctl.a
# Each module is a .c and its .h; xen_ctl.h is implemented by xen_ctl.c in
# its own archive (or by the tests' recorded xen_ctl).
XEN_MODULES = src/xen/hsxen src/xen/xen_dl src/xen/xen_guest src/xen/xen_parse src/xen/xen_store
src_xen_libhsxen_a_SOURCES = $(XEN_MODULES:=.c) $(XEN_MODULES:=.h) src/xen/xen_ctl.h
src_xen_libxenctl_a_SOURCES = src/xen/xen_ctl.c src/xen/xen_ctl.h
HSXEN_LINK = src/xen/libhsxen.a src/virt/libvirtindex.a src/pve/libhspve.a \
	src/counters/libcounters.a src/sflow/libsflow.a src/common/libcommon.a \
	$(JANSSON_LIBS) -ldl

check_PROGRAMS += tests/unit/test_xen_parse
TESTS += tests/unit/test_xen_parse
tests_unit_test_xen_parse_SOURCES = tests/unit/test_xen_parse.c
tests_unit_test_xen_parse_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_xen_parse_LDADD = $(HSXEN_LINK) $(UNIT_LINK_LIBS)

# hsflowd itself, with recorded domain lists in place of libxenctrl (the
# same objects as src/hsflowd/hsflowd but tests/tools/xen_ctl_recorded.c
# instead of libxenctl.a), and a stand-in xenstored.
check_PROGRAMS += tests/tools/hsflowd-xenrec
tests_tools_hsflowd_xenrec_SOURCES = src/hsflowd/hsflowd.c tests/tools/xen_ctl_recorded.c
tests_tools_hsflowd_xenrec_LDADD = $(src_hsflowd_hsflowd_LDADD)
TESTS += tests/xen-guests.sh tests/xen-failures.sh
EXTRA_DIST += tests/xen-guests.sh tests/xen-failures.sh tests/lib/xen.sh \
	tests/tools/xenstore-stub.py tests/xen-expect.py tests/data/xen

# tapdisk3's statistics files and xenstore values are hostile input.
check_PROGRAMS += tests/fuzz/fuzz_xen_stats
TESTS += tests/fuzz/xen_stats.fuzz
tests_fuzz_fuzz_xen_stats_SOURCES = tests/fuzz/fuzz_xen_stats.c src/xen/xen_parse.c \
	$(FUZZ_DRIVER)
tests_fuzz_fuzz_xen_stats_CFLAGS = $(AM_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_xen_stats_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_xen_stats_LDADD = src/counters/libcounters.a src/common/libcommon.a
EXTRA_DIST += tests/fuzz/xen_stats.fuzz tests/fuzz/corpus/xen_stats
