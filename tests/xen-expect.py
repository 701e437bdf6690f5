#!/usr/bin/env python3
"""Reads what sflowdump -j caught from hsflowd with a xen { } block.

  xen-expect.py FILE lines                 number of datagrams so far
  xen-expect.py FILE guests [AFTER]        "NAME INDEX STATE" of the 3:N samples
                                           after line AFTER (the last of each)
  xen-expect.py FILE check EXPECT [AFTER]  exit 0 when the last sample of every
                                           guest in EXPECT (tests/data/xen/
                                           expect.json) and virt_node on 2:1
                                           after AFTER hold its values; else
                                           print the first difference, exit 1
  xen-expect.py FILE host [AFTER]          exit 0 if 2:1 came after AFTER with
                                           its host records; print whether it
                                           had virt_node
"""
import importlib.util
import json
import os
import sys

# The sflowdump -j reader of the Proxmox tests: counters(path, after).
_spec = importlib.util.spec_from_file_location(
    "pve_expect", os.path.join(os.path.dirname(os.path.abspath(__file__)), "pve-expect.py"))
_pve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_pve)
counters = _pve.counters


def records(s):
    return {r["format"]: r for r in s["records"]}


def last_guests(path, after):
    """{name: (index, records)} from the last sample of each 3:N."""
    out = {}
    for s in counters(path, after):
        if s["source_class"] == 3:
            r = records(s)
            out[r[2000]["hostname"]] = (s["source_index"], r)
    return out


def last_host(path, after):
    host = None
    for s in counters(path, after):
        if s["source_class"] == 2 and s["source_index"] == 1:
            host = records(s)
    return host


def check(path, expect_path, after):
    want = json.load(open(expect_path))
    got = last_guests(path, after)
    host = last_host(path, after)
    problems = []

    def eq(what, g, w):
        if g != w:
            problems.append("%s: got %r, want %r" % (what, g, w))

    node = want.pop("_node")
    if host is None or 2100 not in host:
        problems.append("no virt_node on 2:1")
    else:
        for k, v in node.items():
            eq("virt_node " + k, host[2100][k], v)
    eq("guests", sorted(got), sorted(want))
    for name, w in want.items():
        if name not in got:
            continue
        index, r = got[name]
        eq(name + " uuid", r[2000]["uuid"], w["uuid"])
        eq(name + " adaptors", r[2001]["adaptor_list"], w["adaptors"])
        eq(name + " parent", (r[2002]["container_type"], r[2002]["container_index"]), (2, 1))
        for k in ("state", "cpuTime", "nrVirtCpu"):
            eq(name + " " + k, r[2101][k], w[k])
        for k in ("memory", "maxMemory"):
            eq(name + " " + k, r[2102][k], w[k])
        for k, v in w["disk"].items():
            eq(name + " disk " + k, r[2103][k], v)
        for k, v in w["net"].items():
            eq(name + " net " + k, r[2104][k], v)
    indices = [i for i, _ in got.values()]
    if len(set(indices)) != len(indices) or 0 in indices:
        problems.append("indices not distinct and non-zero: %r" % indices)
    for p in problems:
        print(p)
    return 1 if problems else 0


def main(argv):
    path, cmd, args = argv[1], argv[2], argv[3:]
    if cmd == "lines":
        return _pve.main(argv)
    if cmd == "guests":
        after = int(args[0]) if args else 0
        for name, (index, r) in sorted(last_guests(path, after).items()):
            print(name, index, r[2101]["state"])
        return 0
    if cmd == "check":
        return check(path, args[0], int(args[1]) if len(args) > 1 else 0)
    if cmd == "host":
        host = last_host(path, int(args[0]) if args else 0)
        if host is None or 2000 not in host:
            return 2
        print("virt_node" if 2100 in host else "no virt_node")
        return 0
    print("unknown command " + cmd, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
