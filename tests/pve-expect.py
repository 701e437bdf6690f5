#!/usr/bin/env python3
"""Reads what sflowdump -j caught from hsflowd with a pve { } block.

  pve-expect.py FILE lines                  number of datagrams so far
  pve-expect.py FILE sources [AFTER]        the 3:N sources in datagrams after line AFTER
  pve-expect.py FILE host [AFTER]           exit 0 if a 2:1 sample came after AFTER
  pve-expect.py FILE guest N [AFTER]        the last sample of 3:N as JSON
                                            (records by format; exit 2 if none)
"""
import json
import sys


def datagrams(path, after=0):
    with open(path) as f:
        for i, line in enumerate(f):
            if i < after or not line.endswith("\n"):
                continue
            yield json.loads(line)


def counters(path, after=0):
    for d in datagrams(path, after):
        for s in d["samples"]:
            if s.get("type") == "counters_sample":
                yield s


def main(argv):
    path, cmd, args = argv[1], argv[2], argv[3:]
    if cmd == "lines":
        print(sum(1 for _ in open(path)))
        return 0
    if cmd == "sources":
        after = int(args[0]) if args else 0
        seen = sorted({s["source_index"] for s in counters(path, after) if s["source_class"] == 3})
        print(" ".join(str(n) for n in seen))
        return 0
    if cmd == "host":
        after = int(args[0]) if args else 0
        ok = any(s["source_class"] == 2 and s["source_index"] == 1
                 for s in counters(path, after))
        return 0 if ok else 2
    if cmd == "guest":
        n, after = int(args[0]), int(args[1]) if len(args) > 1 else 0
        last = None
        for s in counters(path, after):
            if s["source_class"] == 3 and s["source_index"] == n:
                last = s
        if last is None:
            return 2
        print(json.dumps({str(r["format"]): r for r in last["records"]}))
        return 0
    print("unknown command " + cmd, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
