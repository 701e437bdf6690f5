#!/bin/sh
# systemd-analyze verify accepts the units (pointed at the built binaries, since
# verify checks that ExecStart exists), and they are ordered as documented.
. "$top_srcdir/tests/lib/harness.sh"
require_cmd systemd-analyze
for u in hsflowd sflowovsd; do
    unit=$top_builddir/scripts/$u.service
    [ -f "$unit" ] || fail "$unit not built"
    sed -e "s|^ExecStart=[^ ]*/$u|ExecStart=$top_builddir/src/$u/$u|" "$unit" > "$TEST_DIR/$u.service"
    out=$(cd "$TEST_DIR" && systemd-analyze verify --man=no "$TEST_DIR/$u.service" 2>&1 | \
        grep -v -e 'not found' -e 'Failed to .* bus' -e 'has no such unit' || true)
    [ -z "$out" ] || fail "systemd-analyze verify $u.service: $out"
    grep -q '^Restart=on-failure' "$unit" || fail "$u.service lacks Restart=on-failure"
done
grep -q '^After=.*openvswitch-switch.service' "$top_builddir/scripts/sflowovsd.service" \
    || fail "sflowovsd.service not ordered after openvswitch-switch.service"
grep -q '^After=.*ovsdb-server.service' "$top_builddir/scripts/sflowovsd.service" \
    || fail "sflowovsd.service not ordered after ovsdb-server.service"
grep -q '^After=.*hsflowd.service' "$top_builddir/scripts/sflowovsd.service" \
    || fail "sflowovsd.service not ordered after hsflowd.service"
pass "units verified"
