#!/bin/sh
# Guests that come and go under hsflowd's pve { } block, with real QEMU:
# a VM started between polls appears on a following poll and one stopped
# disappears; a SIGSTOPped QEMU (its QMP socket silent) costs that VM its
# polls, logged once, never the host's counters or the other guests'; a
# malformed <vmid>.conf is reported with file:line and the rest go on.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/pve.sh"
EXPECT="$top_srcdir/tests/pve-expect.py"
PVE_TIMEOUT=500
pve_init

for n in 201 202 203; do
    pve_vm_conf $n "vm$n" "5e0c8a5e-0000-4000-8000-000000000$n" "bc:24:11:00:0$((n - 200)):01" </dev/null
done
pve_vm_start 201 & p1=$!
pve_vm_start 202 & p2=$!
wait $p1 || fail "QEMU 201 did not start: $(cat "$TEST_DIR/qemu-201.log")"
wait $p2 || fail "QEMU 202 did not start: $(cat "$TEST_DIR/qemu-202.log")"
wait_for 60 pve_qmp_ready 201 || fail "QMP of VM 201 does not answer"
wait_for 60 pve_qmp_ready 202 || fail "QMP of VM 202 does not answer"

pve_hsflowd h 1
J="$TEST_DIR/h.json"
lines() { python3 "$EXPECT" "$J" lines; }
# sources_are AFTER "N N...": the 3:N seen after line AFTER are exactly those,
# in a stretch holding at least two host samples.
sources_are() {
    [ "$(python3 "$EXPECT" "$J" sources "$1")" = "$2" ] || return 1
    [ "$(python3 "$EXPECT" "$J" host "$1"; echo $?)" = 0 ]
}
# later_sources N: the 3:N sent in N datagrams, once two more have passed.
later_sources() {
    sleep_polls 2
    m0=$(lines)
    sleep_polls "$1"
    python3 "$EXPECT" "$J" sources "$m0"
}
# sleep_polls N: until N more datagrams came (hsflowd polls every second).
sleep_polls() { m=$(lines); wait_for 30 sh -c "[ \$(python3 '$EXPECT' '$J' lines) -ge $((m + $1)) ]"; }
# seen_since AFTER N: 3:N was sent after line AFTER.
seen_since() { python3 "$EXPECT" "$J" guest "$2" "$1" >/dev/null; }

wait_for 30 sources_are 0 "201 202" || fail "VMs 201 and 202 not reported: $(tail -3 "$TEST_DIR/h.log")"

# Started between polls: appears.
pve_vm_start 203 || fail "QEMU 203 did not start"
wait_for 60 pve_qmp_ready 203 || fail "QMP of VM 203 does not answer"
mark=$(lines)
wait_for 30 seen_since "$mark" 203 || fail "VM 203, started, did not appear"

# Stopped: disappears (no sample after the next poll).
pve_vm_stop 201
s=$(later_sources 3)
[ "$s" = "202 203" ] || fail "after VM 201 stopped: sources $s"

# SIGSTOPped QEMU: QMP silent; 202 is left out, 203 and the host go on.
kill -STOP "$(cat "$PVE_RUN/202.pid")"
at_exit "kill -CONT $(cat "$PVE_RUN/202.pid")"
wait_for 30 grep -q "VM 202 left out of this poll: QMP: no answer in time" "$TEST_DIR/h.log" \
    || fail "the silent QEMU is not logged: $(tail -3 "$TEST_DIR/h.log")"
mark=$(lines)
s=$(later_sources 4)
[ "$s" = "203" ] || fail "while QEMU 202 is stopped: sources $s"
python3 "$EXPECT" "$J" host "$mark" || fail "no host counters while QEMU 202 is stopped"
[ "$(grep -c "VM 202 left out" "$TEST_DIR/h.log")" = 1 ] || fail "the silent QEMU is logged more than once"
kill -CONT "$(cat "$PVE_RUN/202.pid")"
mark=$(lines)
wait_for 30 seen_since "$mark" 202 || fail "VM 202 did not come back after SIGCONT"

# A malformed config: file:line in the log; that VM is left out, the others go on.
sed -i 's/^name: vm203$/name: vm203\nmemory: lots/' "$PVE_CONF/qemu-server/203.conf"
wait_for 30 grep -q "$PVE_CONF/qemu-server/203.conf:5: memory: 'lots' is not a size" "$TEST_DIR/h.log" \
    || fail "the malformed config is not reported with file:line: $(tail -3 "$TEST_DIR/h.log")"
s=$(later_sources 3)
[ "$s" = "202" ] || fail "with 203.conf malformed: sources $s"
kill -0 "$(cat "$TEST_DIR/h.pid")" || fail "hsflowd died"
pass "VMs appear, disappear, a silent QEMU and a malformed config cost only their own VM"
