## Shared code used by every program: allocation, logging, the poll loop,
## hsflowd.auto reading and writing.
noinst_LIBRARIES += src/common/libcommon.a
# Each module is a .c and its .h.
COMMON_MODULES = src/common/util src/common/log src/common/logonce src/common/poll_loop \
	src/common/hsauto src/common/netaddr src/common/daemon src/common/safefile
src_common_libcommon_a_SOURCES = $(COMMON_MODULES:=.c) $(COMMON_MODULES:=.h)
src_common_libcommon_a_CFLAGS = $(AM_CFLAGS)
