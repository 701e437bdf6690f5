#!/bin/sh
# hsflowd's NFLOG sub-sampling, as the older Host sFlow agent does it: a rule
# of probability 1 (the config gives no probability) logs every packet and
# hsflowd keeps 1-in-`sampling` of them. The sampling rate comes from DNS-SD
# (dnsmasq on 127.0.0.1 in hsflowd's namespace, TXT sampling=10), then
# changes to 50 without a restart. For each phase, 20,000 UDP packets: every
# sample reports the phase's rate, the number of samples is within the
# binomial bounds (mean +- 5 sigma) of the packets logged (less drops), and
# the sample pool counts every logged packet, sampled or not.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/nflog-lib.sh"
require_cmd dnsmasq

DNSPORT=5353
SRV=_sflow._udp.test.lan
PACKETS=20000

cat > "$TEST_DIR/hsflowd.conf" <<EOC
sflow {
  DNSSD = on
  dns-sd { domain = test.lan server = 127.0.0.1:$DNSPORT }
  nflog { group = 9 }
}
EOC

# dns_start SAMPLING: dnsmasq in hsflowd's namespace serving the collector
# (SRV) and SAMPLING (TXT), with a 1 s TTL so that hsflowd asks again soon.
dns_start() {
    ip netns exec "$NSB" dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll \
        --listen-address=127.0.0.1 --bind-interfaces --port="$DNSPORT" \
        --pid-file="$TEST_DIR/dnsmasq.pid" --log-queries \
        --log-facility="$TEST_DIR/dnsmasq.log" --user=root --group=root --local-ttl=1 \
        --srv-host=$SRV,collector.test.lan,"$CPORT" \
        --host-record=collector.test.lan,10.77.0.1 \
        --txt-record=$SRV,"txtvers=1","sampling=$1" &
    echo $! > "$TEST_DIR/dnsmasq.pid.bg"
    at_exit "kill_pidfile $TEST_DIR/dnsmasq.pid.bg"
    wait_for 30 sh -c "ip netns exec $NSB ss -Hnlu | grep -q '127.0.0.1:$DNSPORT'" \
        || fail "dnsmasq did not start"
}

# window LO HI RATE: over the flow samples of 0:$IFB whose pool is in
# (LO, HI], checks the rate of every one and that their number is within
# 5 sigma of the binomial mean for HI - LO packets logged, less the drops
# reported in the window; prints a summary line.
window() {
    python3 - "$TEST_DIR/sflow.jsonl" "$IFB" "$1" "$2" "$3" <<'PY'
import json, math, sys
path, ifindex, lo, hi, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
n, rates, pools, drops_before, drops_in = 0, set(), [], 0, 0
for line in open(path):
    for s in json.loads(line).get("samples", []):
        if s.get("format") not in (1, 3) or s.get("source_index") != ifindex:
            continue
        pool = s["sample_pool"]
        if pool <= lo:
            drops_before = max(drops_before, s["drops"])
        elif pool <= hi:
            n += 1
            rates.add(s["sampling_rate"])
            pools.append(pool)
            drops_in = max(drops_in, s["drops"])
drops = max(0, drops_in - drops_before)
logged = hi - lo - drops
p = 1.0 / rate
mean, sigma = logged * p, math.sqrt(logged * p * (1 - p))
print("# pool (%d, %d]: %d samples, rates %s, drops %d; expected %.1f +- %.1f (5 sigma)"
      % (lo, hi, n, sorted(rates), drops, mean, 5 * sigma), file=sys.stderr)
ok = True
if rates != {rate}:
    print("# rates %s, want %d in every sample" % (sorted(rates), rate), file=sys.stderr)
    ok = False
if not abs(n - mean) <= 5 * sigma:
    print("# outside the binomial bounds", file=sys.stderr)
    ok = False
if pools != sorted(pools):
    print("# sample pool went backwards", file=sys.stderr)
    ok = False
if drops > (hi - lo) // 10:
    print("# %d drops: too many to judge" % drops, file=sys.stderr)
    ok = False
print("%d samples at 1-in-%d for %d packets" % (n, rate, hi - lo))
sys.exit(0 if ok else 1)
PY
}

max_pool() {
    python3 - "$TEST_DIR/sflow.jsonl" "$IFB" <<'PY'
import json, sys
m = 0
for line in open(sys.argv[1]):
    for s in json.loads(line).get("samples", []):
        if s.get("format") in (1, 3) and s.get("source_index") == int(sys.argv[2]):
            m = max(m, s["sample_pool"])
print(m)
PY
}

