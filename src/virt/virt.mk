## src/virt.mk: VM counters through libvirt (libhsvirt.a, built when
## configure finds libvirt). Unit tests, the check program and its
## integration test, the XML fuzz target and the benchmark live here too.
EXTRA_DIST += src/virt/hsvirt.h

# Data source indices from UUIDs: pure, shared with the Xen module, built
# with or without libvirt.
noinst_LIBRARIES += src/virt/libvirtindex.a
src_virt_libvirtindex_a_SOURCES = src/virt/virt_index.c src/virt/virt_index.h

if WITH_LIBVIRT
noinst_LIBRARIES += src/virt/libhsvirt.a
# Each module is a .c and its .h.
VIRT_MODULES = src/virt/hsvirt src/virt/virt_dl src/virt/virt_domain src/virt/virt_xml
src_virt_libhsvirt_a_SOURCES = $(VIRT_MODULES:=.c) $(VIRT_MODULES:=.h)
src_virt_libhsvirt_a_CFLAGS = $(AM_CFLAGS) $(LIBVIRT_CFLAGS)
# libvirt itself is loaded at run time (src/virt/virt_dl.c), not linked.
HSVIRT_LINK = src/virt/libhsvirt.a src/virt/libvirtindex.a src/sflow/libsflow.a src/common/libcommon.a -ldl

check_PROGRAMS += tests/unit/test_virt_index tests/unit/test_virt_hsvirt
TESTS += tests/unit/test_virt_index tests/unit/test_virt_hsvirt
tests_unit_test_virt_index_SOURCES = tests/unit/test_virt_index.c
tests_unit_test_virt_index_CFLAGS = $(UNIT_COMPILE_OPTS) $(LIBVIRT_CFLAGS)
tests_unit_test_virt_index_LDADD = $(HSVIRT_LINK) $(UNIT_LINK_LIBS)
# Includes src/virt/hsvirt.c to drive the connection state machine directly.
tests_unit_test_virt_hsvirt_SOURCES = tests/unit/test_virt_hsvirt.c
tests_unit_test_virt_hsvirt_CFLAGS = $(UNIT_COMPILE_OPTS) $(LIBVIRT_CFLAGS)
tests_unit_test_virt_hsvirt_LDADD = src/virt/libhsvirt.a src/virt/libvirtindex.a src/sflow/libsflow.a src/common/libcommon.a \
	$(LIBVIRT_LIBS) $(UNIT_LINK_LIBS)

# Polls a libvirt URI through hsvirt and prints what it got.
check_PROGRAMS += tests/tools/virt-check
tests_tools_virt_check_SOURCES = tests/tools/virt-check.c
tests_tools_virt_check_CFLAGS = $(AM_CFLAGS) $(LIBVIRT_CFLAGS)
tests_tools_virt_check_LDADD = $(HSVIRT_LINK)
TESTS += tests/virt-check.sh tests/virt-hsflowd.sh

# Benchmark (not part of make check): instructions per polling cycle.
bench-virt: tests/tools/virt-check
	$(SHELL) $(top_srcdir)/tests/bench/virt-bench.sh $(abs_top_builddir)
.PHONY: bench-virt
endif

# The domain XML scanner needs no libvirt: its unit test and fuzz target
# compile it in directly (instrumented under --enable-fuzzing).
check_PROGRAMS += tests/unit/test_virt_xml tests/fuzz/fuzz_virt_xml
TESTS += tests/unit/test_virt_xml tests/fuzz/virt_xml.fuzz
tests_unit_test_virt_xml_SOURCES = tests/unit/test_virt_xml.c src/virt/virt_xml.c src/virt/virt_xml.h
tests_unit_test_virt_xml_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_virt_xml_LDADD = src/common/libcommon.a $(UNIT_LINK_LIBS)
tests_fuzz_fuzz_virt_xml_SOURCES = tests/fuzz/fuzz_virt_xml.c src/virt/virt_xml.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_virt_xml_CFLAGS = $(AM_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_virt_xml_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_virt_xml_LDADD = src/common/libcommon.a

EXTRA_DIST += tests/virt-check.sh tests/virt-hsflowd.sh tests/virt-expect.py \
	tests/data/virt-node.xml \
	tests/fuzz/virt_xml.fuzz tests/fuzz/corpus/virt_xml \
	tests/bench/virt-bench.sh
