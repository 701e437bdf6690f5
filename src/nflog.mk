## src/nflog.mk: packet sampling from iptables NFLOG groups (libhsnflog.a).
EXTRA_DIST += src/hsnflog.h
