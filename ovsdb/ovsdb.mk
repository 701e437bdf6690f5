## OVSDB JSON-RPC client library (RFC 7047): stream framing, JSON-RPC,
## reconnect state machine, schema, replica, session. Link with
## $(JANSSON_LIBS) and src/common/libcommon.a.
noinst_LIBRARIES += ovsdb/libovsdb.a
# Each module is a .c and its .h.
OVSDB_MODULES = ovsdb/framer ovsdb/stream ovsdb/jsonrpc ovsdb/reconnect ovsdb/schema \
	ovsdb/datum ovsdb/intern ovsdb/replica ovsdb/session
ovsdb_libovsdb_a_SOURCES = $(OVSDB_MODULES:=.c) $(OVSDB_MODULES:=.h)
ovsdb_libovsdb_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
OVSDB_LIBS = ovsdb/libovsdb.a src/common/libcommon.a $(JANSSON_LIBS)

## Integration: the session against a real ovsdb-server and hostile peers.
check_PROGRAMS += tests/tools/ovsdb-client-check
tests_tools_ovsdb_client_check_SOURCES = tests/tools/ovsdb-client-check.c
tests_tools_ovsdb_client_check_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
tests_tools_ovsdb_client_check_LDADD = $(OVSDB_LIBS)
TESTS += tests/ovsdb-real.sh tests/ovsdb-hostile.sh
EXTRA_DIST += tests/ovsdb-real.sh tests/ovsdb-hostile.sh tests/ovsdb-fake-server.py

## Unit tests (Check).
OVSDB_UNIT_TESTS = tests/unit/test_ovsdb_framer tests/unit/test_ovsdb_reconnect \
	tests/unit/test_ovsdb_datum \
	tests/unit/test_ovsdb_replica tests/unit/test_ovsdb_jsonrpc \
	tests/unit/test_ovsdb_session
check_PROGRAMS += $(OVSDB_UNIT_TESTS)
TESTS += $(OVSDB_UNIT_TESTS)
tests_unit_test_ovsdb_framer_SOURCES = tests/unit/test_ovsdb_framer.c
tests_unit_test_ovsdb_framer_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_ovsdb_framer_LDADD = $(OVSDB_LIBS) $(UNIT_LINK_LIBS)
tests_unit_test_ovsdb_reconnect_SOURCES = tests/unit/test_ovsdb_reconnect.c
tests_unit_test_ovsdb_reconnect_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_ovsdb_reconnect_LDADD = $(OVSDB_LIBS) $(UNIT_LINK_LIBS)
tests_unit_test_ovsdb_datum_SOURCES = tests/unit/test_ovsdb_datum.c tests/unit/check_run.h
tests_unit_test_ovsdb_datum_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_ovsdb_datum_LDADD = $(OVSDB_LIBS) $(UNIT_LINK_LIBS)
tests_unit_test_ovsdb_replica_SOURCES = tests/unit/test_ovsdb_replica.c
tests_unit_test_ovsdb_replica_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_ovsdb_replica_LDADD = $(OVSDB_LIBS) $(UNIT_LINK_LIBS)
tests_unit_test_ovsdb_jsonrpc_SOURCES = tests/unit/test_ovsdb_jsonrpc.c
tests_unit_test_ovsdb_jsonrpc_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_ovsdb_jsonrpc_LDADD = $(OVSDB_LIBS) $(UNIT_LINK_LIBS)
tests_unit_test_ovsdb_session_SOURCES = tests/unit/test_ovsdb_session.c
tests_unit_test_ovsdb_session_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_ovsdb_session_LDADD = $(OVSDB_LIBS) $(UNIT_LINK_LIBS)

## Fuzz target: framer + JSON-RPC parser + replica updates, run over its
## corpus by make check (a real libFuzzer binary with --enable-fuzzing).
check_PROGRAMS += tests/fuzz/fuzz_jsonrpc
# The modules under test are compiled into the target itself, so that a
# libFuzzer build instruments them for coverage.
tests_fuzz_fuzz_jsonrpc_SOURCES = tests/fuzz/fuzz_jsonrpc.c $(FUZZ_DRIVER) \
	ovsdb/framer.c ovsdb/jsonrpc.c ovsdb/stream.c ovsdb/schema.c ovsdb/datum.c ovsdb/intern.c \
	ovsdb/replica.c
tests_fuzz_fuzz_jsonrpc_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_jsonrpc_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_jsonrpc_LDADD = src/common/libcommon.a $(JANSSON_LIBS)
TESTS += tests/fuzz/jsonrpc.fuzz
EXTRA_DIST += tests/fuzz/jsonrpc.fuzz tests/fuzz/corpus/jsonrpc

## Benchmark (not part of make check): `make bench-ovsdb`.
noinst_PROGRAMS += tests/bench/ovsdb-bench
tests_bench_ovsdb_bench_SOURCES = tests/bench/ovsdb-bench.c
tests_bench_ovsdb_bench_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
tests_bench_ovsdb_bench_LDADD = $(OVSDB_LIBS)
bench-ovsdb: tests/bench/ovsdb-bench
	top_srcdir=$(abs_top_srcdir) $(SHELL) $(top_srcdir)/tests/bench/ovsdb-bench.sh $(abs_top_builddir)
EXTRA_DIST += tests/bench/ovsdb-bench.sh
