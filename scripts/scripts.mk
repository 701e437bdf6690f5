## scripts/: install-deps, the test command, the demo (and, later, init
## scripts and systemd units).
EXTRA_DIST += scripts/install-deps.sh scripts/test.sh scripts/demo.sh