# trail MARK: sends a few packets at a time until a sample's pool passes
# MARK, so that every sample of the packets up to MARK has been collected.
trail() {
    wait_for 60 sh -c "ip netns exec $NSA '$top_builddir/tests/tools/nflog-blast' 10.77.0.2 9 50 64 5000 >/dev/null;
        [ \$(python3 -c '
import json,sys
m=0
for l in open(sys.argv[1]):
    for s in json.loads(l).get(\"samples\",[]):
        if s.get(\"format\") in (1,3) and s.get(\"source_index\")==int(sys.argv[2]): m=max(m,s[\"sample_pool\"])
print(m)' $TEST_DIR/sflow.jsonl $IFB) -gt $1 ]" || fail "no sample past pool $1 (max $(max_pool))"
}

# phase RATE: blasts $PACKETS packets and checks the samples they gave.
phase() {
    lo=$(rule_packets INPUT 2)
    ip netns exec "$NSA" "$top_builddir/tests/tools/nflog-blast" 10.77.0.2 9 "$PACKETS" 64 20000 \
        > "$TEST_DIR/blast.txt" || fail "blaster failed"
    log "blast: $(cat "$TEST_DIR/blast.txt")"
    hi=$(rule_packets INPUT 2)
    [ $((hi - lo)) -ge $((PACKETS * 9 / 10)) ] || fail "only $((hi - lo)) of $PACKETS packets logged"
    trail "$hi"
    out=$(window "$lo" "$hi" "$1") || fail "sampling 1-in-$1: $out"
    pass "$out"
}

nflog_pair
# Rule 1 counts every packet that reaches INPUT on eth0; rule 2 logs them
# all (the config gives no probability: the rules script uses 1).
ip netns exec "$NSB" iptables -A INPUT -i eth0
HSFLOWD="$top_builddir/src/hsflowd/hsflowd" ip netns exec "$NSB" \
    "$top_srcdir/scripts/hsflowd-nflog-rules" -f "$TEST_DIR/hsflowd.conf" --chains INPUT \
    --match "-i eth0" --apply 2> "$TEST_DIR/rules.err" >/dev/null || fail "rules script failed"
ip netns exec "$NSB" iptables -S INPUT | grep -Eq -- '--probability 1(\.0*)? -j NFLOG --nflog-group 9' \
    || fail "rule not of probability 1: $(ip netns exec "$NSB" iptables -S INPUT)"
grep -q 'probability = 1/sampling' "$TEST_DIR/rules.err" || fail "no note about probability 1"

collector_start
dns_start 10
export HSFLOWD_DNSSD_START_DELAY_MS=0
hsflowd_start 9
wait_for 30 grep -q 'nflog: group 9: 1-in-10 ' "$TEST_DIR/hsflowd.log" \
    || fail "DNS-SD sampling 10 did not reach NFLOG: $(cat "$TEST_DIR/hsflowd.log")"
phase 10
[ "$(max_pool)" -le "$(rule_packets INPUT 2)" ] || fail "pool $(max_pool) past the packets logged"

kill_pidfile "$TEST_DIR/dnsmasq.pid.bg"
dns_start 50
wait_for 40 grep -q 'nflog: group 9: 1-in-50 ' "$TEST_DIR/hsflowd.log" \
    || fail "DNS-SD sampling 50 did not reach NFLOG: $(tail -5 "$TEST_DIR/hsflowd.log")"
# hsflowd logs the new rate before it rewrites hsflowd.auto (in the same
# turn of its loop): wait for the file too.
wait_for 30 grep -qx 'sampling=50' "$TEST_DIR/hsflowd.auto" \
    || fail "hsflowd.auto does not say sampling=50: $(cat "$TEST_DIR/hsflowd.auto")"
phase 50
pass "a DNS-SD sampling change reached NFLOG without a restart"
ovs-appctl --timeout=20 -t "$TEST_DIR/hsflowd.ctl" hsflowd/show > "$TEST_DIR/show.txt" || fail "hsflowd/show failed"
grep -q "rule 1-in-1, samples report 1-in-50; [1-9][0-9]* left out by the sub-sampling" \
    "$TEST_DIR/show.txt" || fail "hsflowd/show: $(grep -A1 NFLOG "$TEST_DIR/show.txt")"
pass "hsflowd/show: $(grep 'rule 1-in' "$TEST_DIR/show.txt")"
