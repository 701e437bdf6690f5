#!/bin/sh
# hsflowd with xen { } (no URI) on a recorded XCP-ng-like host: three domUs
# (running, paused, blocked) with vifs, tapdisk3 disks (/dev/shm statistics
# and metrics files) and a blkback disk, read through the real libxenstore
# from a stand-in xenstored and a recorded domain list in place of
# libxenctrl (tests/lib/xen.sh). The collector must see each domU as 3:N
# with the recorded name, UUID, MACs, vCPUs, memory, disk and vif counters,
# and virt_node on 2:1. Then domains appear, vanish, pause and crash between
# polls: the collector follows, each guest keeps its index, and one that
# returns within forgetVMs gets its old index back.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/xen.sh"
require_cmd python3
xen_init
xen_hsflowd h 1
EXPECT=$top_srcdir/tests/data/xen/expect.json

checked() { xen_expect "$TEST_DIR/h.json" check "$EXPECT" "${1:-0}" > "$TEST_DIR/check.out"; }
wait_for 60 checked || fail "the recorded guests did not arrive as recorded: $(cat "$TEST_DIR/check.out"; tail -5 "$TEST_DIR/h.log")"
xen_expect "$TEST_DIR/h.json" guests > "$TEST_DIR/before"
grep -q "^db-02 [0-9]* 3$" "$TEST_DIR/before" || fail "db-02 is not paused: $(cat "$TEST_DIR/before")"
idx() { awk -v n="$1" '$1 == n { print $2 }' "$2"; }

# Between polls: web-01 (1) pauses, db-02 (2) crashes, legacy-03 (3)
# vanishes, new-04 (4) appears with a vif and a tapdisk3 disk.
U=3f1c2a4e-8d7b-4c1a-9e2f-0a1b2c3d4e5
sed -e "s/^dom 1 running/dom 1 paused/" -e "s/^dom 2 paused/dom 2 crashed/" -e "/^dom 3 /d" \
    "$XEN_REC" > "$TEST_DIR/rec"
echo "dom 4 running 65536 65536 1000000 1 ${U}4" >> "$TEST_DIR/rec"
{ cat "$XEN_TREE"; printf '/local/domain/4/name = new-04\n/local/domain/4/device/vif/0/mac = 00:16:3e:54:00:01\n'; } \
    > "$TEST_DIR/tree"
xen_replace "$XEN_TREE" < "$TEST_DIR/tree"
mark=$(xen_expect "$TEST_DIR/h.json" lines)
xen_replace "$XEN_REC" < "$TEST_DIR/rec"
changed() {
    xen_expect "$TEST_DIR/h.json" guests "$mark" > "$TEST_DIR/after"
    grep -q "^web-01 [0-9]* 3$" "$TEST_DIR/after" && grep -q "^db-02 [0-9]* 6$" "$TEST_DIR/after" \
        && grep -q "^new-04 " "$TEST_DIR/after"
}
wait_for 60 changed || fail "the changes did not arrive: $(cat "$TEST_DIR/after")"
# legacy-03 is gone: no sample of it after a full poll of the new list.
mark2=$(xen_expect "$TEST_DIR/h.json" lines)
wait_for 30 sh -c "[ \$(python3 '$top_srcdir/tests/xen-expect.py' '$TEST_DIR/h.json' lines) -gt $((mark2 + 2)) ]" \
    || fail "no datagrams after the change"
xen_expect "$TEST_DIR/h.json" guests "$mark2" > "$TEST_DIR/last"
grep -q "^legacy-03 " "$TEST_DIR/last" && fail "legacy-03 still reported after it vanished"
for g in web-01 db-02; do
    [ "$(idx $g "$TEST_DIR/before")" = "$(idx $g "$TEST_DIR/last")" ] \
        || fail "$g changed index: $(cat "$TEST_DIR/before" "$TEST_DIR/last")"
done
# legacy-03 comes back within forgetVMs: it gets its index again.
xen_replace "$XEN_REC" < "$top_srcdir/tests/data/xen/domains.rec"
mark3=$(xen_expect "$TEST_DIR/h.json" lines)
back() { xen_expect "$TEST_DIR/h.json" guests "$mark3" | grep -q "^legacy-03 "; }
wait_for 60 back || fail "legacy-03 did not come back"
xen_expect "$TEST_DIR/h.json" guests "$mark3" > "$TEST_DIR/back"
[ "$(idx legacy-03 "$TEST_DIR/before")" = "$(idx legacy-03 "$TEST_DIR/back")" ] \
    || fail "legacy-03 came back with another index: $(cat "$TEST_DIR/before" "$TEST_DIR/back")"
# The control socket shows the module.
if command -v ovs-appctl > /dev/null; then
    ovs-appctl --timeout=20 -t "$TEST_DIR/h.ctl" hsflowd/show > "$TEST_DIR/show" \
        || fail "hsflowd/show failed"
    grep -q "^VMs (Xen, libxenctrl.so.4.17 + libxenstore.so.4): connected, [34] guest(s) sent" \
        "$TEST_DIR/show" || fail "hsflowd/show: $(cat "$TEST_DIR/show")"
fi
kill -0 "$(cat "$TEST_DIR/h.pid")" || fail "hsflowd died"
pass "three recorded domUs as 3:N with their recorded figures; pause, crash, vanish and appear followed"
