#!/bin/sh
# pcap sampling on a Proxmox-style Linux bridge: vmbr0 with two VM ports
# tap100i0 and tap101i0, `pcap { dev = tap.* }`, sampling = 10, 20,000 UDP
# packets each way. For each ingress port: the UDP samples within the
# binomial bounds of 2,000, rate 10 in every sample, data source and input
# = the port, output = the other VM's port (the bridge's FDB), the pool
# following the port's rx_packets counter, drops (if any: a starved hsflowd)
# counted with the samples, every header an Ethernet frame that sflowdump
# decodes, and tcpdump -vvv reading a capture of the datagrams without
# complaint.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/pcap-lib.sh"
require_cmd tcpdump

pcap_host
pcap_vm 100
pcap_vm 101
pcap_neigh 100 101
cat > "$TEST_DIR/hsflowd.conf" <<CONF
sflow {
  DNSSD = off
  polling = 0
  sampling = 10
  headerBytes = 128
  collector { ip = 127.0.0.1 udpport = $CPORT }
  pcap { dev = tap.* }
}
CONF
pcap_collector
ip netns exec "$BR" tcpdump -i lo -nn -U -w "$TEST_DIR/sflow.pcap" "udp port $CPORT" \
    2> "$TEST_DIR/tcpdump-capture.log" &
echo $! > "$TEST_DIR/tcpdump.pid"
at_exit "kill_pidfile $TEST_DIR/tcpdump.pid"
wait_for 10 grep -q listening "$TEST_DIR/tcpdump-capture.log" || fail "tcpdump did not start"
pcap_hsflowd
pcap_wait_port tap100i0
pcap_wait_port tap101i0

# The pools count from the sockets' opening; the VMs are silent until now.
RX100=$(rx tap100i0)
RX101=$(rx tap101i0)
# One packet each way so that the bridge has learnt both MACs.
in_vm 100 ping -c 1 -W 5 10.78.0.101 >/dev/null || fail "VM 100 cannot reach VM 101"
wait_for 10 sh -c "ip netns exec $BR bridge fdb show br vmbr0 | grep -v permanent | grep -c . | grep -qx 2" \
    || fail "the bridge did not learn both MACs"

I100=$(ifindex tap100i0)
I101=$(ifindex tap101i0)
PACKETS=20000
in_vm 100 "$top_builddir/tests/tools/nflog-blast" 10.78.0.101 9 "$PACKETS" 64 20000 \
    > "$TEST_DIR/blast100.txt" &
b1=$!
in_vm 101 "$top_builddir/tests/tools/nflog-blast" 10.78.0.100 9 "$PACKETS" 64 20000 \
    > "$TEST_DIR/blast101.txt" &
b2=$!
wait "$b1" || fail "blaster in VM 100 failed"
wait "$b2" || fail "blaster in VM 101 failed"
log "blast: $(cat "$TEST_DIR/blast100.txt") / $(cat "$TEST_DIR/blast101.txt")"
# Until the samples have stopped coming (the last datagrams are in).
settled() {
    a=$(wc -l < "$TEST_DIR/sflow.jsonl")
    sleep 0.5
    [ "$a" = "$(wc -l < "$TEST_DIR/sflow.jsonl")" ]
}
wait_for 30 settled || fail "samples kept coming"
D100=$(( $(rx tap100i0) - RX100 ))
D101=$(( $(rx tap101i0) - RX101 ))
log "received: tap100i0 $D100, tap101i0 $D101 (the blasts and the kernel's ICMP answers)"

