#!/bin/sh
# The stock ovs-appctl against sflowovsd's control socket, with a real
# ovsdb-server: sflowovsd/show lists every bridge with its status (attached,
# excluded, an operator's row) and the connection state, through an
# ovsdb-server crash and restart; version, vlog/*, reconcile, errors; hostile
# clients (garbage, a 100 MB request, a client that never reads) leave the
# daemon running and working; exit detaches and removes the socket.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
require_cmd ovs-appctl python3
CTL=$TEST_DIR/sflowovsd.ctl
appctl() { ovs-appctl --timeout=20 -t "$CTL" "$@"; }
show_has() { appctl sflowovsd/show | grep -qF -- "$1"; }

ovsd_setup
nvsctl -- --id=@s create sflow agent=lo targets='"127.0.0.9:6343"' sampling=64 \
    -- add-br br-op -- set bridge br-op sflow=@s
ovsd_start --exclude br-int
wait_for 20 all_attached xenbr0 xapi1 || fail "not attached"
wait_for 10 test -S "$CTL" || fail "no control socket at $CTL"
[ "$(stat -c %a "$CTL")" = 700 ] || fail "control socket mode $(stat -c %a "$CTL"), want 700"

appctl sflowovsd/show > "$TEST_DIR/show.txt" || fail "sflowovsd/show failed"
cat "$TEST_DIR/show.txt" >&2
for want in "database: $OVS_DB" "state: connected for" "settings: hsflowd.auto revision 1" \
    '"xenbr0": attached' '"xapi1": attached' '"br-int": excluded: --exclude' \
    "\"br-op\": operator's row: uses an sFlow row sflowovsd does not own" \
    "last transaction: 1," "bridges: 4"; do
    grep -qF -- "$want" "$TEST_DIR/show.txt" || fail "show lacks '$want'"
done
pass "sflowovsd/show: each bridge with its status, the connection, the settings"

appctl version | grep -q "^sflowovsd (hsflowd) " || fail "version"
appctl list-commands | grep -q "sflowovsd/reconcile" || fail "list-commands"
appctl vlog/set ANY:file:dbg || fail "vlog/set"
appctl vlog/list | grep -q "^sflowovsd.*DBG" || fail "vlog/list does not show DBG"
appctl vlog/set info
rc=0; appctl no/such/command > /dev/null 2> "$TEST_DIR/err" || rc=$?
[ "$rc" = 2 ] && grep -q "is not a valid command" "$TEST_DIR/err" || fail "unknown command: rc $rc"
pass "version, list-commands, vlog/set, vlog/list, unknown command"

# ovsdb-server crashes: show says so; back: connected and attached again.
ovsdb_stop_hard
wait_for 20 sh -c "! ovs-appctl --timeout=20 -t '$CTL' sflowovsd/show | grep -q 'state: connected for'" ||
    fail "show still says connected with the server gone"
show_has "bridges: unknown (not connected to the database)" || fail "show lists bridges while down"
ovsdb_start "$TEST_DIR/conf.db"
wait_for 20 show_has "state: connected for" || fail "show does not say connected again"
wait_for 20 show_has '"xenbr0": attached' || fail "not attached after the restart"
show_has "connections: 2 made" || fail "reconnect not counted: $(appctl sflowovsd/show)"
pass "show follows an ovsdb-server crash and restart"

# reconcile: a full resync (a new connection) on demand.
appctl sflowovsd/reconcile | grep -q "full resync" || fail "reconcile reply"
wait_for 20 show_has "connections: 3 made" || fail "reconcile made no new connection"
wait_for 20 all_attached xenbr0 xapi1 || fail "not attached after reconcile"
pass "sflowovsd/reconcile resyncs"

# Hostile clients, at once: the daemon keeps answering and keeps working.
python3 "$top_srcdir/tests/tools/unixctl-hostile.py" "$CTL" sflowovsd/show > "$TEST_DIR/hostile.log" 2>&1 &
HOSTILE=$!
at_exit "kill $HOSTILE"
wait_for 60 grep -q "big request cut" "$TEST_DIR/hostile.log" || fail "the 100 MB client was not cut off"
sent=$(sed -n 's/big request cut after \([0-9]*\) bytes/\1/p' "$TEST_DIR/hostile.log")
[ "$sent" -lt 104857600 ] || fail "the daemon read the whole 100 MB request"
show_has '"xenbr0": attached' || fail "show does not answer beside hostile clients"
nvsctl add-br late0
wait_for 20 all_attached xenbr0 xapi1 late0 || fail "a new bridge was not attached beside hostile clients"
kill -0 "$OVSD_BG" || fail "sflowovsd died"
pass "hostile clients (garbage, 100 MB request cut after $sent bytes, a client that never reads)"

# exit: detaches like SIGTERM and removes the socket.
appctl exit
wait_for 20 sh -c "! kill -0 $OVSD_BG 2>/dev/null" || fail "exit did not stop sflowovsd"
none_attached xenbr0 xapi1 late0 || fail "exit left our row attached"
[ ! -e "$CTL" ] || fail "the control socket is still there after exit"
pass "exit detaches and removes the control socket"
