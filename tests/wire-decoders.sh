#!/bin/sh
# Interop with other decoders: datagrams from our encoder holding every record
# type are read by tcpdump -vvv without errors, and tshark decodes their
# header, flow samples and interface counters with nothing "Malformed".
#
# tshark (Wireshark 4.0) does not know the Host sFlow records (2000-2104) and
# does not skip them by their length, so it loses its place inside those
# samples (known upstream, e.g. sonic-net/sonic-buildimage#6795). tshark is
# therefore held to frames 3 and 4 (interface counters and flow samples);
# frames 1 and 2 (host and VM records) are checked with tcpdump, which lists
# every record by its format and length, and with sflowdump.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib/harness.sh"
require_cmd tcpdump tshark

pcap=$TEST_DIR/gen.pcap
"$top_builddir/tests/tools/gen_sflow" -w "$pcap" || fail "gen_sflow could not write $pcap"

# ---- tcpdump ---------------------------------------------------------------
tcpdump -nn -vvv -r "$pcap" > "$TEST_DIR/tcpdump.txt" 2> "$TEST_DIR/tcpdump.err" \
    || fail "tcpdump failed: $(cat "$TEST_DIR/tcpdump.err")"
if grep -iE 'malformed|truncated|\[\|sflow|bad udp cksum|invalid' "$TEST_DIR/tcpdump.txt"; then
    fail "tcpdump reports a problem (above)"
fi
[ "$(grep -c 'sFlowv5' "$TEST_DIR/tcpdump.txt")" = 4 ] || fail "tcpdump did not see 4 sFlow datagrams"
grep -q 'IPv6 agent 2001:db8::1' "$TEST_DIR/tcpdump.txt" || fail "tcpdump: no IPv6 agent"
# Every record type, with the size the spec gives it.
for want in "(2000) length 52" "(2001) length 44" "(2003) length 68" "(2004) length 72" \
            "(2005) length 52" "(2006) length 40" "(2007) length 76" "(2008) length 100" \
            "(2009) length 60" "(2010) length 28" "(2100) length 28" "(2000) length 36" \
            "(2002) length 8" "(2101) length 12" "(2102) length 16" "(2103) length 52" \
            "(2104) length 40" "Generic counter (1) length 88" "Ethernet counter (2) length 52" \
            "Raw packet (1) length 72"; do
    grep -qF "$want" "$TEST_DIR/tcpdump.txt" || fail "tcpdump: no record '$want'"
done
grep -q 'ifindex 5, iftype 6, ifspeed 1000000000' "$TEST_DIR/tcpdump.txt" \
    || fail "tcpdump: interface counters not decoded as sent"
grep -q 'expanded flow sample (3).*idx 16777221, rate 400' "$TEST_DIR/tcpdump.txt" \
    || fail "tcpdump: expanded flow sample not decoded as sent"

# ---- tshark ----------------------------------------------------------------
tshark -n -r "$pcap" -Y 'frame.number >= 3' -V > "$TEST_DIR/tshark.txt" 2> "$TEST_DIR/tshark.err" \
    || fail "tshark failed: $(cat "$TEST_DIR/tshark.err")"
if grep -i 'malformed' "$TEST_DIR/tshark.txt"; then
    fail "tshark calls a datagram malformed (above)"
fi
expect_tshark() {
    n=$(grep -cF "$1" "$TEST_DIR/tshark.txt" || true)
    [ "$n" -ge "$2" ] || fail "tshark: '$1' seen $n times, want >= $2"
}
expect_tshark "Datagram version: 5" 2
expect_tshark "Agent address: 192.0.2.1" 1
expect_tshark "Agent address: 2001:db8::1" 1
expect_tshark "Counters sample, seq 1" 2
expect_tshark "Flow sample, seq 1" 2
expect_tshark "Expanded flow sample, seq 1" 2
expect_tshark "Generic interface counters" 2
expect_tshark "Ethernet interface counters" 2
expect_tshark "Sampling rate: 1 out of 400 packets" 4
expect_tshark "Input interface (ifIndex): 5" 1
expect_tshark "Source ID index: 16777221" 1
expect_tshark "Header protocol: Ethernet (1)" 4
expect_tshark "Src: 10.10.0.1, Dst: 10.10.0.2" 4
expect_tshark "Echo (ping) request" 4
# The datagram headers of frames 1 and 2 are sound too (tshark reads the
# first host record's format and length right before it loses its place).
tshark -n -r "$pcap" -Y 'frame.number <= 2' -V > "$TEST_DIR/tshark-host.txt" 2>&1 || true
grep -q 'Format: Unknown (2000)' "$TEST_DIR/tshark-host.txt" || fail "tshark: frame 1/2 header"
grep -q 'Flow data length (byte): 52' "$TEST_DIR/tshark-host.txt" || fail "tshark: host_descr length"

# ---- our own decoder agrees ------------------------------------------------
sflowdump -r "$pcap" > "$TEST_DIR/dump.txt" 2> "$TEST_DIR/dump.err" || fail "sflowdump -r failed"
grep -q '4 datagrams, 0 malformed' "$TEST_DIR/dump.err" || fail "sflowdump: $(cat "$TEST_DIR/dump.err")"
for rec in host_descr host_adaptors host_cpu host_memory host_disk_io host_net_io \
           mib2_ip_group mib2_icmp_group mib2_tcp_group mib2_udp_group virt_node host_parent \
           virt_cpu virt_memory virt_disk_io virt_net_io if_counters ethernet_counters \
           sampled_header; do
    grep -q " $rec " "$TEST_DIR/dump.txt" || fail "sflowdump: no $rec record"
done
pass "tcpdump and tshark decode every record type from our encoder"
