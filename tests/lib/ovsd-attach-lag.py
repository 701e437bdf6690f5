#!/usr/bin/env python3
"""Measures how long sflowovsd takes to re-attach its sFlow row after
ovsdb-server comes back.

usage: ovsd-attach-lag.py SOCKET READY-FILE TIMEOUT-SECONDS BRIDGE...

Creates READY-FILE once it is polling, waits until SOCKET refuses
connections (the caller stops the server after READY-FILE appears), then
tries to connect to it every 5 ms. The first connection that succeeds is
the moment the server accepts again; from then on it asks the server every 10 ms (one "select"
transaction) whether every BRIDGE references one sFlow row whose
external_ids has sflowovsd=owner. Prints "down_ms=D lag_ms=L": D from
the first refusal to the first accept, L from the first accept to the
first answer showing every bridge attached. Exits 1 after TIMEOUT-SECONDS.
"""
import json
import socket
import sys
import time


def rpc(conn, buf, method, params, ident):
    conn.sendall(json.dumps({"method": method, "params": params, "id": ident}).encode())
    dec = json.JSONDecoder()
    while True:
        text = buf[0].lstrip()
        if text:
            try:
                msg, end = dec.raw_decode(text)
            except ValueError:
                msg = None
            if msg is not None:
                buf[0] = text[end:]
                if msg.get("id") == ident:
                    return msg
                if msg.get("method") == "echo":
                    conn.sendall(json.dumps({"id": msg["id"], "result": msg["params"],
                                             "error": None}).encode())
                continue
        data = conn.recv(65536)
        if not data:
            raise OSError("connection closed")
        buf[0] += data.decode()


def attached(conn, buf, bridges, ident):
    reply = rpc(conn, buf, "transact", ["Open_vSwitch",
        {"op": "select", "table": "Bridge", "where": [], "columns": ["name", "sflow"]},
        {"op": "select", "table": "sFlow", "where": [], "columns": ["_uuid", "external_ids"]}],
        ident)
    result = reply.get("result")
    if not isinstance(result, list) or len(result) != 2:
        return False
    ours = [r["_uuid"][1] for r in result[1].get("rows", [])
            if ["sflowovsd", "owner"] in r["external_ids"][1]]
    if len(ours) != 1:
        return False
    refs = {r["name"]: r["sflow"] for r in result[0].get("rows", [])}
    return all(refs.get(b) == ["uuid", ours[0]] for b in bridges)


def connect(path):
    """A connection to PATH, or None if it refuses."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return s
    except OSError:
        s.close()
        return None


def main():
    path, ready, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    bridges = sys.argv[4:]
    t0 = time.monotonic()
    end = t0 + timeout
    open(ready, "w").close()
    while connect(path) is not None:
        if time.monotonic() > end:
            print("the server was not stopped within %.0f s" % timeout, file=sys.stderr)
            sys.exit(1)
        time.sleep(0.005)
    t0 = time.monotonic()
    conn = None
    while conn is None:
        if time.monotonic() > end:
            print("no accept within %.0f s" % timeout, file=sys.stderr)
            sys.exit(1)
        conn = connect(path)
        if conn is None:
            time.sleep(0.005)
    t_up = time.monotonic()
    buf = [""]
    n = 0
    while not attached(conn, buf, bridges, n):
        n += 1
        if time.monotonic() > end:
            print("not attached within %.0f s" % timeout, file=sys.stderr)
            sys.exit(1)
        time.sleep(0.01)
    t_att = time.monotonic()
    print("down_ms=%d lag_ms=%d" % ((t_up - t0) * 1000, (t_att - t_up) * 1000))


if __name__ == "__main__":
    main()
