## OVSDB JSON-RPC client library (RFC 7047): stream framing, JSON-RPC,
## reconnect state machine, schema, replica, session. Link with
## $(JANSSON_LIBS) and src/libcommon.a.
noinst_LIBRARIES += ovsdb/libovsdb.a
ovsdb_libovsdb_a_SOURCES = \
	ovsdb/ovsdb.h \
	ovsdb/framer.c ovsdb/framer.h \
	ovsdb/stream.c ovsdb/stream.h \
	ovsdb/jsonrpc.c ovsdb/jsonrpc.h \
	ovsdb/reconnect.c ovsdb/reconnect.h \
	ovsdb/schema.c ovsdb/schema.h \
	ovsdb/replica.c ovsdb/replica.h \
	ovsdb/session.c
ovsdb_libovsdb_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
OVSDB_LIBS = ovsdb/libovsdb.a src/libcommon.a $(JANSSON_LIBS)

## Integration: the session against a real ovsdb-server and hostile peers.
check_PROGRAMS += tests/ovsdb-client-check
tests_ovsdb_client_check_SOURCES = tests/ovsdb-client-check.c
tests_ovsdb_client_check_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
tests_ovsdb_client_check_LDADD = $(OVSDB_LIBS)
TESTS += tests/ovsdb-real.sh
EXTRA_DIST += tests/ovsdb-real.sh
