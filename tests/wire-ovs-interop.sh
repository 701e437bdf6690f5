#!/bin/sh
# Interop with the real datapath: a user-space (netdev) bridge with sFlow set
# by ovs-vsctl (sampling 1, polling 1, target on loopback), a ping between two
# namespaces through it, and sflowdump as the collector. sflowdump must decode
# ovs-vswitchd's flow samples (the ICMP packet in the header bytes, sampling
# rate 1, the right input and output ports, the extended_switch record), its
# interface counters with the port names and OpenFlow ports beside them, and
# the datapath statistics; nothing malformed and no record left unknown.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib/harness.sh"
require_root
require_cmd ping python3

ovs_start --vswitchd
add_netdev_bridge br0
ns_host h1 10.77.0.1/24 br0
ns_host h2 10.77.0.2/24 br0
port=6343                               # inside the test's own namespace

in_ovs_ns_bg sflowdump sflowdump -p "$port" -j > "$TEST_DIR/sflow.jsonl" 2> "$TEST_DIR/sflowdump.log"
# A capture of the same traffic (Linux cooked link type), read back with
# sflowdump -r below.
if command -v tcpdump >/dev/null 2>&1; then
    in_ovs_ns_bg tcpdump tcpdump -i any -U --immediate-mode -w "$TEST_DIR/ovs.pcap" "udp dst port $port" \
        > /dev/null 2> "$TEST_DIR/tcpdump.log"
fi
wait_for 10 sh -c "ip netns exec $OVS_NS ss -lun | grep -q ':$port '" \
    || fail "sflowdump does not listen on $port"

vsctl -- --id=@s create sflow agent=lo target="\"127.0.0.1:$port\"" \
    sampling=1 polling=1 header=128 -- set bridge br0 sflow=@s >/dev/null

if1=$(ip -n "$OVS_NS" -o link show h1 | cut -d: -f1)
if2=$(ip -n "$OVS_NS" -o link show h2 | cut -d: -f1)
log "ifindex h1=$if1 h2=$if2"

in_host h1 ping -c 5 -i 0.2 -W 2 10.77.0.2 > "$TEST_DIR/ping.log" || fail "ping through br0 failed"

# The checks, on what sflowdump printed so far (one JSON object a line).
cat > "$TEST_DIR/check.py" <<'PY'
import json, sys
path, if1, if2 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
flows = counters = names = dp = unknown = 0
for line in open(path):
    d = json.loads(line)
    assert d["version"] == 5 and d["agent"] == "127.0.0.1", d
    for s in d["samples"]:
        unknown += sum(r["type"] == "unknown" for r in s.get("records", []))
        if s["type"] in ("flow_sample", "flow_sample_expanded"):
            types = [r["type"] for r in s["records"]]
            for r in s["records"]:
                if (r["type"] == "sampled_header" and s["sampling_rate"] == 1
                        and "ipv4 10.77.0.1>10.77.0.2" in r["decoded"]
                        and "icmp echo-request" in r["decoded"]
                        and "0a4d00010a4d0002" in r["header"]
                        and s["input"] == {"format": 0, "value": if1}
                        and s["output"] == {"format": 0, "value": if2}
                        and "extended_switch" in types):
                    flows += 1
        elif s["type"] in ("counters_sample", "counters_sample_expanded"):
            by = {r["type"]: r for r in s["records"]}
            ifc, pn = by.get("if_counters"), by.get("port_name")
            # The port's name and OpenFlow port beside its counters.
            if ifc and pn and "of_port" in by and (ifc["ifIndex"], pn["name"]) in (
                    (if1, "h1"), (if2, "h2")):
                names += 1
            if "ovs_dp_stats" in by and by["ovs_dp_stats"]["n_flows"] >= 1 \
                    and "app_resources" in by:
                dp += 1
            for r in s["records"]:
                if r["type"] == "if_counters" and r["ifIndex"] in (if1, if2) \
                        and r["ifInUcastPkts"] + r["ifOutUcastPkts"] > 0:
                    counters += 1
print("flows=%d counters=%d port_names=%d datapath=%d unknown_records=%d"
      % (flows, counters, names, dp, unknown))
sys.exit(0 if flows >= 1 and counters >= 2 and names >= 2 and dp >= 1 and not unknown
         else 1)
PY
check() { python3 "$TEST_DIR/check.py" "$TEST_DIR/sflow.jsonl" "$if1" "$if2"; }
wait_for 20 check || { check >&2 || true; fail "no matching flow and counter samples from ovs-vswitchd"; }
log "$(check)"

if grep -i malformed "$TEST_DIR/sflowdump.log"; then
    fail "sflowdump reported malformed datagrams from ovs-vswitchd"
fi
if [ -f "$TEST_DIR/ovs.pcap" ]; then
    # tcpdump writes the capture as it goes; read it until what the live
    # collector saw is in it too.
    capture() {
        sflowdump -r "$TEST_DIR/ovs.pcap" > "$TEST_DIR/ovs.txt" 2> "$TEST_DIR/ovs-r.log" &&
        grep -q "flow_sample source=2:1000 .* rate=1 .* in=$if1 out=$if2 sampled_header .*icmp echo-request" \
            "$TEST_DIR/ovs.txt" &&
        grep -q "counters_sample source=0:$if1 .* if_counters ifIndex=$if1 " "$TEST_DIR/ovs.txt"
    }
    wait_for 10 capture || fail "sflowdump -r: no ICMP flow sample or no interface counters" \
        "for h1 in the capture: $(cat "$TEST_DIR/ovs-r.log")"
    grep -q ' 0 malformed' "$TEST_DIR/ovs-r.log" || fail "capture: $(cat "$TEST_DIR/ovs-r.log")"
fi
pass "sflowdump decodes ovs-vswitchd's flow samples and interface counters"
