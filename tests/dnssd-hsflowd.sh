#!/bin/sh
# hsflowd itself with DNS-SD (DNSSD = on, dns-sd { domain server }) against
# dnsmasq: the collectors and sampling/polling of the SRV and TXT records
# land in hsflowd.auto, change there when the records change (no restart),
# stay while the server is gone, and a hostile TXT record leaves them be.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib/harness.sh"
require_cmd dnsmasq
[ -x "$top_builddir/src/hsflowd/hsflowd" ] || skip "hsflowd not built"

PORT=$(free_udp_port)
C1=$(free_udp_port)
C2=$(free_udp_port)
CONF="$TEST_DIR/hsflowd.conf"
AUTO="$TEST_DIR/hsflowd.auto"
LOG="$TEST_DIR/hsflowd.log"
SRV=_sflow._udp.test.lan

auto_has() { grep -qx "$1" "$AUTO"; }
auto_show() { grep -v '^#' "$AUTO" 2>/dev/null | tr '\n' ' '; }
restart_dnsmasq() {
    dnsmasq_stop
    rm -f "$TEST_DIR/dnsmasq.log"
    dnsmasq_start "$PORT" "$@"
}

dnsmasq_start "$PORT" --local-ttl=1 \
    --srv-host=$SRV,collector.test.lan,"$C1" \
    --host-record=collector.test.lan,127.0.0.1 \
    --txt-record=$SRV,"txtvers=1","sampling=512","polling=20"

cat > "$CONF" <<EOC
sflow {
  DNSSD = on
  dns-sd { domain = test.lan server = 127.0.0.1:$PORT }
}
EOC
HSFLOWD_DNSSD_START_DELAY_MS=0 hsflowd -d -f "$CONF" -a "$AUTO" -p "$TEST_DIR/hsflowd.pid" \
    >"$LOG" 2>&1 &
wait_for 10 test -s "$TEST_DIR/hsflowd.pid" || fail "hsflowd did not start"
at_exit "kill_pidfile $TEST_DIR/hsflowd.pid"
PID=$(cat "$TEST_DIR/hsflowd.pid")

wait_for 15 auto_has "collector=127.0.0.1 $C1" || fail "no DNS-SD collector in hsflowd.auto: $(auto_show)"
auto_has "sampling=512" && auto_has "polling=20" \
    || fail "TXT sampling/polling not in hsflowd.auto: $(auto_show)"
pass "hsflowd.auto has the SRV collector and the TXT sampling/polling"

restart_dnsmasq --local-ttl=1 \
    --srv-host=$SRV,collector2.test.lan,"$C2" \
    --host-record=collector2.test.lan,127.0.0.2 \
    --txt-record=$SRV,"txtvers=1","sampling=1024","polling=10"
wait_for 25 auto_has "collector=127.0.0.2 $C2" || fail "records changed, hsflowd.auto did not: $(auto_show)"
auto_has "sampling=1024" && auto_has "polling=10" || fail "new TXT not applied: $(auto_show)"
auto_has "collector=127.0.0.1 $C1" && fail "old collector kept: $(auto_show)"
[ "$(cat "$TEST_DIR/hsflowd.pid")" = "$PID" ] && kill -0 "$PID" || fail "hsflowd restarted or died"
pass "changed records reach hsflowd.auto without a restart"

dnsmasq_stop
n=$(grep -c "refresh failed" "$LOG" || true)
wait_for 25 sh -c "[ \$(grep -c 'refresh failed' '$LOG') -gt $n ]" \
    || fail "no failed refresh logged with dnsmasq stopped"
auto_has "collector=127.0.0.2 $C2" && auto_has "sampling=1024" && auto_has "polling=10" \
    || fail "hsflowd.auto changed while DNS was gone: $(auto_show)"
pass "DNS server stopped: hsflowd.auto keeps the last good settings"

restart_dnsmasq --local-ttl=1 \
    --srv-host=$SRV,collector2.test.lan,"$C2" \
    --host-record=collector2.test.lan,127.0.0.2 \
    --txt-record=$SRV,"txtvers=1","sampling=-1","polling=99999999999"
wait_for 25 grep -q "TXT record at $SRV rejected.*sampling '-1'" "$LOG" \
    || fail "hostile TXT not rejected in the log"
auto_has "sampling=1024" && auto_has "polling=10" \
    || fail "hostile TXT changed hsflowd.auto: $(auto_show)"
kill -0 "$PID" || fail "hsflowd died"
pass "hostile TXT rejected and logged; hsflowd.auto unchanged"
