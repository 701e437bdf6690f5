#!/bin/sh
# The SysV init scripts run for real against a private Open vSwitch, with their
# paths overridden through the environment: start, status, a second start,
# reload, restart, stop, with LSB exit codes.
. "$top_srcdir/tests/lib/harness.sh"
require_root
ovsdb_start
vsctl --no-wait add-br xenbr0

cat > "$TEST_DIR/hsflowd.conf" <<CONF
sflow {
  DNSSD = off
  polling = 20
  sampling = 512
  collector { ip = 127.0.0.1 udpport = $(free_udp_port) }
}
CONF
export HSFLOWD_BIN=$top_builddir/src/hsflowd/hsflowd
export HSFLOWD_PIDFILE=$TEST_DIR/hsflowd.pid
export HSFLOWD_OPTIONS="-f $TEST_DIR/hsflowd.conf -a $TEST_DIR/hsflowd.auto"
export SFLOWOVSD_BIN=$top_builddir/src/sflowovsd/sflowovsd
export SFLOWOVSD_PIDFILE=$TEST_DIR/sflowovsd.pid
export SFLOWOVSD_OPTIONS="--db $OVS_DB --auto-file $TEST_DIR/hsflowd.auto --log-file $TEST_DIR/sflowovsd.log"
at_exit "kill_pidfile $HSFLOWD_PIDFILE"
at_exit "kill_pidfile $SFLOWOVSD_PIDFILE"

for svc in hsflowd sflowovsd; do
    init="$SHELL $top_builddir/scripts/$svc.init"
    pidf=$TEST_DIR/$svc.pid
    rc=0; $init status >/dev/null || rc=$?
    [ "$rc" = 3 ] || fail "$svc: status before start gave $rc, want 3"
    $init start || fail "$svc: start failed"
    [ -s "$pidf" ] || fail "$svc: no pidfile after start"
    pid=$(cat "$pidf")
    kill -0 "$pid" || fail "$svc: pid $pid not running"
    $init status || fail "$svc: status after start not 0"
    $init start || fail "$svc: second start failed"
    [ "$(cat "$pidf")" = "$pid" ] || fail "$svc: second start replaced the process"
    n=$(pgrep -c -f "$top_builddir/src/$svc/$svc .*$TEST_DIR") || true
    [ "$n" = 1 ] || fail "$svc: $n processes after a second start, want 1"
    $init reload || fail "$svc: reload failed"
    sleep 0.3
    kill -0 "$pid" || fail "$svc: process gone after reload"
    $init restart || fail "$svc: restart failed"
    pid2=$(cat "$pidf")
    [ "$pid2" != "$pid" ] || fail "$svc: restart kept the old process"
    kill -0 "$pid2" || fail "$svc: not running after restart"
    kill -0 "$pid" 2>/dev/null && fail "$svc: old process survived restart"
    log "$svc: start/status/start/reload/restart ok"
done

# Both running: sflowovsd applied hsflowd's settings to the bridge.
wait_for 10 sh -c "ovs-vsctl --db=$OVS_DB get bridge xenbr0 sflow | grep -q -" \
    || fail "xenbr0 has no sFlow row while both services run"

for svc in sflowovsd hsflowd; do
    init="$SHELL $top_builddir/scripts/$svc.init"
    pid=$(cat "$TEST_DIR/$svc.pid")
    $init stop || fail "$svc: stop failed"
    kill -0 "$pid" 2>/dev/null && fail "$svc: still running after stop"
    rc=0; $init status >/dev/null || rc=$?
    [ "$rc" = 3 ] || fail "$svc: status after stop gave $rc, want 3"
    $init stop || fail "$svc: stop when stopped must succeed"
done
rc=0; $SHELL "$top_builddir/scripts/hsflowd.init" bogus >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "unknown action gave $rc, want 2"
pass "init scripts"
