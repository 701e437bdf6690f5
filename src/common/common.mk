## Shared code used by every program: allocation, logging, the poll loop,
## hsflowd.auto reading and writing.
noinst_LIBRARIES += src/common/libcommon.a
src_common_libcommon_a_SOURCES = \
	src/common/util.c src/common/util.h \
	src/common/log.c src/common/log.h \
	src/common/logonce.c src/common/logonce.h \
	src/common/poll_loop.c src/common/poll_loop.h \
	src/common/hsauto.c src/common/hsauto.h \
	src/common/netaddr.c src/common/netaddr.h \
	src/common/daemon.c src/common/daemon.h \
	src/common/safefile.c src/common/safefile.h
src_common_libcommon_a_CFLAGS = $(AM_CFLAGS)
