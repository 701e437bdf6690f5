#!/bin/sh
# The OVSDB session against a real ovsdb-server: initial sync, bridges from
# ovs-vsctl in the replica, a transaction seen back through the monitor, and
# a resync after the server is killed (kill -9) and restarted.
. "$top_srcdir/tests/lib/harness.sh"
CHECK="$top_builddir/tests/tools/ovsdb-client-check"

ovsdb_start
vsctl --no-wait add-br br0 -- add-br br1 -- add-br br2

"$CHECK" "$OVS_DB" sync br0,br1,br2 "$TEST_DIR/ready" >"$TEST_DIR/check.out" \
    2>"$TEST_DIR/check.log" &
pid=$!
at_exit "kill $pid"

wait_for 20 test -f "$TEST_DIR/ready" || fail "client never got through sync + transaction"
vsctl --bare --columns=targets list sflow | grep -q 127.0.0.1:6343 \
    || fail "transaction did not reach the database"
ovsdb_stop_hard
sleep 0.3
ovsdb_start
wait "$pid" || fail "client failed after the server restart"
cat "$TEST_DIR/check.out"
grep -q "reconnected connects=2" "$TEST_DIR/check.out" || fail "no second connection"
grep -q "connection closed by peer\|connection failed" "$TEST_DIR/check.log" \
    || fail "the drop was not logged"

# tcp: remotes, IPv4 and IPv6 (loopback only).
free_tcp_port() {
    python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "$1"
}
ctl() { ovs-appctl -t "$TEST_DIR/ovsdb-server.ctl" "$@"; }
p4=$(free_tcp_port 127.0.0.1)
ctl ovsdb-server/add-remote "ptcp:$p4:127.0.0.1"
wait_for 10 "$CHECK" "tcp:127.0.0.1:$p4" synced 2 || fail "no sync over tcp:127.0.0.1:$p4"
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1",0))' 2>/dev/null; then
    p6=$(free_tcp_port ::1)
    ctl ovsdb-server/add-remote "ptcp:$p6:[::1]"
    wait_for 10 "$CHECK" "tcp:[::1]:$p6" synced 2 || fail "no sync over tcp:[::1]:$p6"
else
    log "no IPv6 loopback here: tcp:[::1] not tested"
fi
pass "sync, transaction and resync against ovsdb-server; tcp remotes"
