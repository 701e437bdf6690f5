#!/bin/sh
# VM counters through libvirt's test driver, checked against the node XML
# itself: one 3:N source per active domain (running or paused, not shut off)
# with its name, UUID, MACs, vCPUs, memory, state and summed disk capacity, a
# parent of 2:1, the node's figures and domain count; N stable across runs and
# distinct; a bad URI retried with backoff.
. "$top_srcdir/tests/lib/harness.sh"
require_cmd python3

CHECK="$top_builddir/tests/virt-check"
NODE="$top_srcdir/tests/data/virt-node.xml"
NODE_ABS=$(cd "$(dirname "$NODE")" && pwd)/$(basename "$NODE")

"$CHECK" -n 2 "test://$NODE_ABS" > "$TEST_DIR/run1.out" 2> "$TEST_DIR/run1.log" \
    || fail "virt-check failed: $(cat "$TEST_DIR/run1.log")"
"$CHECK" "test://$NODE_ABS" > "$TEST_DIR/run2.out" 2> "$TEST_DIR/run2.log" \
    || fail "second virt-check failed"

python3 - "$NODE_ABS" "$TEST_DIR/run1.out" "$TEST_DIR/run2.out" <<'PY' || fail "output does not match the node XML"
import sys, xml.etree.ElementTree as ET

node_xml, run1, run2 = sys.argv[1:]
NS = "{http://libvirt.org/schemas/domain/test/1.0}"
ARCH = {"x86_64": 3, "i686": 2}

def parse(path):
    node, vms = None, {}
    for line in open(path):
        kind, *kv = line.split()
        d = dict(x.split("=", 1) for x in kv)
        if kind == "node":
            assert node is None, "two node lines"
            node = d
        else:
            assert d["name"] not in vms, "domain twice: " + d["name"]
            vms[d["name"]] = d
    assert node is not None, "no node line"
    return node, vms

root = ET.parse(node_xml).getroot()
expect = {}
for dom in root.findall("domain"):
    rs = dom.find(NS + "runstate")
    state = int(rs.text) if rs is not None else 1
    if state not in (1, 3):          # running or paused: active
        continue
    cur = dom.find("currentMemory")
    mem = int(dom.find("memory").text)
    expect[dom.find("name").text] = {
        "uuid": dom.find("uuid").text,
        "vcpus": dom.find("vcpu").text,
        "state": str(state),
        "memory": str((int(cur.text) if cur is not None else mem) * 1024),
        "max_memory": str(mem * 1024),
        "macs": ",".join(m.get("address") for m in dom.findall("devices/interface/mac")),
        "machine_type": str(ARCH[dom.find("os/type").get("arch")]),
        "disks": sum(1 for d in dom.findall("devices/disk") if d.get("device", "disk") == "disk"),
    }
assert len(expect) >= 3, "node XML should have at least three active domains"

node, vms = parse(run1)
cpu = root.find("cpu")
assert node["num_domains"] == str(len(expect)), node
assert node["cpus"] == cpu.find("active").text, node
assert node["mhz"] == cpu.find("mhz").text, node
assert node["memory"] == str(int(root.find("memory").text) * 1024), node
assert sorted(vms) == sorted(expect), (sorted(vms), sorted(expect))

per_disk = set()
for name, e in expect.items():
    v = vms[name]
    for k in ("uuid", "vcpus", "state", "memory", "max_memory", "macs", "machine_type"):
        assert v[k] == e[k], (name, k, v[k], e[k])
    assert v["parent"] == "2:1", (name, v["parent"])
    cls, idx = v["ds"].split(":")
    assert cls == "3" and 1 <= int(idx) <= 65535, v["ds"]
    # Capacity is summed over the disks: the same per-disk figure everywhere.
    cap = int(v["disk_capacity"])
    assert cap > 0 and cap % e["disks"] == 0, (name, cap, e["disks"])
    per_disk.add(cap // e["disks"])
    assert int(v["rd_req"]) > 0 and int(v["net_bytes_in"]) > 0, name
assert len(per_disk) == 1, per_disk

idx = {n: v["ds"] for n, v in vms.items()}
assert len(set(idx.values())) == len(idx), "indices not distinct: %s" % idx
_, vms2 = parse(run2)
assert {n: v["ds"] for n, v in vms2.items()} == idx, "indices changed between runs"
print("ok:", ", ".join("%s=%s" % kv for kv in sorted(idx.items())))
PY

# A URI that cannot be opened: retried with growing waits, then given up.
if "$CHECK" -t 3500 "test:///nonexistent/$UNIQ/node.xml" > /dev/null 2> "$TEST_DIR/bad.log"; then
    fail "virt-check connected to a bad URI"
fi
grep -q "retrying in 1000 ms" "$TEST_DIR/bad.log" || fail "no first retry: $(cat "$TEST_DIR/bad.log")"
grep -q "retrying in 2000 ms" "$TEST_DIR/bad.log" || fail "no backoff: $(cat "$TEST_DIR/bad.log")"
pass "VM counters match the node XML; indices stable and distinct; bad URI retried"
