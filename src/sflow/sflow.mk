## sFlow v5 wire format: the encoder, packer and decoder (libsflow.a, used by
## every program). Pure: no sockets, no files.
noinst_LIBRARIES += src/sflow/libsflow.a
# Each module is a .c and its .h.
SFLOW_MODULES = src/sflow/sflow_enc src/sflow/sflow_pack src/sflow/sflow_fields \
	src/sflow/sflow_guest src/sflow/sflow_dec
src_sflow_libsflow_a_SOURCES = $(SFLOW_MODULES:=.c) $(SFLOW_MODULES:=.h) \
	src/sflow/sflow.h
src_sflow_libsflow_a_CFLAGS = $(AM_CFLAGS)

check_PROGRAMS += tests/unit/test_sflow_enc
TESTS += tests/unit/test_sflow_enc
tests_unit_test_sflow_enc_SOURCES = tests/unit/test_sflow_enc.c
tests_unit_test_sflow_enc_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_sflow_enc_LDADD = src/sflow/libsflow.a src/common/libcommon.a $(UNIT_LINK_LIBS)

check_PROGRAMS += tests/unit/test_sflow_dec
TESTS += tests/unit/test_sflow_dec
tests_unit_test_sflow_dec_SOURCES = tests/unit/test_sflow_dec.c src/sflowdump/sflow_print.c
tests_unit_test_sflow_dec_CFLAGS = $(UNIT_COMPILE_OPTS) $(JANSSON_CFLAGS)
tests_unit_test_sflow_dec_LDADD = src/sflow/libsflow.a src/common/libcommon.a $(JANSSON_LIBS) $(UNIT_LINK_LIBS)

# Writes datagrams holding every record type (pcap, raw files or UDP).
check_PROGRAMS += tests/tools/gen_sflow
tests_tools_gen_sflow_SOURCES = tests/tools/gen_sflow.c
tests_tools_gen_sflow_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_tools_gen_sflow_LDADD = src/sflow/libsflow.a src/common/libcommon.a $(PCAP_LIBS)

TESTS += tests/wire-decoders.sh
EXTRA_DIST += tests/wire-decoders.sh

# The decoder and printers under the fuzz driver (or libFuzzer).
check_PROGRAMS += tests/fuzz/fuzz_sflow_decode
tests_fuzz_fuzz_sflow_decode_SOURCES = tests/fuzz/fuzz_sflow_decode.c src/sflowdump/sflow_print.c \
	$(FUZZ_DRIVER)
tests_fuzz_fuzz_sflow_decode_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(FUZZ_COMPILE_OPTS)
tests_fuzz_fuzz_sflow_decode_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_OPTS)
tests_fuzz_fuzz_sflow_decode_LDADD = src/sflow/libsflow.a src/common/libcommon.a $(JANSSON_LIBS)
TESTS += tests/fuzz/sflow_decode.fuzz
EXTRA_DIST += tests/fuzz/sflow_decode.fuzz tests/fuzz/corpus/sflow_decode

TESTS += tests/wire-hostile.sh
EXTRA_DIST += tests/wire-hostile.sh

TESTS += tests/wire-ovs-interop.sh
EXTRA_DIST += tests/wire-ovs-interop.sh

# Figures, not tests: `make bench-sflow`.
check_PROGRAMS += tests/bench/bench_sflow
tests_bench_bench_sflow_SOURCES = tests/bench/bench_sflow.c src/sflowdump/sflow_print.c
tests_bench_bench_sflow_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
tests_bench_bench_sflow_LDADD = src/sflow/libsflow.a src/common/libcommon.a $(JANSSON_LIBS)
bench-sflow: tests/bench/bench_sflow
	tests/bench/bench_sflow 1
