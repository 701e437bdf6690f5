#!/bin/sh
# hsflowd's NFLOG sampling, probability 1, with the Proxmox VE article's
# configuration (ulogGroup = 5): hsflowd and the rule from
# scripts/hsflowd-nflog-rules in one of two namespaces joined by a veth pair;
# every ping gives one flow sample holding the ICMP packet, with the receiving
# interface's ifIndex, rate 1 and a sample pool that counts every packet.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/nflog-lib.sh"

cat > "$TEST_DIR/hsflowd.conf" <<'CONF'
  DNSSD = off
  polling = 20
  sampling = 1
    ip = 10.77.0.1
    udpport = 6343
  ulogGroup = 5
  ulogProbability = 1
CONF

nflog_pair
HSFLOWD= ip netns exec "$NSB" "$top_srcdir/scripts/hsflowd-nflog-rules" \
    -f "$TEST_DIR/hsflowd.conf" --chains INPUT \
    --match "-p icmp --icmp-type echo-request" --apply >/dev/null
# The rules script reads the settings through hsflowd -t too.
HSFLOWD="$top_builddir/src/hsflowd/hsflowd" "$top_srcdir/scripts/hsflowd-nflog-rules" \
    -f "$TEST_DIR/hsflowd.conf" --chains INPUT | grep -q -- '--probability 1 -j NFLOG --nflog-group 5$' \
    || fail "hsflowd -t and the rules script disagree"
collector_start
hsflowd_start 5

PINGS=10
ip netns exec "$NSA" ping -q -c "$PINGS" -i 0.05 -W 1 10.77.0.2 >/dev/null \
    || fail "ping failed"
wait_samples "$PINGS" "$IFB" || log "fewer samples than pings so far"
sleep 0.3

SUMMARY=$(flow_summary "$IFB")
log "$SUMMARY"
logged=$(rule_packets INPUT 1)
[ "$logged" = "$PINGS" ] || fail "the NFLOG rule logged $logged packets, want $PINGS"
[ "$(get samples)" = "$PINGS" ] || fail "$(get samples) flow samples for $PINGS pings"
[ "$(get icmp)" = "$PINGS" ] || fail "$(get icmp) samples hold an ICMP echo request"
[ "$(get other_sources)" = 0 ] || fail "samples from other data sources"
[ "$(get rates)" = 1 ] || fail "sampling rates $(get rates), want 1"
[ "$(get inputs)" = "$IFB" ] || fail "input ifIndex $(get inputs), want $IFB"
# Delivered to the host itself: output is the internal interface.
[ "$(get outputs)" = 1073741823 ] || fail "output $(get outputs), want 0x3fffffff"
# The MAC header came along: Ethernet, 14 + 84 + 4 (FCS) bytes.
[ "$(get protocols)" = 1 ] || fail "header protocol $(get protocols), want 1 (Ethernet)"
[ "$(get frames)" = "102/4" ] || fail "frame_length/stripped $(get frames), want 102/4"
want_pools=$(seq -s, 1 "$PINGS")
[ "$(get pools)" = "$want_pools" ] || fail "sample pools $(get pools), want $want_pools"
[ "$(get max_drops)" = 0 ] || fail "drops $(get max_drops)"
pass "$PINGS pings, $PINGS flow samples with the ICMP header, ifIndex $IFB, rate 1, pool 1..$PINGS"
