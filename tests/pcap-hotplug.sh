#!/bin/sh
# pcap sampling follows the VM ports: with `pcap { dev = tap.* }` running, a
# third VM port (tap102i0) created later is sampled within one polling
# interval and gets interface counters of its own, a port that does not
# match the pattern (fwpr102p0) is left alone, and a port deleted has its
# socket closed.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/pcap-lib.sh"

POLLING=10
pcap_host
pcap_vm 100
pcap_vm 101
cat > "$TEST_DIR/hsflowd.conf" <<CONF
sflow {
  DNSSD = off
  polling = $POLLING
  sampling = 1
  collector { ip = 127.0.0.1 udpport = $CPORT }
  pcap { dev = tap.* }
}
CONF
pcap_collector
pcap_hsflowd
pcap_wait_port tap100i0
pcap_wait_port tap101i0
sockets() { ip netns exec "$BR" awk 'NR > 1' /proc/net/packet | grep -c . || true; }
[ "$(sockets)" = 2 ] || fail "$(sockets) packet sockets, want 2"

# A new VM starts: its port appears on the bridge.
start=$(date +%s)
pcap_vm 102
pcap_neigh 102 100
ip -n "$BR" link add fwpr102p0 type veth peer name fwln102i0
ip -n "$BR" link set fwpr102p0 master vmbr0 up
ip -n "$BR" link set fwln102i0 up
I102=$(ifindex tap102i0)
pcap_wait_port tap102i0 "$POLLING"
# Its traffic is sampled (1-in-1 here: every frame). The VM sends until
# then: a frame sent while its link was still settling may never reach the
# port at all.
samples102() {
    in_vm 102 "$top_builddir/tests/tools/nflog-blast" 10.78.0.100 9 5 64 >/dev/null
    python3 -c '
import json, sys
n = sum(1 for l in open(sys.argv[1]) for s in json.loads(l).get("samples", [])
        if s.get("format") in (1, 3) and s.get("source_index") == int(sys.argv[2]))
sys.exit(0 if n >= 20 else 1)' "$TEST_DIR/sflow.jsonl" "$I102"
}
wait_for "$POLLING" samples102 || fail "no samples of tap102i0 within $POLLING s"
took=$(( $(date +%s) - start ))
log "tap102i0 sampled $took s after it was created"
[ "$took" -le "$POLLING" ] || fail "tap102i0 sampled after $took s, more than one polling interval"
[ -z "$(packet_inode fwpr102p0)" ] || fail "fwpr102p0 (not tap.*) was opened"
# Its data source gets interface counters too, within a polling interval.
counters102() {
    python3 -c '
import json, sys
ok = any(s.get("format") in (2, 4) and s.get("source_index") == int(sys.argv[2])
         and any(r.get("format") == 1 for r in s.get("records", []))
         for l in open(sys.argv[1]) for s in json.loads(l).get("samples", []))
sys.exit(0 if ok else 1)' "$TEST_DIR/sflow.jsonl" "$I102"
}
wait_for $((POLLING * 2)) counters102 || fail "no interface counters for 0:$I102 (tap102i0)"
[ "$(sockets)" = 3 ] || fail "$(sockets) packet sockets, want 3"

# The VM stops: its port goes away and so does the socket.
ip -n "$BR" link del tap101i0
wait_for 10 sh -c "[ \$(ip netns exec $BR awk 'NR > 1' /proc/net/packet | grep -c .) = 2 ]" \
    || fail "the socket of the deleted tap101i0 is still open"
grep -q "tap101i0 (ifindex [0-9]*): socket closed" "$TEST_DIR/hsflowd.log" \
    || fail "no log line for the closed socket"
kill -0 "$(cat "$TEST_DIR/hsflowd.pid")" || fail "hsflowd died"
pass "tap102i0 sampled ${took}s after it appeared; tap101i0's socket closed when it went"
