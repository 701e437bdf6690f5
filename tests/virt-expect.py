#!/usr/bin/env python3
"""Checks VM counters against the libvirt test-driver node XML they came from.

  virt-expect.py NODE_XML check FILE...      virt-check outputs (one per run)
  virt-expect.py NODE_XML dump FILE...       sflowdump -j outputs (one per run)

Each FILE is one run; every run must show exactly the node's active domains
(running or paused) with the XML's name, UUID, MACs, vCPUs, memory, state and
machine type, a parent of 2:1, disk capacity summed over the disks, and the
node's CPU, memory and domain count. Data source indices must be distinct and
the same in every run. Exit status 1 with a message when something differs;
2 when a run has no complete sample yet (for polling waits)."""
import json
import sys
import xml.etree.ElementTree as ET

NS = "{http://libvirt.org/schemas/domain/test/1.0}"
ARCH = {"x86_64": 3, "i686": 2}


class NotYet(Exception):
    pass


def expected(node_xml):
    root = ET.parse(node_xml).getroot()
    doms = {}
    for dom in root.findall("domain"):
        rs = dom.find(NS + "runstate")
        state = int(rs.text) if rs is not None else 1
        if state not in (1, 3):
            continue
        cur = dom.find("currentMemory")
        mem = int(dom.find("memory").text)
        doms[dom.find("name").text] = {
            "uuid": dom.find("uuid").text,
            "vcpus": int(dom.find("vcpu").text),
            "state": state,
            "memory": (int(cur.text) if cur is not None else mem) * 1024,
            "max_memory": mem * 1024,
            "macs": [m.get("address") for m in dom.findall("devices/interface/mac")],
            "machine_type": ARCH[dom.find("os/type").get("arch")],
            "parent": "2:1",
            "disks": sum(1 for d in dom.findall("devices/disk")
                         if d.get("device", "disk") == "disk"),
        }
    cpu = root.find("cpu")
    node = {"num_domains": len(doms), "cpus": int(cpu.find("active").text),
            "mhz": int(cpu.find("mhz").text),
            "memory": int(root.find("memory").text) * 1024}
    return node, doms


def from_check(path):
    node, vms = None, {}
    for line in open(path):
        kind, *kv = line.split()
        d = dict(x.split("=", 1) for x in kv)
        if kind == "node":
            node = {k: int(d[k]) for k in ("num_domains", "cpus", "mhz", "memory")}
            continue
        assert d["name"] not in vms, "domain twice: " + d["name"]
        vms[d["name"]] = {
            "ds": d["ds"], "uuid": d["uuid"], "vcpus": int(d["vcpus"]),
            "state": int(d["state"]), "memory": int(d["memory"]),
            "max_memory": int(d["max_memory"]), "macs": d["macs"].split(",") if d["macs"] else [],
            "machine_type": int(d["machine_type"]), "parent": d["parent"],
            "disk_capacity": int(d["disk_capacity"]), "rd_req": int(d["rd_req"]),
            "net_bytes_in": int(d["net_bytes_in"]),
        }
    if node is None:
        raise NotYet("no node line")
    return node, vms


def from_dump(path):
    """The last sample of each source in a sflowdump -j file."""
    host, vms = None, {}
    for line in open(path):
        for s in json.loads(line)["samples"]:
            if s.get("type") != "counters_sample":
                continue
            recs = {r["format"]: r for r in s["records"]}
            if s["source_class"] == 2 and s["source_index"] == 1:
                host = recs
            elif s["source_class"] == 3:
                vms["3:%d" % s["source_index"]] = recs
    if host is None or 2100 not in host:
        raise NotYet("no host sample with virt_node yet")
    n = host[2100]
    node = {k: n[k] for k in ("num_domains", "cpus", "mhz", "memory")}
    out = {}
    for ds, r in vms.items():
        missing = {2000, 2001, 2002, 2101, 2102, 2103, 2104} - set(r)
        assert not missing, "%s lacks records %s" % (ds, sorted(missing))
        name = r[2000]["hostname"]
        assert name not in out, "domain %s on two sources" % name
        out[name] = {
            "ds": ds, "uuid": r[2000]["uuid"], "vcpus": r[2101]["nrVirtCpu"],
            "state": r[2101]["state"], "memory": r[2102]["memory"],
            "max_memory": r[2102]["maxMemory"],
            "macs": [a.split("/", 1)[1] for a in r[2001].get("adaptor_list", [])],
            "machine_type": r[2000]["machine_type"],
            "parent": "%d:%d" % (r[2002]["container_type"], r[2002]["container_index"]),
            "disk_capacity": r[2103]["capacity"], "rd_req": r[2103]["rd_req"],
            "net_bytes_in": r[2104]["bytes_in"],
        }
    if len(out) < node["num_domains"]:
        raise NotYet("%d of %d domains seen" % (len(out), node["num_domains"]))
    return node, out


def compare(want_node, want, node, vms):
    assert node == want_node, ("node", node, want_node)
    assert sorted(vms) == sorted(want), ("domains", sorted(vms), sorted(want))
    per_disk = set()
    for name, e in want.items():
        v = vms[name]
        for k in ("uuid", "vcpus", "state", "memory", "max_memory", "macs", "machine_type",
                  "parent"):
            assert v[k] == e[k], (name, k, v[k], e[k])
        cls, idx = v["ds"].split(":")
        assert cls == "3" and 1 <= int(idx) <= 65535, v["ds"]
        # Capacity is summed over the disks: the same per-disk figure everywhere.
        assert v["disk_capacity"] > 0 and v["disk_capacity"] % e["disks"] == 0, (name, v)
        per_disk.add(v["disk_capacity"] // e["disks"])
        assert v["rd_req"] > 0 and v["net_bytes_in"] > 0, (name, v)
    assert len(per_disk) == 1, ("per-disk capacity differs", per_disk)
    idx = {n: v["ds"] for n, v in vms.items()}
    assert len(set(idx.values())) == len(idx), "indices not distinct: %s" % idx
    return idx


def main(argv):
    node_xml, mode, files = argv[1], argv[2], argv[3:]
    want_node, want = expected(node_xml)
    assert len(want) >= 3, "the node XML should have at least three active domains"
    read = {"check": from_check, "dump": from_dump}[mode]
    first = None
    try:
        for f in files:
            idx = compare(want_node, want, *read(f))
            assert first is None or idx == first, ("indices changed between runs", first, idx)
            first = idx
    except NotYet as e:
        print("not yet:", e, file=sys.stderr)
        return 2
    except AssertionError as e:
        print("mismatch:", e, file=sys.stderr)
        return 1
    print("ok:", ", ".join("%s=%s" % kv for kv in sorted(first.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
