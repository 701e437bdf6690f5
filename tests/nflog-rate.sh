#!/bin/sh
# NFLOG sampling at probability 0.0025 (1-in-400, the Proxmox VE article's
# setting) over 200,000 UDP packets: rate 400 in every sample, the number of
# samples within the binomial bounds (mean +- 5 sigma) of the packets that
# reached the rule, every logged packet sampled, and the sample pool an
# estimate of the packets within the same bounds.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/nflog-lib.sh"

cat > "$TEST_DIR/hsflowd.conf" <<'CONF'
sflow {
  DNSSD = off
  sampling = 400
  collector { ip = 10.77.0.1 udpport = 6343 }
  ulog { group = 6 probability = 0.0025 }
}
CONF

nflog_pair
# Rule 1 counts every packet that reaches INPUT; rule 2 samples.
ip netns exec "$NSB" iptables -A INPUT -i eth0
HSFLOWD= ip netns exec "$NSB" "$top_srcdir/scripts/hsflowd-nflog-rules" \
    -f "$TEST_DIR/hsflowd.conf" --chains INPUT --apply >/dev/null
collector_start
receiver_start -g 6 -p 0.0025 -H 128

PACKETS=200000
ip netns exec "$NSA" "$top_builddir/tests/tools/nflog-blast" 10.77.0.2 9 "$PACKETS" 64 \
    > "$TEST_DIR/blast.txt" || fail "blaster failed"
log "blast: $(cat "$TEST_DIR/blast.txt")"
seen=$(rule_packets INPUT 1)
logged=$(rule_packets INPUT 2)
wait_samples "$logged" "$IFB" || log "fewer samples than logged packets so far"
receiver_stop
sleep 0.2

SUMMARY=$(flow_summary "$IFB")
log "$SUMMARY"
log "packets at INPUT: $seen, logged by the rule: $logged"
n=$(get samples)
# Most packets must have reached the rule (the veth path may drop a few).
[ "$seen" -ge $((PACKETS * 9 / 10)) ] || fail "only $seen of $PACKETS packets reached INPUT"
[ "$(get rates)" = 400 ] || fail "sampling rates $(get rates), want 400 in every sample"
[ "$n" = "$logged" ] || fail "$n flow samples for $logged logged packets"
[ "$(get max_drops)" = 0 ] || fail "drops $(get max_drops) at this low rate"
[ "$(get pools_ok)" = 1 ] || fail "sample pool or drops went backwards"
[ "$(get max_pool)" = $((n * 400)) ] || fail "sample pool $(get max_pool), want $((n * 400))"
python3 - "$seen" "$n" "$(get max_pool)" <<'PY' || fail "outside the binomial bounds"
import math, sys
seen, n, pool = (int(x) for x in sys.argv[1:])
p = 0.0025
mean = seen * p
sigma = math.sqrt(seen * p * (1 - p))
lo, hi = mean - 5 * sigma, mean + 5 * sigma
print("# samples %d, expected %.1f +- %.1f (5 sigma: %.0f..%.0f); pool %d for %d packets"
      % (n, mean, sigma, lo, hi, pool, seen), file=sys.stderr)
ok = lo <= n <= hi and abs(pool - seen) <= 5 * sigma / p
sys.exit(0 if ok else 1)
PY
pass "$seen packets, $n samples at 1-in-400, pool $(get max_pool)"
