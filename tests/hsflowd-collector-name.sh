#!/bin/sh
# A collector given by name (collector { ip = NAME }) against a real dnsmasq:
# hsflowd -t says what the name resolves to; the daemon sends to the address
# dnsmasq gives; when the answer changes (dnsmasq restarted with another
# address, a 1 s TTL) the datagrams follow within the clamped TTL, without a
# restart; with DNS down the last addresses keep receiving. On the way, the
# host_descr record carries the config's uuid. Loopback only:
# the name is 127.0.0.2, then 127.0.0.3, each with its own sflowdump.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib/harness.sh"
require_cmd dnsmasq
[ -x "$top_builddir/src/hsflowd/hsflowd" ] || skip "hsflowd not built"

DNS_PORT=$(free_udp_port)
C_PORT=$(free_udp_port)
NAME=collector.test.lan

# count FILE: datagrams sflowdump has written to FILE so far.
count() { [ -f "$1" ] && wc -l < "$1" || echo 0; }
grows() { [ "$(count "$1")" -gt "$2" ]; }
dump_on() {  # dump_on ADDR: an sFlow collector on ADDR:C_PORT
    sflowdump -p "$C_PORT" -b "$1" -j > "$TEST_DIR/$1.json" 2> "$TEST_DIR/$1-dump.log" &
    echo $! > "$TEST_DIR/$1-dump.pid"
    at_exit "kill_pidfile $TEST_DIR/$1-dump.pid"
}
restart_dnsmasq() {
    dnsmasq_stop
    rm -f "$TEST_DIR/dnsmasq.log"
    dnsmasq_start "$DNS_PORT" "$@"
}

dump_on 127.0.0.2
dump_on 127.0.0.3
dnsmasq_start "$DNS_PORT" --local-ttl=1 --host-record=$NAME,127.0.0.2

cat > "$TEST_DIR/name.conf" <<EOC
sflow {
  DNSSD = off
  dns-sd { server = 127.0.0.1:$DNS_PORT }
  polling = 1
  uuid = 3d1219c7-c4c5-404a-aa1f-6d2a48adfda4
  collector { ip = $NAME udpport = $C_PORT }
}
EOC
hsflowd -t -f "$TEST_DIR/name.conf" -a "$TEST_DIR/t.auto" > "$TEST_DIR/t.out" 2>&1 \
    || { cat "$TEST_DIR/t.out" >&2; fail "hsflowd -t rejects a collector name"; }
grep -q "^# collector $NAME: 127.0.0.2\$" "$TEST_DIR/t.out" \
    || { cat "$TEST_DIR/t.out" >&2; fail "-t does not say what $NAME resolves to"; }
grep -q "^collector=127.0.0.2 $C_PORT\$" "$TEST_DIR/t.out" || fail "-t: not in hsflowd.auto"
pass "hsflowd -t resolves $NAME through the configured server"

hsflowd_bg name
wait_for 20 grows "$TEST_DIR/127.0.0.2.json" 1 \
    || { cat "$TEST_DIR/name.log" >&2; fail "no datagrams at 127.0.0.2"; }
grep -q "^collector=127.0.0.2 $C_PORT\$" "$TEST_DIR/name.auto" \
    || fail "hsflowd.auto does not name the resolved address"
[ "$(count "$TEST_DIR/127.0.0.3.json")" = 0 ] || fail "datagrams at 127.0.0.3 already"
pass "datagrams arrive at the address of $NAME"
grep -q '"uuid":"3d1219c7-c4c5-404a-aa1f-6d2a48adfda4"' "$TEST_DIR/127.0.0.2.json" \
    || fail "host_descr does not carry the uuid of the config"
pass "host_descr carries uuid = from the config"

restart_dnsmasq --local-ttl=1 --host-record=$NAME,127.0.0.3
# TTL 1 s, clamped to 10 s, plus jitter: allow for a loaded machine.
wait_for 40 grows "$TEST_DIR/127.0.0.3.json" 1 \
    || { cat "$TEST_DIR/name.log" >&2; fail "datagrams did not follow the new address"; }
wait_for 10 grep -q "^collector=127.0.0.3 $C_PORT\$" "$TEST_DIR/name.auto" \
    || fail "hsflowd.auto did not follow the new address"
sleep_until_quiet() {  # the old address gets nothing more
    a=$(count "$TEST_DIR/127.0.0.2.json"); sleep 3; [ "$(count "$TEST_DIR/127.0.0.2.json")" = "$a" ]
}
wait_for 15 sleep_until_quiet || fail "127.0.0.2 still receives after the change"
pass "the answer changed; datagrams followed it without a restart"

dnsmasq_stop
wait_for 40 grep -q "collector name $NAME: lookup failed.*keeping its last addresses" \
    "$TEST_DIR/name.log" || { cat "$TEST_DIR/name.log" >&2; fail "no failed lookup logged"; }
n=$(count "$TEST_DIR/127.0.0.3.json")
wait_for 15 grows "$TEST_DIR/127.0.0.3.json" "$((n + 2))" \
    || fail "with DNS down, the last address stopped receiving"
grep -q "^collector=127.0.0.3 $C_PORT\$" "$TEST_DIR/name.auto" \
    || fail "with DNS down, hsflowd.auto lost the collector"
pass "DNS down: the last good address keeps receiving"
