## Host counter readers (src/counters.h): /proc and /sys under a sysroot into
## the sFlow counter records of sflow.h.
EXTRA_DIST += src/counters.h
