#!/usr/bin/env python3
"""Hostile clients of a control socket, all at once: one sends garbage, one
a 100 MB request, one pipelines thousands of requests and never reads the
replies. Prints "big request cut after N bytes" once the daemon has cut the
100 MB client off (or the 60 s budget ran out), then holds the other
connections open for 30 s. Usage: unixctl-hostile.py SOCKET COMMAND"""
import socket
import sys
import time

path, command = sys.argv[1], sys.argv[2].encode()


def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


garbage = conn()
garbage.sendall(b"\x00\xff GET / HTTP/1.1\r\n\r\n{{{{")
big = conn()
big.setblocking(False)
sent = 0
chunk = b'{"method":"' + command + b'","params":["' + b"a" * 65536
deadline = time.time() + 60
while sent < 100 * 1024 * 1024 and time.time() < deadline:
    try:
        sent += big.send(chunk)
    except BlockingIOError:
        time.sleep(0.001)
    except (BrokenPipeError, ConnectionResetError):
        break
deaf = conn()
deaf.setblocking(False)
try:
    deaf.sendall(b'{"method":"' + command + b'","params":[],"id":1}' * 5000)
except BlockingIOError:
    pass
print("big request cut after", sent, "bytes", flush=True)
time.sleep(30)
