#!/bin/sh
# VM counters through libvirt's test driver, read by tests/tools/virt-check and
# checked against the node XML itself (tests/virt-expect.py): one 3:N source
# per active domain with its name, UUID, MACs, vCPUs, memory, state and summed
# disk capacity, a parent of 2:1, the node's figures and domain count; N
# stable across runs and distinct; a bad URI retried with backoff.
. "$top_srcdir/tests/lib/harness.sh"
require_cmd python3

CHECK="$top_builddir/tests/tools/virt-check"
NODE=$(cd "$top_srcdir/tests/data" && pwd)/virt-node.xml

"$CHECK" -n 2 "test://$NODE" > "$TEST_DIR/run1.out" 2> "$TEST_DIR/run1.log" \
    || fail "virt-check failed: $(cat "$TEST_DIR/run1.log")"
"$CHECK" "test://$NODE" > "$TEST_DIR/run2.out" 2> "$TEST_DIR/run2.log" \
    || fail "second virt-check failed"
python3 "$top_srcdir/tests/virt-expect.py" "$NODE" check "$TEST_DIR/run1.out" "$TEST_DIR/run2.out" \
    || fail "virt-check output does not match the node XML"

# A URI that cannot be opened: retried with growing waits, then given up.
if "$CHECK" -t 3500 "test:///nonexistent/$UNIQ/node.xml" > /dev/null 2> "$TEST_DIR/bad.log"; then
    fail "virt-check connected to a bad URI"
fi
grep -q "retrying in 1000 ms" "$TEST_DIR/bad.log" || fail "no first retry: $(cat "$TEST_DIR/bad.log")"
grep -q "retrying in 2000 ms" "$TEST_DIR/bad.log" || fail "no backoff: $(cat "$TEST_DIR/bad.log")"
pass "VM counters match the node XML; indices stable and distinct; bad URI retried"
