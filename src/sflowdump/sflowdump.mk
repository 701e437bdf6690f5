## sflowdump: the decoder's command line (UDP or pcap in, text or JSON Lines
## out). The printers (sflow_print.c) are also compiled into the decoder's
## unit test, fuzz target and benchmark, which include them from here.
bin_PROGRAMS += src/sflowdump/sflowdump
src_sflowdump_sflowdump_SOURCES = src/sflowdump/sflowdump.c src/sflowdump/sflow_print.c \
	src/sflowdump/sflow_print.h
src_sflowdump_sflowdump_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(PCAP_CFLAGS)
src_sflowdump_sflowdump_LDADD = src/sflow/libsflow.a src/common/libcommon.a $(JANSSON_LIBS) \
	$(PCAP_LIBS)

TESTS += tests/wire-sflowdump.sh
EXTRA_DIST += tests/wire-sflowdump.sh
