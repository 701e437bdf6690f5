#!/bin/sh
# ovsdb-server killed and restarted on the same database, and on a new empty
# database with the bridges re-created (a reboot): attached again each time,
# no duplicate. sflowovsd killed with -9 and restarted: it adopts its row.
# SIGTERM detaches, unless --keep-on-exit.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
ovsd_setup
ovsd_start
wait_for 10 all_attached $BRS || fail "not attached"
row=$(owned_rows)

# sflowovsd crashes and comes back: same row, no duplicate.
ovsd_kill9
all_attached $BRS || fail "kill -9 changed the database"
ovsd_start
sleep 0.5
wait_for 5 all_attached $BRS || fail "not attached after restart"
[ "$(owned_rows)" = "$row" ] && [ "$(n_rows)" = 1 ] || fail "row not adopted: $(owned_rows)"
pass "sflowovsd kill -9 + restart adopts its row"

# ovsdb-server crashes; restarted on the same database.
ovsdb_stop_hard
ovsdb_start "$TEST_DIR/conf.db"
nvsctl add-br late0
wait_for 15 all_attached $BRS late0 || fail "not attached after ovsdb-server restart"
[ "$(n_rows)" = 1 ] || fail "duplicate rows after ovsdb-server restart"
pass "ovsdb-server kill -9 + restart on the same database"

# A reboot: a new empty database, bridges re-created.
ovsdb_stop_hard
rm -f "$TEST_DIR/conf.db"
ovsdb_start
for b in $BRS; do nvsctl add-br "$b"; done
wait_for 15 all_attached $BRS || fail "not attached on a new database"
[ "$(n_rows)" = 1 ] || fail "duplicate rows on a new database"
pass "restart on a new empty database"

# SIGTERM: clean exit, row detached and gone.
ovsd_stop
none_attached $BRS || fail "SIGTERM left our row attached"
[ "$(n_rows)" = 0 ] || fail "SIGTERM left a row"
grep -q "exiting: sFlow detached" "$OVSD_LOG" || fail "no exit log line"
ovsd_start --keep-on-exit
wait_for 10 all_attached $BRS || fail "not attached"
ovsd_stop
all_attached $BRS || fail "--keep-on-exit detached"
pass "SIGTERM detaches, --keep-on-exit keeps"

# --detach: runs in the background with its pidfile.
rm -f "$OVSD_PID"
sflowovsd --db "$OVS_DB" --auto-file "$AUTO" --pidfile "$OVSD_PID" --detach
wait_for 5 test -s "$OVSD_PID" || fail "no pidfile after --detach"
kill -0 "$(cat "$OVSD_PID")" || fail "detached daemon not running"
# A second one on the same pidfile refuses to start and says why.
first=$(cat "$OVSD_PID")
if sflowovsd --db "$OVS_DB" --auto-file "$AUTO" --pidfile "$OVSD_PID" --detach \
        2>"$TEST_DIR/second.err"; then
    fail "a second sflowovsd started on the same pidfile"
fi
grep -q "already running" "$TEST_DIR/second.err" || fail "the second sflowovsd did not say why"
[ "$(cat "$OVSD_PID")" = "$first" ] || fail "the second sflowovsd touched the pidfile"
kill_pidfile "$OVSD_PID"
wait_for 5 none_attached $BRS || fail "detached daemon did not detach on SIGTERM"
pass "--detach"
