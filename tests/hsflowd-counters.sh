#!/bin/sh
# hsflowd with polling 1 sends host and interface counters to a collector on
# loopback; sflowdump decodes them and the values agree with the machine;
# tcpdump and tshark read a capture of the datagrams without complaint.
. "$top_srcdir/tests/lib/harness.sh"
require_cmd python3 hostname nproc

port=$(free_udp_port)
hsflowd_conf hsflowd "$port" "polling = 1"

capture=""
if [ "$(id -u)" = 0 ] && command -v tcpdump >/dev/null 2>&1; then
    tcpdump -i lo -U -n -w "$TEST_DIR/cap.pcap" "udp port $port" \
        > "$TEST_DIR/tcpdump.log" 2>&1 &
    echo $! > "$TEST_DIR/tcpdump.pid"
    at_exit "kill_pidfile $TEST_DIR/tcpdump.pid"
    wait_for 10 grep -q listening "$TEST_DIR/tcpdump.log" || fail "tcpdump did not start"
    capture=1
fi

loopback_collector dump "$port"

hsflowd_bg hsflowd
# Without a kvm { } or xen { } block, libvirt is never loaded.
wait_for 10 test -s "$TEST_DIR/hsflowd.pid" || fail "hsflowd wrote no pid file"
if grep -q libvirt "/proc/$(cat "$TEST_DIR/hsflowd.pid")/maps"; then
    fail "hsflowd mapped libvirt with no kvm/xen block"
fi

