#!/bin/sh
# hsflowd and the hsflowd.conf it must not trust: a FIFO does not hang
# `hsflowd -t`; a file another user owns, a group/other-writable one, one in
# a directory others can write, or a link to such a file is refused with
# the reason; on SIGHUP such a file keeps the running settings. A symbolic
# link as the pid file is refused and its target left alone.
. "$top_srcdir/tests/lib/harness.sh"
require_root
umask 022

conf="$TEST_DIR/hsflowd.conf"
auto="$TEST_DIR/hsflowd.auto"
port=$(free_udp_port)
write_conf() {  # FILE SAMPLING
    printf 'sflow {\n DNSSD = off\n polling = 0\n sampling = %s\n collector { ip = 127.0.0.1 udpport = %s }\n}\n' \
        "$2" "$port" > "$1"
}
# refused FILE REASON: -t refuses FILE, quickly, and says REASON.
refused() {
    if timeout 20 hsflowd -t -f "$1" -a "$auto" > /dev/null 2> "$TEST_DIR/t.err"; then
        fail "-t accepted $1"
    fi
    [ "$?" != 124 ] || fail "-t hung on $1"
    grep -q "$2" "$TEST_DIR/t.err" || { cat "$TEST_DIR/t.err" >&2; fail "-t: no '$2'"; }
}

mkfifo "$TEST_DIR/fifo.conf"
refused "$TEST_DIR/fifo.conf" "a FIFO, not a regular file"
write_conf "$TEST_DIR/nobody.conf" 1
chown nobody "$TEST_DIR/nobody.conf"
refused "$TEST_DIR/nobody.conf" "owned by another user"
write_conf "$TEST_DIR/open.conf" 1
chmod 0666 "$TEST_DIR/open.conf"
refused "$TEST_DIR/open.conf" "writable by group or others"
mkdir -m 0777 "$TEST_DIR/pub"
write_conf "$TEST_DIR/pub/hsflowd.conf" 1
refused "$TEST_DIR/pub/hsflowd.conf" "could have been replaced"
ln -s "$TEST_DIR/pub/hsflowd.conf" "$TEST_DIR/link.conf"
refused "$TEST_DIR/link.conf" "could have been replaced"
write_conf "$conf" 1000
hsflowd -t -f "$conf" -a "$auto" > /dev/null || fail "-t refused a good file"
ln -s "$conf" "$TEST_DIR/good-link.conf"
hsflowd -t -f "$TEST_DIR/good-link.conf" -a "$auto" > /dev/null \
    || fail "-t refused a link to a good file"
pass "-t refuses FIFOs and files others could write"

# The daemon refuses to start on such a file, and on SIGHUP keeps running.
if timeout 20 hsflowd -d -f "$TEST_DIR/open.conf" -a "$auto" -p "$TEST_DIR/x.pid" \
        > "$TEST_DIR/x.log" 2>&1; then
    fail "hsflowd started on a world-writable config"
fi
grep -q "writable by group or others" "$TEST_DIR/x.log" || fail "start: no reason"
hsflowd -d -f "$conf" -a "$auto" -p "$TEST_DIR/hsflowd.pid" > "$TEST_DIR/hsflowd.log" 2>&1 &
at_exit "kill_pidfile $TEST_DIR/hsflowd.pid"
wait_for 20 grep -q "^sampling=1000" "$auto" || fail "no hsflowd.auto"
rev0=$(sed -n 's/^rev_end=//p' "$auto")
write_conf "$conf.new" 7
chmod 0664 "$conf.new"
mv "$conf.new" "$conf"
kill -HUP "$(cat "$TEST_DIR/hsflowd.pid")"
wait_for 20 grep -q "writable by group or others.*keeping the running settings" \
    "$TEST_DIR/hsflowd.log" || fail "SIGHUP: no refusal"
grep -q "^sampling=1000" "$auto" || fail "a refused config changed hsflowd.auto"
[ "$(sed -n 's/^rev_end=//p' "$auto")" = "$rev0" ] || fail "hsflowd.auto rewritten"
chmod 0644 "$conf"
kill -HUP "$(cat "$TEST_DIR/hsflowd.pid")"
wait_for 20 grep -q "^sampling=7" "$auto" || fail "the file was not taken once trusted"
kill_pidfile "$TEST_DIR/hsflowd.pid"
pass "an untrusted config keeps the running settings"

# A symbolic link as the pid file: refused, its target untouched.
echo precious > "$TEST_DIR/victim"
ln -s "$TEST_DIR/victim" "$TEST_DIR/link.pid"
if timeout 20 hsflowd -d -f "$conf" -a "$auto" -p "$TEST_DIR/link.pid" > "$TEST_DIR/l.log" 2>&1
then
    fail "hsflowd took a symbolic link as its pid file"
fi
grep -q "refused: a symbolic link" "$TEST_DIR/l.log" || fail "pid file: no reason"
[ "$(cat "$TEST_DIR/victim")" = precious ] || fail "the link's target was written"
pass "the pid file is never opened through a link"

# A FIFO in place of a /proc file under --sysroot: the counters that need
# it are left out, the others are still sent (the read does not block).
cp -r "$top_srcdir/tests/data/sysroot-odd" "$TEST_DIR/sysroot"
chmod -R u+w "$TEST_DIR/sysroot"
rm -f "$TEST_DIR/sysroot/proc/meminfo"
mkfifo "$TEST_DIR/sysroot/proc/meminfo"
sport=$(free_udp_port)
printf 'sflow {\n DNSSD = off\n polling = 1\n collector { ip = 127.0.0.1 udpport = %s }\n}\n' \
    "$sport" > "$TEST_DIR/sys.conf"
loopback_collector sys "$sport"
hsflowd_bg sys --sysroot "$TEST_DIR/sysroot"
wait_for 30 test -s "$TEST_DIR/sys.json" || fail "no counters with a FIFO under --sysroot"
pass "a FIFO under --sysroot does not block the counters"
