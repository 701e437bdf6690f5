## man/: one page per daemon and user-facing tool, plus hsflowd.conf(5).
dist_man_MANS += man/hsflowd.8 man/sflowovsd.8 man/hsflowd.conf.5 man/sflowdump.1 \
	man/hsflowd-nflog-rules.8

TESTS += tests/pkg-man.sh tests/pkg-units.sh tests/pkg-initscripts.sh
EXTRA_DIST += tests/pkg-man.sh tests/pkg-units.sh tests/pkg-initscripts.sh
