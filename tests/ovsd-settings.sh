#!/bin/sh
# hsflowd.auto replaced (new collector, new sampling): the row changes in
# place; a corrupt file keeps the last good settings; collectors removed or
# the file deleted: no bridge references a row and no row is left; SIGHUP
# re-reads; --check validates.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
ovsd_setup
sflowovsd --check --auto-file "$AUTO" | grep -q '"sampling":512' || fail "--check output"
ovsd_start
wait_for 10 all_attached $BRS || fail "not attached"
row=$(owned_rows)

write_auto 2 1024 30 "192.0.2.7 7000" "2001:db8::9"
wait_for 5 our_row_is sampling 1024 || fail "sampling not updated"
our_row_is polling 30 || fail "polling not updated"
t=$(row_get "$row" targets)
[ "$t" = '["192.0.2.7:7000", "[2001:db8::9]:6343"]' ] || fail "targets: $t"
[ "$(owned_rows)" = "$row" ] || fail "row replaced instead of updated"
all_attached $BRS || fail "detached by an update"
pass "settings change updates the one row in place"

# Corrupt files: rejected with the line named, last good kept.
printf 'rev_start=3\nsampling=0\ncollector=127.0.0.1\nrev_end=3\n' > "$AUTO.tmp"; mv "$AUTO.tmp" "$AUTO"
wait_for 5 grep -q "line 2: bad sampling" "$OVSD_LOG" || fail "no log line naming the bad line"
printf 'rev_start=4\nsampling=77\ncollector=127.0.0.1\n' > "$AUTO.tmp"; mv "$AUTO.tmp" "$AUTO"
wait_for 5 grep -q "no rev_end\|rev_end" "$OVSD_LOG" || fail "no log line for a half file"
sleep 0.3
our_row_is sampling 1024 || fail "corrupt file changed the row"
! sflowovsd --check --auto-file "$AUTO" 2>/dev/null || fail "--check accepted a corrupt file"
pass "corrupt hsflowd.auto keeps the last good settings"

# SIGHUP re-reads (the file is fixed in place, as an editor would).
printf 'rev_start=5\nsampling=256\npolling=20\ncollector=127.0.0.1\nrev_end=5\n' > "$AUTO"
kill -HUP "$OVSD_BG"
wait_for 5 our_row_is sampling 256 || fail "not applied"
pass "fixed file applied"

# Collectors removed: everything detached, no row left.
write_auto 6 512 20
wait_for 5 none_attached $BRS || fail "still attached without collectors"
[ "$(n_rows)" = 0 ] || fail "orphan sFlow row left"
write_auto 7 512 20 "127.0.0.1"
wait_for 5 all_attached $BRS || fail "not re-attached"
rm -f "$AUTO"
wait_for 5 none_attached $BRS || fail "still attached without hsflowd.auto"
[ "$(n_rows)" = 0 ] || fail "orphan sFlow row left"
pass "no collectors / no file: detached, no row left"
