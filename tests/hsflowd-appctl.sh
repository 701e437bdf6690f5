#!/bin/sh
# The stock ovs-appctl against hsflowd's control socket, with a collector on
# loopback: hsflowd/show counts the datagrams the collector received, lists
# the data sources and the settings; hsflowd/reload applies a new file (and
# keeps the running settings on a bad one); hostile clients leave hsflowd
# running and sending; exit stops it and removes the socket.
. "$top_srcdir/tests/lib/harness.sh"
require_cmd ovs-appctl python3
CTL=$TEST_DIR/hsflowd.ctl
appctl() { ovs-appctl --timeout=20 -t "$CTL" "$@"; }

port=$(free_udp_port)
write_conf() {
    cat > "$TEST_DIR/hsflowd.conf" <<EOC
sflow {
  DNSSD = off
  polling = $1
  sampling = $2
  collector { ip = 127.0.0.1 udpport = $port }
}
EOC
}
write_conf 1 400
loopback_collector dump "$port"
hsflowd_bg hsflowd
received() { grep -c . "$TEST_DIR/dump.json" 2>/dev/null || echo 0; }
wait_for 20 test -S "$CTL" || fail "no control socket at $CTL"
[ "$(stat -c %a "$CTL")" = 700 ] || fail "control socket mode $(stat -c %a "$CTL")"
wait_for 30 sh -c "[ \$(grep -c . '$TEST_DIR/dump.json') -ge 5 ]" || fail "no datagrams"

# Every datagram show counts reaches the collector, and the collector has
# nothing show has not counted.
sent_now() { appctl hsflowd/show | sed -n "s/^  127.0.0.1:$port: \([0-9]*\) datagrams.*/\1/p"; }
for round in 1 2 3; do
    d1=$(sent_now)
    [ -n "$d1" ] && [ "$d1" -ge 1 ] || fail "show has no count for 127.0.0.1:$port"
    wait_for 20 sh -c "[ \$(grep -c . '$TEST_DIR/dump.json') -ge $d1 ]" ||
        fail "show counted $d1 datagrams, the collector has $(received)"
    c=$(received)
    d2=$(sent_now)
    [ "$c" -le "$d2" ] || fail "the collector has $c datagrams, show counted only $d2"
    log "round $round: show $d1 then $d2, collector $c"
done
appctl hsflowd/show > "$TEST_DIR/show.txt"
cat "$TEST_DIR/show.txt" >&2
for want in "config: $TEST_DIR/hsflowd.conf" "settings: sampling 400, polling 1 s" \
    "the config file (DNS-SD off)" "revision 1" " 0 send errors" "2:1: polled" \
    "data sources polled:"; do
    grep -qF -- "$want" "$TEST_DIR/show.txt" || fail "show lacks '$want'"
done
pass "hsflowd/show: datagrams counted as the collector received them ($c)"

# reload: as SIGHUP; a bad file keeps the running settings.
write_conf 1 200
appctl hsflowd/reload | grep -q "reloaded" || fail "reload reply"
wait_for 10 sh -c "ovs-appctl -t '$CTL' hsflowd/show | grep -q 'sampling 200'" ||
    fail "reload did not apply sampling 200"
echo "sflow { polling = 1000 }" > "$TEST_DIR/hsflowd.conf"
rc=0; appctl hsflowd/reload > /dev/null 2> "$TEST_DIR/err" || rc=$?
[ "$rc" = 2 ] && grep -q "keeping the running settings" "$TEST_DIR/err" ||
    fail "a bad file: rc $rc, $(cat "$TEST_DIR/err")"
appctl hsflowd/show | grep -q "sampling 200" || fail "a bad file changed the settings"
pass "hsflowd/reload applies a good file and refuses a bad one"

appctl version | grep -q "^hsflowd (hsflowd) " || fail "version"
appctl vlog/set dbg && appctl vlog/list | grep -q "^hsflowd .*DBG" || fail "vlog"

# Hostile clients: garbage, 100 MB, one that never reads; hsflowd keeps sending.
python3 "$top_srcdir/tests/tools/unixctl-hostile.py" "$CTL" hsflowd/show > "$TEST_DIR/hostile.log" 2>&1 &
HOSTILE=$!
at_exit "kill $HOSTILE"
wait_for 60 grep -q "big request cut" "$TEST_DIR/hostile.log" || fail "the 100 MB client was not cut off"
before=$(received)
wait_for 20 sh -c "[ \$(grep -c . '$TEST_DIR/dump.json') -gt $((before + 3)) ]" ||
    fail "hsflowd stopped sending beside hostile clients"
appctl hsflowd/show > /dev/null || fail "show does not answer beside hostile clients"
pass "hostile clients: hsflowd keeps answering and sending"

pid=$(cat "$TEST_DIR/hsflowd.pid")
appctl exit
wait_for 20 sh -c "! kill -0 $pid 2>/dev/null" || fail "exit did not stop hsflowd"
[ ! -e "$CTL" ] || fail "the control socket is still there after exit"
pass "exit stops hsflowd and removes the socket"
