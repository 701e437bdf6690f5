#!/bin/sh
# DNS-SD against a real dnsmasq on a loopback port: the refresher finds the
# collectors and sampling/polling, follows changed records without a
# restart, keeps the last good settings while the server is gone, and
# rejects hostile TXT values with a log line.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib/harness.sh"
require_cmd dnsmasq

CHECK="$top_builddir/tests/tools/dnssd-check"
PORT=$(free_udp_port)
AUTO="$TEST_DIR/dnssd.auto"
LOG="$TEST_DIR/dnssd-check.log"
SRV=_sflow._udp.test.lan

auto_has() { grep -qx "$1" "$AUTO"; }
auto_show() { grep -v '^#' "$AUTO" | tr '\n' ' '; }
# restart_dnsmasq ARGS...: the same port, new records.
restart_dnsmasq() {
    dnsmasq_stop
    rm -f "$TEST_DIR/dnsmasq.log"
    dnsmasq_start "$PORT" "$@"
}

# ---- 1. one-shot lookups: hostile TXT values, the resolver's domain ------------
# One dnsmasq serves a good domain (test.lan) and one domain per hostile value.
BIG="sampling=$(printf '%04096d' 7)"
set -- --local-ttl=1 \
    --srv-host=$SRV,collector.test.lan,6343 \
    --host-record=collector.test.lan,127.0.0.1,::1 \
    --txt-record=$SRV,"txtvers=1","sampling=512","polling=20" \
    --srv-host=_sflow._udp.notxt.lan,collector.test.lan,6343
# (notxt.lan has no TXT record: dnsmasq refuses the TXT query. Keep the 4 KB
# record last: dnsmasq drops options that follow it.)
for bad in neg:sampling=-1 huge:polling=99999999999 nan:sampling=lots \
           ver:txtvers=9 big:"$BIG"; do
    name=${bad%%:*} value=${bad#*:}
    set -- "$@" --srv-host=_sflow._udp.$name.lan,collector.test.lan,6343 \
        --txt-record=_sflow._udp.$name.lan,"headerBytes=64","$value"
done
dnsmasq_start "$PORT" "$@"

out=$("$CHECK" -d test.lan -s "127.0.0.1:$PORT" -1 -t 20 2>"$LOG") \
    || fail "no result from dnsmasq for test.lan: $(cat "$LOG")"
log "test.lan: $out"
case "$out" in
*"collectors=127.0.0.1/6343,::1/6343 sampling=512 polling=20"*) ;;
*) fail "test.lan: unexpected result '$out'" ;;
esac
pass "collectors (A and AAAA) and sampling/polling from SRV + TXT"

for bad in neg:"sampling '-1'" huge:"polling '99999999999'" nan:"sampling 'lots'" \
           ver:"txtvers '9'" big:"sampling '0000"; do
    name=${bad%%:*} want=${bad#*:}
    out=$("$CHECK" -d "$name.lan" -s "127.0.0.1:$PORT" -1 -t 20 2>"$LOG") \
        || fail "$name.lan: no result: $(cat "$LOG")"
    grep -q "TXT record at _sflow._udp.$name.lan rejected.*$want" "$LOG" \
        || fail "$name.lan: no rejection naming $want in: $(cat "$LOG")"
    # Collectors still come from SRV; nothing of the bad TXT is applied
    # (not even its good headerBytes=64).
    case "$out" in
    *"collectors=127.0.0.1/6343,::1/6343") ;;
    *) fail "$name.lan: TXT applied or collectors lost: '$out'" ;;
    esac
done
pass "hostile TXT values rejected and logged"

out=$("$CHECK" -d notxt.lan -s "127.0.0.1:$PORT" -1 -t 20 2>"$LOG") \
    || fail "notxt.lan: no result: $(cat "$LOG")"
case "$out" in
"generation=1 ttl="*" collectors=127.0.0.1/6343,::1/6343") ;;
*) fail "notxt.lan: unexpected result '$out'" ;;
esac
grep -q "TXT record at _sflow._udp.notxt.lan unavailable" "$LOG" \
    || fail "notxt.lan: the refused TXT query was not logged: $(cat "$LOG")"
pass "a missing TXT record means no TXT settings"

out=$(LOCALDOMAIN=test.lan "$CHECK" -s "127.0.0.1:$PORT" -1 -t 20 2>"$LOG") \
    || fail "no result with the resolver's search domain: $(cat "$LOG")"
case "$out" in
*"sampling=512 polling=20"*) ;;
*) fail "resolver's domain: unexpected result '$out'" ;;
esac
pass "domain taken from the resolver's search list (LOCALDOMAIN)"

# ---- 2. a running refresher follows the records ------------------------------------
"$CHECK" -v -d test.lan -s "127.0.0.1:$PORT" -o "$AUTO" -t 55 >"$TEST_DIR/results" 2>"$LOG" &
CHECK_PID=$!
at_exit "kill $CHECK_PID"
wait_for 10 auto_has "sampling=512" || fail "no first result: $(cat "$LOG")"
auto_has "polling=20" && auto_has "collector=127.0.0.1" && auto_has "collector=::1" \
    || fail "first result wrong: $(auto_show)"

restart_dnsmasq --local-ttl=1 \
    --srv-host=$SRV,collector2.test.lan,7000 \
    --host-record=collector2.test.lan,127.0.0.2 \
    --txt-record=$SRV,"txtvers=1","sampling=1024","polling=10","sampling.10G=4000"
# TTL 1 s is clamped to 10 s (+ up to 10% jitter).
wait_for 20 auto_has "collector=127.0.0.2 7000" || fail "records changed, result did not: $(auto_show)"
auto_has "sampling=1024" && auto_has "polling=10" && auto_has "sampling.10G=4000" \
    || fail "changed TXT not applied: $(auto_show)"
auto_has "collector=127.0.0.1" && fail "old collector still there: $(auto_show)"
kill -0 "$CHECK_PID" || fail "refresher exited"
pass "changed records picked up without a restart"

# ---- 3. server gone: the last good result stays ----------------------------------
dnsmasq_stop
n_fail=$(grep -c "refresh failed" "$LOG" || true)
wait_for 20 sh -c "[ \$(grep -c 'refresh failed' '$LOG') -gt $n_fail ]" \
    || fail "no failed refresh logged with dnsmasq stopped"
grep "refresh failed" "$LOG" | tail -n 1 | grep -q "keeping the last good settings" \
    || fail "failure not logged as keeping the last settings: $(tail -n 3 "$LOG")"
auto_has "collector=127.0.0.2 7000" && auto_has "sampling=1024" \
    || fail "result changed while the server was gone: $(auto_show)"
pass "server stopped: last good result kept"

# ---- 4. back with a hostile TXT: collectors follow, TXT settings stay -------------
restart_dnsmasq --local-ttl=1 \
    --srv-host=$SRV,collector3.test.lan,6343 \
    --host-record=collector3.test.lan,127.0.0.3 \
    --txt-record=$SRV,"txtvers=1","sampling=-1","polling=99999999999"
wait_for 20 auto_has "collector=127.0.0.3" || fail "no refresh after the server came back: $(auto_show)"
grep -q "TXT record at $SRV rejected.*sampling '-1'" "$LOG" || fail "hostile TXT not logged"
auto_has "sampling=1024" && auto_has "polling=10" \
    || fail "hostile TXT changed the settings: $(auto_show)"
pass "hostile TXT rejected while running; previous sampling/polling kept"
kill -0 "$CHECK_PID" || fail "refresher exited"
