## OVSDB JSON-RPC client library (RFC 7047): stream framing, JSON-RPC,
## reconnect state machine, replica, session. Link with $(JANSSON_LIBS) and
## src/libcommon.a.
noinst_LIBRARIES += ovsdb/libovsdb.a
ovsdb_libovsdb_a_SOURCES = \
	ovsdb/ovsdb.h \
	ovsdb/replica.c \
	ovsdb/session.c
ovsdb_libovsdb_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
