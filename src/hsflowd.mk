## hsflowd: the host agent (config, agent address, scheduling, sending).
EXTRA_DIST += src/hsconfig.h