# check PORT IFINDEX OTHER-IFINDEX SRC DST RX-BEFORE RX-DELTA
check() {
    SUMMARY=$(pcap_summary "$2" "$4" "$5")
    log "$1: $(printf '%s' "$SUMMARY" | tr '\n' ' ')"
    [ "$(get rates)" = 10 ] || fail "$1: rates $(get rates), want 10 in every sample"
    # Frames the filter kept but the socket had no room for are reported as
    # drops (a loaded machine can starve hsflowd): they count as sampled.
    binomial "$PACKETS" 10 $(( $(get udp) + $(get max_drops) )) \
        || fail "$1: $(get udp) UDP samples + $(get max_drops) drops, outside the bounds"
    [ "$(get inputs)" = "$2" ] || fail "$1: inputs $(get inputs), want $2"
    [ "$(get bad)" = 0 ] || fail "$1: $(get bad) records not decoded as Ethernet"
    [ "$(get max_drops)" -le $(( PACKETS / 10 / 10 )) ] || fail "$1: $(get max_drops) drops reported"
    [ "$(get pools_ok)" = 1 ] || fail "$1: pools or drops went backwards"
    # 64 bytes of UDP payload: 14 + 20 + 8 + 64 + 4 (FCS) = 110.
    [ "$(get frames)" = 110 ] || fail "$1: frame lengths $(get frames), want 110"
    out_other=$(printf '%s' "$(get out_udp)" | tr ',' '\n' | sed -n "s/^$3://p")
    [ "${out_other:-0}" -ge $(( $(get udp) * 99 / 100 )) ] \
        || fail "$1: output $3 in only ${out_other:-0} of $(get udp) samples ($(get out_udp))"
    # The pool counts every frame the port received since the socket opened:
    # the last sample's pool is the counter at that sample, so at most the
    # unsampled tail short of the counter read after (200 frames in a row
    # unsampled at 1-in-10: p = 7e-10).
    pool=$(get max_pool)
    [ "$pool" -le "$7" ] || fail "$1: pool $pool beyond the $7 frames the port received"
    [ "$pool" -ge $(( $7 - 200 )) ] || fail "$1: pool $pool short of the $7 frames received"
}
check tap100i0 "$I100" "$I101" 10.78.0.100 10.78.0.101 "$RX100" "$D100"
check tap101i0 "$I101" "$I100" 10.78.0.101 10.78.0.100 "$RX101" "$D101"

# Nothing else was sampled: a bridged frame once, on the port it came in on.
others=$(python3 - "$TEST_DIR/sflow.jsonl" "$I100" "$I101" <<'PY'
import json, sys
ok = {int(sys.argv[2]), int(sys.argv[3])}
print(sum(1 for l in open(sys.argv[1]) for s in json.loads(l).get("samples", [])
          if s.get("format") in (1, 3) and s.get("source_index") not in ok))
PY
)
[ "$others" = 0 ] || fail "$others flow samples from other data sources"
grep -q "malformed" "$TEST_DIR/sflowdump.log" && fail "sflowdump: $(cat "$TEST_DIR/sflowdump.log")"

# tcpdump reads the same datagrams from the capture.
kill_pidfile "$TEST_DIR/tcpdump.pid"
tcpdump -nn -vvv -r "$TEST_DIR/sflow.pcap" > "$TEST_DIR/tcpdump.txt" 2> "$TEST_DIR/tcpdump.err" \
    || fail "tcpdump failed: $(cat "$TEST_DIR/tcpdump.err")"
if grep -iE 'malformed|truncated|\[\|sflow|invalid' "$TEST_DIR/tcpdump.txt" | head -n 5 | grep .; then
    fail "tcpdump reports a problem (above)"
fi
n_dg=$(grep -c 'sFlowv5' "$TEST_DIR/tcpdump.txt")
[ "$n_dg" = "$(wc -l < "$TEST_DIR/sflow.jsonl")" ] \
    || fail "tcpdump saw $n_dg datagrams, sflowdump $(wc -l < "$TEST_DIR/sflow.jsonl")"
grep -q "flow sample (1).*idx $I100, rate 10" "$TEST_DIR/tcpdump.txt" \
    || fail "tcpdump: no flow sample of tap100i0 at rate 10"
pass "tap100i0 and tap101i0 sampled 1-in-10 on ingress: pools, outputs and headers as sent"

# The control socket shows the same ports, rates and samples.
if command -v ovs-appctl >/dev/null 2>&1; then
    ovs-appctl -t "$TEST_DIR/hsflowd.ctl" hsflowd/show > "$TEST_DIR/show.txt" ||
        fail "hsflowd/show failed"
    for p in tap100i0 tap101i0; do
        grep -qE "^  $p \(0:[0-9]+\): 1-in-10, [1-9][0-9]* samples, pool [1-9]" \
            "$TEST_DIR/show.txt" || fail "hsflowd/show: $p: $(cat "$TEST_DIR/show.txt")"
    done
    pass "hsflowd/show lists each sampled port with its rate, samples and pool"
fi
