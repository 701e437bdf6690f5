## Test infrastructure shared by every area: the shell harness and the
## stand-alone fuzz driver. Areas add their own tests in their fragments:
##   check_PROGRAMS += tests/unit/test_x   TESTS += tests/unit/test_x tests/x.sh
## Fuzz targets: tests/fuzz/fuzz_x.c defines LLVMFuzzerTestOneInput; in a
## normal build it is linked with $(FUZZ_DRIVER) and run by `make check` over
## its corpus in tests/fuzz/corpus/x/; with --enable-fuzzing (CC=clang) it is
## a real libFuzzer binary (`make fuzz`).
EXTRA_DIST += tests/lib/harness.sh tests/unit/check_run.h

# The layout of src/ and ovsdb/: no include cycles, one header per module,
# ovsdb/ uses src/common/ only (tests/tools/include-graph.py says how).
TEST_EXTENSIONS += .py
PY_LOG_COMPILER = python3
TESTS += tests/tools/include-graph.py
EXTRA_DIST += tests/tools/include-graph.py

if WITH_FUZZING
FUZZ_DRIVER =
FUZZ_COMPILE_OPTS = -fsanitize=fuzzer,address,undefined -g -O1
FUZZ_LINK_OPTS = -fsanitize=fuzzer,address,undefined
else
FUZZ_DRIVER = tests/fuzz/driver.c
FUZZ_COMPILE_OPTS =
FUZZ_LINK_OPTS =
endif
EXTRA_DIST += tests/fuzz/driver.c

# --user: both daemons run as nobody and still work.
TESTS += tests/daemons-user.sh
EXTRA_DIST += tests/daemons-user.sh

# The fuzzing build instruments the libraries, not only the targets.
TESTS += tests/fuzz-instrumented.sh
EXTRA_DIST += tests/fuzz-instrumented.sh

# Each fuzz target is a test: TESTS += tests/fuzz/NAME.fuzz runs
# tests/fuzz/fuzz_NAME over tests/fuzz/corpus/NAME through tests/fuzz/run.sh;
# the .fuzz file holds the number of mutations per seed.
TEST_EXTENSIONS += .fuzz
FUZZ_LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/fuzz/run.sh
EXTRA_DIST += tests/fuzz/run.sh

# Unit tests: Check, linked with the area's library.
UNIT_COMPILE_OPTS = $(AM_CFLAGS) $(CHECK_CFLAGS)
UNIT_LINK_LIBS = $(CHECK_LIBS)

## hsauto (shared by hsflowd and sflowovsd)
check_PROGRAMS += tests/unit/test_common_hsauto
TESTS += tests/unit/test_common_hsauto
tests_unit_test_common_hsauto_SOURCES = tests/unit/test_common_hsauto.c
tests_unit_test_common_hsauto_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_common_hsauto_LDADD = src/common/libcommon.a $(UNIT_LINK_LIBS)

## util's text helpers and the logger's escaping
check_PROGRAMS += tests/unit/test_common_util
TESTS += tests/unit/test_common_util
tests_unit_test_common_util_SOURCES = tests/unit/test_common_util.c
tests_unit_test_common_util_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_common_util_LDADD = src/common/libcommon.a $(UNIT_LINK_LIBS)

## safefile, through the two settings readers (hsflowd.auto, hsflowd.conf)
check_PROGRAMS += tests/unit/test_common_safefile
TESTS += tests/unit/test_common_safefile
tests_unit_test_common_safefile_SOURCES = tests/unit/test_common_safefile.c
tests_unit_test_common_safefile_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_common_safefile_LDADD = src/hsflowd/libhsflowd.a src/common/libcommon.a $(UNIT_LINK_LIBS)

## poll loop
check_PROGRAMS += tests/unit/test_common_poll_loop
TESTS += tests/unit/test_common_poll_loop
tests_unit_test_common_poll_loop_SOURCES = tests/unit/test_common_poll_loop.c tests/unit/check_run.h
tests_unit_test_common_poll_loop_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_common_poll_loop_LDADD = src/common/libcommon.a $(UNIT_LINK_LIBS)
