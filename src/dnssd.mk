## DNS-SD: sFlow settings from SRV and TXT records, resolved with c-ares.
noinst_LIBRARIES += src/libdnssd.a
src_libdnssd_a_SOURCES = \
	src/dnssd.h \
	src/dnssd_result.c
src_libdnssd_a_CFLAGS = $(AM_CFLAGS) $(CARES_CFLAGS)
