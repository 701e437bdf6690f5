#!/bin/sh
# sflowovsd and hsflowd.auto files it must not trust: a FIFO in its place
# neither blocks sflowovsd nor stops it from answering SIGTERM; a file that
# another user owns, that is group/other-writable, or that sits in a
# directory others can write is refused with a log line and the last good
# settings stay (a planted file would send every bridge's sampled headers
# elsewhere); a file with a non-UTF-8 agent= is refused too; a symbolic link as --pidfile or --log-file is refused and the
# file it points to is left alone.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
require_root
umask 022
ovsd_setup

# A FIFO where hsflowd.auto should be: refused at once, then a real file
# (renamed in as hsflowd writes it) is applied.
rm -f "$AUTO"
mkfifo "$AUTO"
timeout 20 sflowovsd --check --auto-file "$AUTO" > /dev/null 2> "$TEST_DIR/check.err" \
    && fail "--check accepted a FIFO"
grep -q "a FIFO, not a regular file" "$TEST_DIR/check.err" || fail "--check: no reason for the FIFO"
ovsd_start
wait_for 20 grep -q "a FIFO, not a regular file" "$OVSD_LOG" || fail "FIFO not refused"
write_auto 1 512 20 "127.0.0.1"
wait_for 20 all_attached $BRS || fail "not attached after the FIFO was replaced"
pass "a FIFO as hsflowd.auto is refused without blocking"

# plant TEXT-MAKER: write a file with sampling 1 / header 256 to a collector
# at 192.0.2.66, adjust it with the command given, and rename it in.
plant() {
    rev=$1; shift
    printf 'rev_start=%s\nsampling=1\nheader=256\npolling=20\ncollector=192.0.2.66\nrev_end=%s\n' \
        "$rev" "$rev" > "$TEST_DIR/planted"
    "$@" "$TEST_DIR/planted"
    mv "$TEST_DIR/planted" "$AUTO"
}
n_refused() { grep -c "refused" "$OVSD_LOG" || true; }
refused_again() { [ "$(n_refused)" -gt "$1" ]; }

n=$(n_refused)
plant 2 chown nobody
wait_for 20 refused_again "$n" || fail "a file owned by nobody was not refused"
grep -q "owned by another user" "$OVSD_LOG" || fail "no reason for the owner"
our_row_is sampling 512 || fail "a file owned by nobody changed the row"

n=$(n_refused)
plant 3 chmod 0666
wait_for 20 refused_again "$n" || fail "a world-writable file was not refused"
grep -q "writable by group or others" "$OVSD_LOG" || fail "no reason for the mode"
our_row_is sampling 512 || fail "a world-writable file changed the row"

n=$(n_refused)
chmod 0777 "$TEST_DIR"
at_exit "chmod 0700 $TEST_DIR"
plant 4 chmod 0644
wait_for 20 refused_again "$n" || fail "a file in a world-writable directory was not refused"
grep -q "could have been replaced" "$OVSD_LOG" || fail "no reason for the directory"
our_row_is sampling 512 || fail "a file in a world-writable directory changed the row"
t=$(row_get "$(owned_rows)" targets)
[ "$t" = '["127.0.0.1:6343"]' ] || fail "targets changed: $t"
all_attached $BRS || fail "refusing a file detached the bridges"

# Once the directory is safe again, the same file is taken (SIGHUP re-reads).
chmod 0700 "$TEST_DIR"
kill -HUP "$OVSD_BG"
wait_for 20 our_row_is sampling 1 || fail "the file was not taken once trusted"
pass "untrusted hsflowd.auto refused, last good settings kept"

# An agent= that is not UTF-8 cannot go into OVSDB (JSON): the file is refused
# and the bridges keep their row, instead of sFlow being detached
# everywhere; the log shows the bad byte escaped, not raw.
printf 'rev_start=6\nsampling=333\npolling=20\nagent=eth\377\033[2J\ncollector=127.0.0.1\nrev_end=6\n' \
    > "$AUTO.tmp"
mv "$AUTO.tmp" "$AUTO"
wait_for 20 grep -qF "bad agent device 'eth\xff\x1b[2J'" "$OVSD_LOG" || fail "no escaped log line"
! grep -q "$(printf '\377')" "$OVSD_LOG" || fail "raw byte in the log"
all_attached $BRS || fail "a non-UTF-8 agent detached the bridges"
our_row_is sampling 1 || fail "a non-UTF-8 agent changed the row"
pass "a non-UTF-8 agent keeps the last good settings, logged escaped"

# SIGTERM is answered (the FIFO again, to be sure nothing blocks).
rm -f "$AUTO"; mkfifo "$AUTO"
kill -HUP "$OVSD_BG"
ovsd_stop
! kill -0 "$OVSD_BG" 2>/dev/null || fail "sflowovsd did not stop"
rm -f "$AUTO"
write_auto 5 512 20 "127.0.0.1"

# A symbolic link as pid file or log file: refused, the target untouched.
echo precious > "$TEST_DIR/victim"
ln -s "$TEST_DIR/victim" "$TEST_DIR/link"
if sflowovsd --db "$OVS_DB" --auto-file "$AUTO" --pidfile "$TEST_DIR/link" \
        --log-file "$TEST_DIR/other.log" 2> "$TEST_DIR/pid.err"; then
    fail "a symbolic link was taken as the pid file"
fi
grep -q "refused: a symbolic link" "$TEST_DIR/pid.err" || fail "no reason for the pid file"
if sflowovsd --db "$OVS_DB" --auto-file "$AUTO" --pidfile "$TEST_DIR/p2.pid" \
        --log-file "$TEST_DIR/link" 2> "$TEST_DIR/log.err"; then
    fail "a symbolic link was taken as the log file"
fi
grep -q "refused: a symbolic link" "$TEST_DIR/log.err" || fail "no reason for the log file"
[ "$(cat "$TEST_DIR/victim")" = precious ] || fail "the link's target was written"
pass "pid and log files are never opened through a link"

# New pid and log files get 0644 and 0640.
rm -f "$OVSD_LOG"
ovsd_start
[ "$(stat -c %a "$OVSD_PID")" = 644 ] || fail "pid file mode $(stat -c %a "$OVSD_PID")"
[ "$(stat -c %a "$OVSD_LOG")" = 640 ] || fail "log file mode $(stat -c %a "$OVSD_LOG")"
ovsd_stop
pass "pid file 0644, log file 0640"
