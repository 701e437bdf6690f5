#!/bin/sh
# The OVSDB session against hostile or old peers (a fake server on a unix
# socket): malformed JSON, an oversized message, a reply with an unknown id,
# a schema without sFlow, a server that stalls. Each must end in a logged
# error and a reconnect (no crash; run under ASan in the sanitizer build).
# An old server without monitor_cond must still sync through monitor, and
# the server's echo must be answered.
. "$top_srcdir/tests/lib/harness.sh"
require_cmd python3
CHECK="$top_builddir/tests/tools/ovsdb-client-check"
FAKE="$top_srcdir/tests/ovsdb-fake-server.py"

# run_fake MODE: starts the fake server for MODE on its own socket.
run_fake() {
    sock="$TEST_DIR/$1.sock"
    python3 "$FAKE" "$sock" "$1" "$TEST_DIR/$1-server.log" &
    echo $! >"$TEST_DIR/$1-server.pid"
    at_exit "kill_pidfile $TEST_DIR/$1-server.pid"
    wait_for 10 test -S "$sock" || fail "fake server for $1 did not start"
}

# server_saw_connections MODE N: the fake server has logged N connections.
server_saw_connections() {
    [ "$(grep -c '^connection$' "$TEST_DIR/$1-server.log")" -ge "$2" ]
}

# hostile MODE EXPECTED-LOG-TEXT
hostile() {
    run_fake "$1"
    PROBE_MS=300 MAX_MSG=65536 "$CHECK" "unix:$TEST_DIR/$1.sock" reconnects 3 20 \
        >"$TEST_DIR/$1.out" 2>"$TEST_DIR/$1-client.log" \
        || fail "$1: client failed or crashed: $(tail -n 5 "$TEST_DIR/$1-client.log")"
    grep -q "$2.*reconnecting" "$TEST_DIR/$1-client.log" \
        || fail "$1: no log line '$2 ... reconnecting'"
    # The server logs a connection after accepting it: the client may be done first.
    wait_for 20 server_saw_connections "$1" 3 \
        || fail "$1: fewer than 3 connections seen by the server"
    grep -q "synced=0" "$TEST_DIR/$1.out" || fail "$1: synced with a hostile server"
    log "$1: $(grep -m1 "$2" "$TEST_DIR/$1-client.log")"
}

hostile malformed "malformed JSON"
hostile oversized "exceeds the maximum size"
hostile unknown_id "reply with unknown id 4242"
hostile no_sflow "schema has no table sFlow"
hostile stall "no reply to the inactivity probe"
grep -q '^echo$' "$TEST_DIR/stall-server.log" || fail "stall: no echo probe was sent"

run_fake old
"$CHECK" "unix:$TEST_DIR/old.sock" synced 10 >"$TEST_DIR/old.out" 2>"$TEST_DIR/old-client.log" \
    || fail "old: no sync through monitor"
grep -q "rows=2" "$TEST_DIR/old.out" || fail "old: replica does not hold the 2 rows"
grep -q "using monitor" "$TEST_DIR/old-client.log" || fail "old: no fallback logged"
wait_for 10 grep -q 'echo answered \["ping"\]' "$TEST_DIR/old-server.log" \
    || fail "old: the server's echo was not answered"
pass "hostile peers end in a logged error and a reconnect; old servers sync via monitor"
