## sFlow v5 wire format: the encoder and packer (libsflow.a, used by every
## daemon), the decoder, and sflowdump.
noinst_LIBRARIES += src/libsflow.a
src_libsflow_a_SOURCES = \
	src/sflow.h \
	src/sflow_enc.c \
	src/sflow_pack.c
src_libsflow_a_CFLAGS = $(AM_CFLAGS)

check_PROGRAMS += tests/unit/test_sflow_enc
TESTS += tests/unit/test_sflow_enc
tests_unit_test_sflow_enc_SOURCES = tests/unit/test_sflow_enc.c
tests_unit_test_sflow_enc_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_sflow_enc_LDADD = src/libsflow.a src/libcommon.a $(UNIT_LINK_LIBS)
