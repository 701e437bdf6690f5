## Shared code used by every program: allocation, logging, the poll loop,
## hsflowd.auto reading and writing.
noinst_LIBRARIES += src/libcommon.a
src_libcommon_a_SOURCES = \
	src/util.c src/util.h \
	src/log.c src/log.h \
	src/poll_loop.c src/poll_loop.h \
	src/hsauto.c src/hsauto.h \
	src/daemon.c src/daemon.h
src_libcommon_a_CFLAGS = $(AM_CFLAGS)
