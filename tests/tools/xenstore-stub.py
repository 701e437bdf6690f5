#!/usr/bin/env python3
"""A stand-in xenstored for tests: serves a tree read from a file over
xenstore's wire protocol on a Unix socket, for the real libxenstore client
(pointed at it with XENSTORED_PATH). Neither cxenstored nor oxenstored can
run without a hypervisor, hence this.

  xenstore-stub.py SOCKET TREE [PIDFILE]

TREE has one node a line, "PATH = VALUE" (VALUE with Python escapes, so
"\\xff" is one byte 0xff), read again for every request: a test changes the
store by rewriting the file. Intermediate directories exist implicitly.
Handled: READ, DIRECTORY, GET_PERMS, TRANSACTION_START/END; anything else
and missing nodes get XS_ERROR "ENOENT" / "ENOSYS". Every message is a
16-byte header (type, req_id, tx_id, len; little-endian) and a payload.
"""
import codecs
import os
import socketserver
import struct
import sys

XS_DIRECTORY, XS_READ, XS_GET_PERMS = 1, 2, 3
XS_TRANSACTION_START, XS_TRANSACTION_END, XS_ERROR = 6, 7, 16
HEADER = struct.Struct("<IIII")


def load(path):
    tree = {}
    with open(path, "rb") as f:
        for raw in f:
            line = raw.rstrip(b"\n").decode("latin-1")
            if not line.strip() or line.startswith("#") or " = " not in line:
                continue
            key, value = line.split(" = ", 1)
            tree[key.strip()] = codecs.escape_decode(value.encode("latin-1"))[0]
    return tree


def children(tree, path):
    prefix = path.rstrip("/") + "/"
    seen = []
    for key in tree:
        if key.startswith(prefix):
            child = key[len(prefix):].split("/", 1)[0]
            if child and child not in seen:
                seen.append(child)
    return seen


class Handler(socketserver.BaseRequestHandler):
    def recv_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.request.recv(n - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def handle(self):
        while True:
            head = self.recv_exact(HEADER.size)
            if head is None:
                return
            mtype, req_id, tx_id, length = HEADER.unpack(head)
            body = self.recv_exact(length) if length else b""
            if body is None:
                return
            arg = body.split(b"\0", 1)[0].decode("latin-1")
            tree = load(self.server.tree_path)
            reply_type, payload = mtype, None
            if mtype == XS_READ:
                if arg in tree:
                    payload = tree[arg]
                elif children(tree, arg):
                    payload = b""
            elif mtype == XS_DIRECTORY:
                kids = children(tree, arg)
                if kids or arg in tree:
                    payload = b"".join(k.encode("latin-1") + b"\0" for k in kids)
            elif mtype == XS_GET_PERMS:
                payload = b"n0\0" if arg in tree or children(tree, arg) else None
            elif mtype == XS_TRANSACTION_START:
                payload = b"1\0"
            elif mtype == XS_TRANSACTION_END:
                payload = b"OK\0"
            else:
                reply_type, payload = XS_ERROR, b"ENOSYS\0"
            if payload is None:
                reply_type, payload = XS_ERROR, b"ENOENT\0"
            self.request.sendall(HEADER.pack(reply_type, req_id, tx_id, len(payload)) + payload)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main(argv):
    sock, tree = argv[1], argv[2]
    if os.path.exists(sock):
        os.unlink(sock)
    server = Server(sock, Handler)
    server.tree_path = tree
    if len(argv) > 3:
        with open(argv[3], "w") as f:
            f.write("%d\n" % os.getpid())
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
