## src/pve/pve.mk: guests of a Proxmox VE host (QEMU VMs through their pid
## files and QMP sockets, LXC containers through their cgroups), without
## libvirt. Always built: it needs only jansson. Unit tests, the check
## program, the integration tests with real QEMU and the benchmark live here.
noinst_LIBRARIES += src/pve/libhspve.a
# Each module is a .c and its .h.
PVE_MODULES = src/pve/hspve src/pve/pve_cgio src/pve/pve_conf src/pve/pve_qmp \
	src/pve/pve_sys src/pve/pve_uuid
src_pve_libhspve_a_SOURCES = $(PVE_MODULES:=.c) $(PVE_MODULES:=.h)
src_pve_libhspve_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
HSPVE_LINK = src/pve/libhspve.a src/counters/libcounters.a src/sflow/libsflow.a \
	src/common/libcommon.a $(JANSSON_LIBS)

TESTS += tests/pve-guests.sh tests/pve-changes.sh
EXTRA_DIST += tests/lib/pve.sh tests/pve-expect.py tests/pve-guests.sh tests/pve-changes.sh

check_PROGRAMS += tests/unit/test_pve_conf tests/unit/test_pve_sys tests/unit/test_pve_qmp \
	tests/unit/test_pve_cgio
TESTS += tests/unit/test_pve_conf tests/unit/test_pve_sys tests/unit/test_pve_qmp \
	tests/unit/test_pve_cgio
tests_unit_test_pve_conf_SOURCES = tests/unit/test_pve_conf.c
tests_unit_test_pve_conf_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_pve_conf_LDADD = $(HSPVE_LINK) $(UNIT_LINK_LIBS)
tests_unit_test_pve_sys_SOURCES = tests/unit/test_pve_sys.c
tests_unit_test_pve_sys_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_pve_sys_LDADD = $(HSPVE_LINK) $(UNIT_LINK_LIBS)
tests_unit_test_pve_qmp_SOURCES = tests/unit/test_pve_qmp.c
tests_unit_test_pve_qmp_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_pve_qmp_LDADD = $(HSPVE_LINK) $(UNIT_LINK_LIBS)
tests_unit_test_pve_cgio_SOURCES = tests/unit/test_pve_cgio.c
tests_unit_test_pve_cgio_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_pve_cgio_LDADD = $(HSPVE_LINK) $(UNIT_LINK_LIBS)
EXTRA_DIST += tests/data/pve

# Runs hspve's cycles and prints the guests (the benchmark's driver).
check_PROGRAMS += tests/tools/pve-check
tests_tools_pve_check_SOURCES = tests/tools/pve-check.c
tests_tools_pve_check_LDADD = $(HSPVE_LINK)

# Benchmark (not part of make check): instructions per polling cycle with
# 20 QEMU VMs and 20 containers (root), beside bench-virt's per-domain figure.
bench-pve: tests/tools/pve-check
	$(SHELL) $(top_srcdir)/tests/bench/pve-bench.sh $(abs_top_builddir)
EXTRA_DIST += tests/bench/pve-bench.sh

# Guest configs, QMP messages and cgroup I/O files are hostile input: a fuzz
# target over all three, with the parsers compiled in (instrumented under
# --enable-fuzzing).
check_PROGRAMS += tests/fuzz/fuzz_pve
TESTS += tests/fuzz/pve.fuzz
tests_fuzz_fuzz_pve_SOURCES = tests/fuzz/fuzz_pve.c src/pve/pve_cgio.c src/pve/pve_conf.c \
	src/pve/pve_qmp.c $(FUZZ_DRIVER)
tests_fuzz_fuzz_pve_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_pve_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_pve_LDADD = src/counters/libcounters.a src/common/libcommon.a $(JANSSON_LIBS)
EXTRA_DIST += tests/fuzz/pve.fuzz tests/fuzz/corpus/pve
