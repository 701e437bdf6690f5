#!/bin/sh
# systemd-analyze verify accepts the units (pointed at the built binaries, since
# verify checks that ExecStart exists), and they are ordered as documented;
# systemd-analyze security rates their exposure at most 3.0 (hsflowd) and 2.0
# (sflowovsd), and prints both scores.
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

# exposure UNIT: the overall score of systemd-analyze security (0.0 .. 10.0).
exposure() {
    systemd-analyze security --offline=true "$TEST_DIR/$1.service" 2> "$TEST_DIR/$1.err" \
        | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}
[ -n "$(exposure sflowovsd)" ] || skip "systemd-analyze security --offline unsupported: $(head -1 "$TEST_DIR/sflowovsd.err")"
for pair in hsflowd:3.0 sflowovsd:2.0; do
    u=${pair%%:*} max=${pair#*:}
    score=$(exposure "$u")
    echo "# systemd-analyze security --offline=true $u.service: $score (at most $max)"
    awk -v s="$score" -v m="$max" 'BEGIN { exit !(s != "" && s + 0 <= m + 0) }' \
        || fail "$u.service exposure $score, more than $max"
done
pass "units' exposure within bounds"
