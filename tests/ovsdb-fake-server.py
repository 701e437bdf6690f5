#!/usr/bin/env python3
"""A hostile (or merely old) OVSDB server on a unix socket, for tests.

usage: ovsdb-fake-server.py SOCKET MODE LOGFILE

Serves connections one after the other. Every connection gets the same
treatment, chosen by MODE:
  malformed   answers get_schema with bytes that are not JSON
  oversized   answers get_schema with a 1 MiB message
  unknown_id  answers get_schema with a reply to an id never sent
  no_sflow    answers get_schema with a schema that has no sFlow table
  stall       reads requests and never answers anything
  old         knows no monitor_cond ("unknown method"), serves monitor, and
              sends an echo request of its own, logging the client's answer
  leading_newline  as old, but sends a lone "\n" before anything else
  txn_fail    as old, and answers every transact with a failed operation
  error_replies    as old, and answers every transact with a JSON-RPC error
  big_diff    serves monitor_cond, then an update2 "modify" notification
              that adds 80,000 elements to Open_vSwitch:bridges (a set) and
              80,000 keys to the bridge's external_ids (a map); then an echo
              request, whose answer is logged as "echo answered" (the client
              applied the diffs).
              Transactions succeed (and change nothing).
Requests received are logged to LOGFILE, one method a line.
"""
import json
import os
import socket
import sys

U_OVS = "0b5b3c2e-6a9f-4d0c-9a3a-000000000001"
U_BR = "0b5b3c2e-6a9f-4d0c-9a3a-000000000002"

SCHEMA = {
    "name": "Open_vSwitch", "version": "8.3.0",
    "tables": {
        "Open_vSwitch": {"columns": {"bridges": {"type": {
            "key": {"type": "uuid", "refTable": "Bridge"}, "min": 0, "max": "unlimited"}}}},
        "Bridge": {"columns": {
            "name": {"type": "string"},
            "sflow": {"type": {"key": {"type": "uuid", "refTable": "sFlow"},
                               "min": 0, "max": 1}},
            "external_ids": {"type": {"key": "string", "value": "string",
                                      "min": 0, "max": "unlimited"}}}},
        "sFlow": {"columns": {
            "targets": {"type": {"key": "string", "min": 1, "max": "unlimited"}},
            "sampling": {"type": {"key": "integer", "min": 0, "max": 1}}}},
    },
}


def messages(conn):
    """Yields JSON messages received on CONN until EOF."""
    dec = json.JSONDecoder()
    buf = ""
    while True:
        data = conn.recv(65536)
        if not data:
            return
        buf += data.decode()
        while True:
            buf = buf.lstrip()
            if not buf:
                break
            try:
                msg, end = dec.raw_decode(buf)
            except ValueError:
                break
            buf = buf[end:]
            yield msg


def send(conn, obj):
    conn.sendall(json.dumps(obj).encode())


def reply(conn, msg, result):
    send(conn, {"id": msg["id"], "result": result, "error": None})


BIG_N = 80000


def big_diffs():
    """The update2 notifications of mode big_diff."""
    uuids = [["uuid", "0b5b3c2e-6a9f-4d0c-%04x-%012x" % (i >> 48, i & 0xffffffffffff)]
             for i in range(16, 16 + BIG_N)]
    pairs = [["k%d" % i, "v%d" % i] for i in range(BIG_N)]
    diff = {"Open_vSwitch": {U_OVS: {"modify": {"bridges": ["set", uuids]}}},
            "Bridge": {U_BR: {"modify": {"external_ids": ["map", pairs]}}}}
    return [diff]


def serve(conn, mode, log):
    if mode == "leading_newline":
        conn.sendall(b"\n")
    for msg in messages(conn):
        method = msg.get("method")
        log.write("%s\n" % (method if method else "reply %s" % json.dumps(msg.get("id"))))
        log.flush()
        if mode == "stall":
            continue
        if method == "echo":
            reply(conn, msg, msg["params"])
        elif method == "get_schema":
            if mode == "malformed":
                conn.sendall(b'{"id": 1, "result": {]}')
            elif mode == "oversized":
                conn.sendall(b'{"id": 1, "result": "' + b"x" * (1 << 20) + b'", "error": null}')
            elif mode == "unknown_id":
                send(conn, {"id": 4242, "result": SCHEMA, "error": None})
            elif mode == "no_sflow":
                schema = json.loads(json.dumps(SCHEMA))
                del schema["tables"]["sFlow"]
                reply(conn, msg, schema)
            else:
                reply(conn, msg, SCHEMA)
        elif method == "monitor_cond" and mode == "big_diff":
            reply(conn, msg, {
                "Open_vSwitch": {U_OVS: {"initial": {"bridges": ["uuid", U_BR]}}},
                "Bridge": {U_BR: {"initial": {"name": "br-big", "sflow": ["set", []],
                                              "external_ids": ["map", []]}}}})
            for diff in big_diffs():
                send(conn, {"method": "update2", "params": [msg["params"][1], diff],
                            "id": None})
            log.write("diffs sent\n")
            log.flush()
            send(conn, {"method": "echo", "params": ["ping"], "id": "srv-echo"})
        elif method == "monitor_cond":
            send(conn, {"id": msg["id"], "result": None, "error": "unknown method"})
        elif method == "monitor":
            # Only the tables asked for, as a real server does.
            rows = {"Open_vSwitch": {U_OVS: {"new": {"bridges": ["uuid", U_BR]}}},
                    "Bridge": {U_BR: {"new": {"name": "br-old", "sflow": ["set", []],
                                              "external_ids": ["map", []]}}}}
            reply(conn, msg, {t: r for t, r in rows.items() if t in msg["params"][2]})
            send(conn, {"method": "echo", "params": ["ping"], "id": "srv-echo"})
        elif method == "transact" and mode == "txn_fail":
            reply(conn, msg, [{"error": "constraint violation",
                               "details": "refused by the test server"}])
        elif method == "transact" and mode == "error_replies":
            send(conn, {"id": msg["id"], "result": None,
                        "error": {"error": "not leader", "details": "test server"}})
        elif method == "transact":
            reply(conn, msg, [{} for _ in msg["params"][1:]])
        elif msg.get("id") == "srv-echo":
            log.write("echo answered %s\n" % json.dumps(msg.get("result")))
            log.flush()


def main():
    path, mode, logfile = sys.argv[1:4]
    if os.path.exists(path):
        os.unlink(path)
    # Bind and listen under a temporary name, then rename: the socket the
    # test waits for accepts connections from the moment it appears.
    tmp = path + ".tmp"
    if os.path.exists(tmp):
        os.unlink(tmp)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(tmp)
    srv.listen(4)
    os.rename(tmp, path)
    with open(logfile, "a") as log:
        while True:
            conn, _ = srv.accept()
            log.write("connection\n")
            log.flush()
            try:
                serve(conn, mode, log)
            except (OSError, ValueError):
                pass
            conn.close()


if __name__ == "__main__":
    main()
