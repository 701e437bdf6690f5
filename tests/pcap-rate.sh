#!/bin/sh
# The sampling rate of pcap ports changes at run time without a new socket:
# 1. sampling = 10 -> 25 in hsflowd.conf and SIGHUP: the packet socket of
#    tap100i0 keeps its inode, and the samples after the change carry rate
#    25, their number within the binomial bounds;
# 2. with the rate from DNS-SD (a TXT record, dnsmasq in the host's
#    namespace), a new record changes it the same way.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/pcap-lib.sh"

# The first DNS-SD query at once (no start-up jitter).
HSFLOWD_DNSSD_START_DELAY_MS=0
export HSFLOWD_DNSSD_START_DELAY_MS
pcap_host
pcap_vm 100
pcap_vm 101
pcap_neigh 100 101
write_conf() {
    cat > "$TEST_DIR/hsflowd.conf" <<CONF
sflow {
  DNSSD = off
  polling = 0
  sampling = $1
  collector { ip = 127.0.0.1 udpport = $CPORT }
  pcap { dev = tap100i0 }
}
CONF
}
write_conf 10
pcap_collector
pcap_hsflowd
pcap_wait_port tap100i0
I100=$(ifindex tap100i0)
INODE=$(packet_inode tap100i0)

# blast_and_count N RATE: N packets from VM 100; the UDP samples after the
# collector's current line all carry RATE and are within the bounds.
blast_and_count() {
    from=$(( $(wc -l < "$TEST_DIR/sflow.jsonl") + 1 ))
    in_vm 100 "$top_builddir/tests/tools/nflog-blast" 10.78.0.101 9 "$1" 64 20000 >/dev/null
    wait_for 30 sh -c "a=\$(wc -l < $TEST_DIR/sflow.jsonl); sleep 0.5; [ \$a = \$(wc -l < $TEST_DIR/sflow.jsonl) ]"
    SUMMARY=$(pcap_summary "$I100" 10.78.0.100 10.78.0.101 "$from")
    log "$(printf '%s' "$SUMMARY" | tr '\n' ' ')"
    [ "$(get rates)" = "$2" ] || fail "rates $(get rates) after the change, want $2 only"
    binomial "$1" "$2" "$(get udp)" || fail "$(get udp) samples, outside the bounds for 1-in-$2"
}
blast_and_count 10000 10

write_conf 25
kill -HUP "$(cat "$TEST_DIR/hsflowd.pid")"
wait_for 10 grep -q "tap100i0: now 1-in-25 (was 1-in-10)" "$TEST_DIR/hsflowd.log" \
    || fail "no rate change logged: $(tail -n 3 "$TEST_DIR/hsflowd.log")"
[ "$(packet_inode tap100i0)" = "$INODE" ] || fail "socket inode $INODE became $(packet_inode tap100i0)"
blast_and_count 10000 25
pass "SIGHUP: 1-in-10 -> 1-in-25 on the same socket (inode $INODE)"

# ---- DNS-SD --------------------------------------------------------------------
command -v dnsmasq >/dev/null 2>&1 || { pass "DNS-SD part skipped: no dnsmasq"; exit 0; }
DPORT=5353
SRV=_sflow._udp.test.lan
dns_start() {
    ip netns exec "$BR" dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll \
        --listen-address=127.0.0.1 --bind-interfaces --port=$DPORT --local-ttl=1 \
        --user=root --group=root --log-facility="$TEST_DIR/dnsmasq.log" \
        --srv-host=$SRV,collector.test.lan,$CPORT --host-record=collector.test.lan,127.0.0.1 \
        --txt-record=$SRV,"txtvers=1","sampling=$1","polling=0" &
    echo $! > "$TEST_DIR/dnsmasq.pid"
    at_exit "kill_pidfile $TEST_DIR/dnsmasq.pid"
    wait_for 10 sh -c "ip netns exec $BR ss -Hnlu | grep -q ':$DPORT'" || fail "dnsmasq did not start"
}
dns_start 40
cat > "$TEST_DIR/hsflowd.conf" <<CONF
sflow {
  DNSSD = on
  dns-sd { domain = test.lan server = 127.0.0.1:$DPORT }
  pcap { dev = tap100i0 }
}
CONF
kill -HUP "$(cat "$TEST_DIR/hsflowd.pid")"
wait_for 20 grep -q "tap100i0: now 1-in-40 " "$TEST_DIR/hsflowd.log" \
    || fail "the TXT record's sampling=40 did not reach the port: $(tail -n 3 "$TEST_DIR/hsflowd.log")"
kill_pidfile "$TEST_DIR/dnsmasq.pid"
dns_start 50
# The next refresh (the TTL, clamped to 10 s, plus jitter) brings the new rate.
wait_for 30 grep -q "tap100i0: now 1-in-50 (was 1-in-40)" "$TEST_DIR/hsflowd.log" \
    || fail "the new TXT record did not reach the port: $(tail -n 3 "$TEST_DIR/hsflowd.log")"
[ "$(packet_inode tap100i0)" = "$INODE" ] || fail "socket inode $INODE became $(packet_inode tap100i0)"
blast_and_count 20000 50
pass "DNS-SD: sampling=40 then sampling=50 from TXT records, on the same socket"
