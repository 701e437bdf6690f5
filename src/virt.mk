## src/virt.mk: VM counters through libvirt (libhsvirt.a, built when
## configure finds libvirt).
EXTRA_DIST += src/hsvirt.h
