#!/bin/sh
# sflowdump's command line: listens dual-stack by default (IPv4 and IPv6
# senders both arrive), -b binds one address, -c stops after COUNT datagrams,
# JSON Lines are flushed one per datagram, bad usage exits 2.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib/harness.sh"
require_cmd python3 ss
gen=$top_builddir/tests/tools/gen_sflow
ip -6 addr show dev lo 2>/dev/null | grep -q '::1' || skip "no IPv6 on loopback"

# --help names every option; bad usage is refused.
help=$(sflowdump --help) || fail "--help exited non-zero"
for o in --port --bind --read --count --json --quiet --help; do
    echo "$help" | grep -q -- "$o" || fail "--help does not list $o"
done
sflowdump --bogus > /dev/null 2>&1 && fail "an unknown option was accepted"
[ $? = 2 ] || fail "an unknown option did not exit 2"
sflowdump -p 70000 > /dev/null 2>&1 && fail "port 70000 was accepted"

# ss shows a dual-stack socket as *:PORT.
listening() { ss -lun | grep -q "$1:$2 "; }

# Dual-stack: 4 datagrams from 127.0.0.1 and 4 from ::1, then -c 8 ends it.
port=$(free_udp_port)
sflowdump -p "$port" -c 8 -j > "$TEST_DIR/dual.jsonl" 2> "$TEST_DIR/dual.err" &
pid=$!
at_exit "kill $pid"
wait_for 5 listening '\*' "$port" || fail "sflowdump does not listen dual-stack on port $port"
"$gen" -s 127.0.0.1 -p "$port" || fail "gen_sflow could not send over IPv4"
"$gen" -s ::1 -p "$port" || fail "gen_sflow could not send over IPv6"
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "sflowdump -c 8 did not stop after 8 datagrams"
wait "$pid" || fail "sflowdump exited with $?"
[ "$(wc -l < "$TEST_DIR/dual.jsonl")" = 8 ] || fail "want 8 JSON lines, got $(wc -l < "$TEST_DIR/dual.jsonl")"
grep -q '^sflowdump: 8 datagrams, 0 malformed$' "$TEST_DIR/dual.err" || fail "$(cat "$TEST_DIR/dual.err")"
python3 - "$TEST_DIR/dual.jsonl" <<'PY' || fail "the JSON lines are not what gen_sflow sent"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
froms = sorted(set(l["from"].rsplit(":", 1)[0] for l in lines))
assert froms == ["127.0.0.1", "[::1]"], froms
agents = sorted(set(l["agent"] for l in lines))
assert agents == ["192.0.2.1", "2001:db8::1"], agents
types = set(r["type"] for l in lines for s in l["samples"] for r in s["records"])
assert {"host_descr", "host_cpu", "virt_node", "if_counters", "sampled_header"} <= types, types
PY

# -b ::1: IPv6 only; the IPv4 datagrams never arrive.
port=$(free_udp_port)
sflowdump -b ::1 -p "$port" -c 4 > "$TEST_DIR/v6.txt" 2> "$TEST_DIR/v6.err" &
pid=$!
at_exit "kill $pid"
wait_for 5 listening '\[::1\]' "$port" || fail "sflowdump does not listen on [::1]:$port"
"$gen" -s 127.0.0.1 -p "$port" || true
"$gen" -s ::1 -p "$port"
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null" || fail "sflowdump -b ::1 -c 4 did not stop"
[ "$(grep -c '^datagram from=\[::1\]:' "$TEST_DIR/v6.txt")" = 4 ] || fail "-b ::1: $(head -c 300 "$TEST_DIR/v6.txt")"
if grep -q '^datagram from=127' "$TEST_DIR/v6.txt"; then fail "-b ::1 received IPv4"; fi
pass "sflowdump listens dual-stack, binds one address, stops at -c, refuses bad usage"

# A capture with no datagram to the port it filters on says which ports it
# skipped and what to type instead.
"$gen" -w "$TEST_DIR/g.pcap" || fail "gen_sflow -w failed"
sflowdump -r "$TEST_DIR/g.pcap" -p 6344 > "$TEST_DIR/none.txt" 2> "$TEST_DIR/none.err" ||
    fail "sflowdump -r -p 6344 failed"
[ ! -s "$TEST_DIR/none.txt" ] || fail "sflowdump -p 6344 printed datagrams"
grep -q "holds no UDP datagram to port 6344; skipped UDP to port 6343 ([0-9]*)\. -p 0 reads every port; -p 6343 reads the first\.$" \
    "$TEST_DIR/none.err" || fail "no hint: $(cat "$TEST_DIR/none.err")"
n=$(sflowdump -q -r "$TEST_DIR/g.pcap" -p 0 2>&1 | sed -n 's/^sflowdump: \([0-9]*\) datagrams, 0 malformed$/\1/p')
[ -n "$n" ] && [ "$n" -gt 0 ] || fail "-p 0 read nothing"
grep -q "skipped UDP to port 6343 ($n)" "$TEST_DIR/none.err" || fail "skipped count is not $n: $(cat "$TEST_DIR/none.err")"
pass "sflowdump -r names the ports it skipped and suggests -p 0"