# What the machine says, for the checker.
ifaces=""
for d in /sys/class/net/*; do
    [ -f "$d/ifindex" ] || continue
    dev=0; [ -e "$d/device" ] && dev=1
    ifaces="$ifaces $(basename "$d"),$(cat "$d/ifindex"),$(cat "$d/address" 2>/dev/null),$dev"
done
export IFACES="$ifaces" NPROC="$(nproc)" HOST="$(hostname)"
export MEMTOTAL_KB="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"

check() {
    python3 - "$TEST_DIR/dump.json" "$1" <<'EOP'
import json, os, sys
want_all = sys.argv[2] == "final"
ifaces = {}
for item in os.environ["IFACES"].split():
    name, idx, mac, dev = item.split(",")
    ifaces[int(idx)] = (name, mac.lower(), dev == "1")
host = None
if_samples = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    assert d["version"] == 5 and d["sub_agent"] == 100000, d
    for s in d["samples"]:
        assert s["type"] == "counters_sample", s
        if s["source_class"] == 2 and s["source_index"] == 1:
            host = {r["format"]: r for r in s["records"]}
        elif s["source_class"] == 0:
            assert [r["format"] for r in s["records"]] == [1], s
            assert s["records"][0]["ifIndex"] == s["source_index"], s
            if_samples[s["source_index"]] = s["records"][0]
        else:
            raise AssertionError("unexpected source %s" % s)
if host is None:
    sys.exit("no host sample yet")
need = {2000, 2001, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010}
missing = need - set(host)
if missing:
    sys.exit("host sample lacks %s" % sorted(missing))
assert host[2000]["hostname"] == os.environ["HOST"], host[2000]
assert host[2003]["cpu_num"] == int(os.environ["NPROC"]), host[2003]
assert host[2004]["mem_total"] == int(os.environ["MEMTOTAL_KB"]) * 1024, host[2004]
seen_adaptors = set()
for a in host[2001].get("adaptor_list", []):
    parts = a.split("/")
    idx = int(parts[0])
    if idx in ifaces:
        name, mac, _ = ifaces[idx]
        assert mac in [m.lower() for m in parts[1:]], (a, name, mac)
        seen_adaptors.add(idx)
for idx, (name, mac, dev) in ifaces.items():
    if dev:
        assert idx in seen_adaptors, "adaptor %s (%d) missing" % (name, idx)
        if idx not in if_samples:
            sys.exit("no counters yet for %s (%d)" % (name, idx))
for idx in if_samples:
    assert idx in ifaces, "counters for unknown ifIndex %d" % idx
    assert ifaces[idx][0] != "lo", "loopback reported"
if want_all:
    print("host: %s cpus, %d bytes, %d adaptors; interfaces: %s" % (
        host[2003]["cpu_num"], host[2004]["mem_total"], len(host[2001].get("adaptor_list", [])),
        ", ".join("%s=%d" % (ifaces[i][0], i) for i in sorted(if_samples))))
EOP
}

wait_for 20 check progress || { check progress; fail "the counters did not arrive"; }
check final || fail "the decoded counters disagree with the machine"
grep -q "malformed" "$TEST_DIR/dump-dump.log" && ! grep -q " 0 malformed" "$TEST_DIR/dump-dump.log" \
    && fail "sflowdump saw malformed datagrams"

# The auto file holds what hsflowd runs with.
grep -q "^collector=127.0.0.1 $port\$" "$TEST_DIR/hsflowd.auto" || fail "hsflowd.auto lacks the collector"
grep -q "^polling=1\$" "$TEST_DIR/hsflowd.auto" || fail "hsflowd.auto lacks polling=1"

if [ -n "$capture" ]; then
    # Let the capture hold a few datagrams (host and interfaces) first.
    captured() { [ "$(tcpdump -n -r "$TEST_DIR/cap.pcap" 2>/dev/null | wc -l)" -ge 4 ]; }
    wait_for 20 captured || fail "tcpdump captured too little"
    kill_pidfile "$TEST_DIR/tcpdump.pid"
    n=$(tcpdump -n -r "$TEST_DIR/cap.pcap" 2>/dev/null | wc -l)
    [ "$n" -gt 0 ] || fail "nothing captured"
    # tcpdump decodes sFlow on port 6343 only: rewrite the destination port
    # (and clear the UDP checksum) in a copy of the capture; the sFlow
    # payload is left as it was sent.
    python3 - "$TEST_DIR/cap.pcap" "$TEST_DIR/cap6343.pcap" <<'EOP' || fail "pcap rewrite"
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
assert struct.unpack_from("<I", data, 0)[0] == 0xa1b2c3d4 and struct.unpack_from("<I", data, 20)[0] == 1
off = 24
while off + 16 <= len(data):
    incl = struct.unpack_from("<I", data, off + 8)[0]
    pkt = off + 16
    if struct.unpack_from(">H", data, pkt + 12)[0] == 0x0800:
        ip = pkt + 14
        udp = ip + (data[ip] & 0x0f) * 4
        struct.pack_into(">HH", data, udp + 2, 6343, struct.unpack_from(">H", data, udp + 4)[0])
        struct.pack_into(">H", data, udp + 6, 0)
    off = pkt + incl
open(sys.argv[2], "wb").write(data)
EOP
    tcpdump -vvv -n -r "$TEST_DIR/cap6343.pcap" > "$TEST_DIR/tcpdump.txt" 2>&1 \
        || fail "tcpdump could not read the capture"
    [ "$(grep -c "sFlowv5" "$TEST_DIR/tcpdump.txt")" = "$n" ] || fail "tcpdump does not see sFlow in every datagram"
    grep -q "counter sample" "$TEST_DIR/tcpdump.txt" || fail "tcpdump sees no counter samples"
    if grep -Eiq "malformed|\[\|sflow\]|truncated|invalid|bad len" "$TEST_DIR/tcpdump.txt"; then
        grep -Ei "malformed|\[\|sflow\]|truncated|invalid|bad len" "$TEST_DIR/tcpdump.txt" | head -5 >&2
        fail "tcpdump complains"
    fi
    log "tcpdump decoded $n datagrams"
    if command -v tshark >/dev/null 2>&1; then
        tshark -n -r "$TEST_DIR/cap.pcap" -d "udp.port==$port,sflow" -V \
            > "$TEST_DIR/tshark.txt" 2>&1 || fail "tshark could not read the capture"
        grep -q "InMon sFlow" "$TEST_DIR/tshark.txt" || fail "tshark does not see sFlow"
        # tshark 4.0 knows the datagram header and the generic interface
        # counters but not the Host sFlow records (2000-2010), and it does not
        # skip an unknown record by its length: it reads the next record from
        # inside it and ends in "Malformed". So: a datagram of records tshark
        # knows must decode cleanly; in one with host records, everything up
        # to the first record tshark does not know must decode cleanly.
        python3 - "$TEST_DIR/tshark.txt" <<'EOP' || fail "tshark calls datagrams malformed"
import re, sys
text = open(sys.argv[1]).read()
frames = re.split(r"^Frame \d+:", text, flags=re.M)[1:]
clean = partial = 0
for f in frames:
    assert "Datagram version: 5" in f and "Sub-agent ID: 100000" in f, f[:2000]
    unknown = f.find("Format: Unknown (")
    bad = f.find("Malformed")
    if unknown < 0:
        assert bad < 0 and "Expert Info (Error" not in f, f
        clean += 1
    else:
        head = f[:unknown]
        assert "Malformed" not in head and "Expert Info (Error" not in head, head
        assert "Counters sample" in head and "Source ID index: 1" in head, head
        partial += 1
assert clean > 0, "no datagram that tshark decodes fully"
print("# tshark: %d datagrams decoded cleanly, %d with host records" % (clean, partial))
EOP
        log "tshark decoded $(grep -c 'InMon sFlow' "$TEST_DIR/tshark.txt") datagrams"
    fi
fi
pass "host and interface counters decoded and match the machine"
