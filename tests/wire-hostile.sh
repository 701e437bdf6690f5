#!/bin/sh
# Hostile input: every truncation of our datagrams and 100,000 random
# mutations of them, read by sflowdump from a pcap file. Nothing may crash
# (in the sanitizer build everything runs under ASan/UBSan) and every
# datagram the decoder rejects must be reported on stderr with its offset.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib/harness.sh"

pcap=$TEST_DIR/hostile.pcap
counts=$("$top_builddir/tests/tools/gen_sflow" -m 100000 -w "$pcap") || fail "gen_sflow -m failed"
log "generated: $counts"
total=$(echo "$counts" | sed -n 's/.*datagrams=\([0-9]*\).*/\1/p')
bad=$(echo "$counts" | sed -n 's/.*malformed=\([0-9]*\).*/\1/p')
cuts=$(echo "$counts" | sed -n 's/.*truncations=\([0-9]*\).*/\1/p')
[ -n "$total" ] && [ -n "$bad" ] && [ -n "$cuts" ] || fail "cannot read '$counts'"
# Every truncation is bad; so are some mutations, but not all.
[ "$cuts" -gt 1900 ] || fail "only $cuts truncations rejected"
[ "$bad" -gt "$cuts" ] && [ "$bad" -lt "$total" ] || fail "implausible counts: $counts"

sflowdump -q -r "$pcap" > "$TEST_DIR/out.txt" 2> "$TEST_DIR/err.txt" \
    || fail "sflowdump -q exited with $? ($(tail -n 3 "$TEST_DIR/err.txt"))"
grep -q "^sflowdump: $total datagrams, $bad malformed\$" "$TEST_DIR/err.txt" \
    || fail "sflowdump summary: $(tail -n 1 "$TEST_DIR/err.txt"), want $total/$bad"
reports=$(grep -c '^sflowdump: malformed datagram from 192.0.2.1:40000\|^sflowdump: malformed datagram from \[2001:db8::1\]:40000' "$TEST_DIR/err.txt")
[ "$reports" = "$bad" ] || fail "$reports reports for $bad malformed datagrams"
# Each report names an offset and what is wrong.
if grep '^sflowdump: malformed' "$TEST_DIR/err.txt" | grep -qv ' at offset [0-9][0-9]*: [A-Za-z0-9]'; then
    fail "a report without offset or reason"
fi
[ ! -s "$TEST_DIR/out.txt" ] || fail "-q printed decoded datagrams"

# The printers get hostile (but well-formed) datagrams too: text and JSON.
sflowdump -r "$pcap" -c 20000 > "$TEST_DIR/text.txt" 2>/dev/null || fail "text printing failed"
sflowdump -j -r "$pcap" -c 20000 > "$TEST_DIR/json.txt" 2>/dev/null || fail "JSON printing failed"
python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    json.loads(line); n += 1
print(n)' "$TEST_DIR/json.txt" > "$TEST_DIR/json.count" || fail "sflowdump -j wrote a line that is not JSON"
log "$(cat "$TEST_DIR/json.count") JSON lines parsed"
pass "$total hostile datagrams: $bad malformed, each reported with its offset; no crash"
