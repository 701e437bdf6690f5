#!/bin/sh
# hsflowd with kvm { uri = test:///.../virt-node.xml } end to end: sflowdump
# shows one 3:N source per active domain matching the node XML (name, UUID,
# MACs, vCPUs, memory, disk capacity, parent 2:1) and virt_node on 2:1 with
# the domain count; the indices are the same in a second hsflowd run; with a
# bad URI hsflowd logs it, keeps sending host counters and retries.
. "$top_srcdir/tests/lib/harness.sh"
require_cmd python3

NODE=$(cd "$top_srcdir/tests/data" && pwd)/virt-node.xml
EXPECT="$top_srcdir/tests/virt-expect.py"

# run_hsflowd NAME URI: hsflowd polling every second to its own sflowdump.
run_hsflowd() {
    name=$1 uri=$2
    port=$(free_udp_port)
    cat > "$TEST_DIR/$name.conf" <<EOC
sflow {
  DNSSD = off
  polling = 1
  collector { ip = 127.0.0.1 udpport = $port }
}
kvm { uri = $uri }
EOC
    loopback_collector "$name" "$port"
    hsflowd_bg "$name"
}
stop_hsflowd() {
    kill_pidfile "$TEST_DIR/$1.pid"
    kill_pidfile "$TEST_DIR/$1-dump.pid"
}
complete() { python3 "$EXPECT" "$NODE" dump "$@"; [ $? -ne 2 ]; }

run_hsflowd run1 "test://$NODE"
wait_for 20 complete "$TEST_DIR/run1.json" || fail "no complete VM counters from hsflowd"
stop_hsflowd run1
python3 "$EXPECT" "$NODE" dump "$TEST_DIR/run1.json" || fail "run 1 does not match the node XML"

run_hsflowd run2 "test://$NODE"
wait_for 20 complete "$TEST_DIR/run2.json" || fail "no complete VM counters from the second run"
# libvirt is loaded at run time, because a kvm { } block asks for it.
grep -q libvirt "/proc/$(cat "$TEST_DIR/run2.pid")/maps" || fail "libvirt not loaded with kvm { }"
stop_hsflowd run2
python3 "$EXPECT" "$NODE" dump "$TEST_DIR/run1.json" "$TEST_DIR/run2.json" \
    || fail "the second run differs (indices must survive a restart)"
cat "$TEST_DIR/run1-dump.log" "$TEST_DIR/run2-dump.log" | grep malformed | grep -qv " 0 malformed" \
    && fail "sflowdump saw malformed datagrams"

# libvirt unavailable: logged, retried with backoff, host counters still sent.
run_hsflowd bad "test:///nonexistent/$UNIQ/node.xml"
host_samples() {
    python3 - "$TEST_DIR/bad.json" <<'EOP'
import json, sys
n = 0
for line in open(sys.argv[1]):
    for s in json.loads(line)["samples"]:
        assert s["source_class"] != 3, "a VM source without libvirt"
        if s["source_class"] == 2 and s["source_index"] == 1:
            assert 2100 not in [r["format"] for r in s["records"]], "virt_node without libvirt"
            n += 1
sys.exit(0 if n >= 3 else 2)
EOP
}
retried() { grep -q "retrying in 2000 ms" "$TEST_DIR/bad.log"; }
wait_for 20 retried || fail "hsflowd did not retry the bad URI: $(cat "$TEST_DIR/bad.log")"
wait_for 20 host_samples || fail "host counters stopped while libvirt was unavailable"
grep -q "cannot connect to test:///nonexistent/$UNIQ/node.xml" "$TEST_DIR/bad.log" \
    || fail "the bad URI is not logged"
kill -0 "$(cat "$TEST_DIR/bad.pid")" || fail "hsflowd died"
stop_hsflowd bad
pass "VM data sources match the node XML, keep their index across runs; bad URI retried"
