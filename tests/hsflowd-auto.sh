#!/bin/sh
# hsflowd rewrites hsflowd.auto 1,000 times (config rewritten + SIGHUP) while
# a reader loops over it: every read parses with rev_start == rev_end. A bad
# config on SIGHUP keeps the running settings; a restart carries the revision
# on.
. "$top_srcdir/tests/lib/harness.sh"
require_cmd python3

conf="$TEST_DIR/hsflowd.conf"
auto="$TEST_DIR/hsflowd.auto"
port=$(free_udp_port)
write_conf() {  # SAMPLING: written aside and renamed, as an editor would
    printf 'sflow {\n DNSSD = off\n polling = 0\n sampling = %s\n collector { ip = 127.0.0.1 udpport = %s }\n}\n' \
        "$1" "$port" > "$conf.new"
    mv "$conf.new" "$conf"
}
start_hsflowd() {
    hsflowd -d -f "$conf" -a "$auto" -p "$TEST_DIR/hsflowd.pid" >> "$TEST_DIR/hsflowd.log" 2>&1 &
    wait_for 10 test -s "$TEST_DIR/hsflowd.pid" || fail "hsflowd did not start"
}
rev() { sed -n 's/^rev_end=//p' "$auto"; }

write_conf 1000
start_hsflowd
at_exit "kill_pidfile $TEST_DIR/hsflowd.pid"
wait_for 10 grep -q "^sampling=1000" "$auto" || fail "no hsflowd.auto"
rev0=$(rev)

"$top_builddir/tests/tools/hsauto-reader" "$auto" "$TEST_DIR/stop" > "$TEST_DIR/reader.out" 2> "$TEST_DIR/reader.log" &
reader=$!

python3 - "$conf" "$auto" "$(cat "$TEST_DIR/hsflowd.pid")" "$port" <<'EOP' || fail "rewrites"
import os, signal, sys, time
conf, auto, pid, port = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
for i in range(1, 1001):
    v = 1000 + i
    with open(conf + ".new", "w") as f:
        f.write("sflow {\n DNSSD = off\n polling = 0\n sampling = %d\n"
                " collector { ip = 127.0.0.1 udpport = %s }\n}\n" % (v, port))
    os.rename(conf + ".new", conf)
    os.kill(pid, signal.SIGHUP)
    want = "sampling=%d\n" % v
    end = time.time() + 10
    while True:
        try:
            if want in open(auto).read():
                break
        except FileNotFoundError:
            pass
        if time.time() > end:
            sys.exit("rewrite %d did not arrive" % i)
        time.sleep(0.0005)
EOP
touch "$TEST_DIR/stop"
wait "$reader" || { cat "$TEST_DIR/reader.log" >&2; fail "the reader saw a bad file"; }
cat "$TEST_DIR/reader.out" >&2
rev1=$(rev)
[ "$rev1" -eq $((rev0 + 1000)) ] || fail "revision $rev1 after 1000 rewrites from $rev0"
changes=$(sed -n 's/.*changes=\([0-9]*\).*/\1/p' "$TEST_DIR/reader.out")
[ "$changes" -ge 100 ] || fail "the reader saw only $changes of the rewrites"

# A bad config on SIGHUP: logged with file:line, the running settings stay.
printf 'sflow {\n sampling = 12\n polling = 99999\n}\n' > "$conf"
kill -HUP "$(cat "$TEST_DIR/hsflowd.pid")"
wait_for 10 grep -q "hsflowd.conf:3: polling" "$TEST_DIR/hsflowd.log" || fail "bad config not logged"
kill -0 "$(cat "$TEST_DIR/hsflowd.pid")" || fail "hsflowd died on a bad config"
[ "$(rev)" = "$rev1" ] && grep -q "^sampling=2000" "$auto" || fail "a bad config changed hsflowd.auto"

# A restart carries the revision on.
kill_pidfile "$TEST_DIR/hsflowd.pid"
write_conf 3000
start_hsflowd
wait_for 10 grep -q "^sampling=3000" "$auto" || fail "no rewrite after restart"
[ "$(rev)" -eq $((rev1 + 1)) ] || fail "revision $(rev) after restart from $rev1"
pass "1000 rewrites, every read whole; bad config kept out; revision carried over"
