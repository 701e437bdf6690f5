## src/pcap/pcap.mk: packet sampling on interfaces through AF_PACKET sockets
## with a sampling BPF filter (libhspcap.a), its tests and benchmark.
EXTRA_DIST += src/pcap/hspcap.h

if WITH_PCAP_SAMPLING
noinst_LIBRARIES += src/pcap/libhspcap.a
src_pcap_libhspcap_a_SOURCES = \
	src/pcap/hspcap.c src/pcap/hspcap.h \
	src/pcap/pcap_bpf.c src/pcap/pcap_bpf.h \
	src/pcap/pcap_fdb.c \
	src/pcap/pcap_port.c src/pcap/pcap_port.h \
	src/pcap/pcap_rtnl.c src/pcap/pcap_rtnl.h \
	src/pcap/pcap_select.c src/pcap/pcap_select.h
src_pcap_libhspcap_a_CFLAGS = $(AM_CFLAGS) $(MNL_CFLAGS)
endif
