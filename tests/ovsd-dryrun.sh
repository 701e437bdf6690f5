#!/bin/sh
# --dry-run against a live server prints the planned transaction and changes
# nothing.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
ovsd_setup
before=$(nvsctl list bridge; nvsctl list sflow)
sflowovsd --db "$OVS_DB" --auto-file "$AUTO" --dry-run > "$TEST_DIR/plan.json" 2> "$TEST_DIR/dry.log"
cat "$TEST_DIR/plan.json" >&2
python3 - "$TEST_DIR/plan.json" <<'PY' || fail "plan is not the expected transaction"
import json, sys
t = json.load(open(sys.argv[1]))
assert t[0] == "Open_vSwitch", t[0]
ops = t[1:]
ins = [o for o in ops if o["op"] == "insert"]
assert len(ins) == 1 and ins[0]["table"] == "sFlow", ins
assert ins[0]["row"]["sampling"] == 512
# the three unsampled bridges: one conditional update, whatever their number
up = [o for o in ops if o["op"] == "update"]
assert len(ops) == 2 and len(up) == 1 and up[0]["table"] == "Bridge", ops
assert up[0]["where"] == [["sflow", "==", ["set", []]]], up[0]["where"]
assert up[0]["row"] == {"sflow": ["named-uuid", ins[0]["uuid-name"]]}, up[0]["row"]
PY
after=$(nvsctl list bridge; nvsctl list sflow)
[ "$before" = "$after" ] || fail "--dry-run changed the database"
[ "$(n_rows)" = 0 ] || fail "--dry-run created a row"
pass "--dry-run prints the transaction, changes nothing"

# The planned transaction is conditional: replayed after an operator changed
# a bridge it read, the real server leaves that bridge as the operator set it
# (no lost update) and attaches the others.
nvsctl -- --id=@s create sflow targets='"10.9.9.9:6343"' external_ids:who=operator \
    -- set bridge xapi1 sflow=@s
op=$(br_sflow xapi1)
out=$(ovsdb-client transact "$OVS_DB" "$(cat "$TEST_DIR/plan.json")")
echo "$out" | grep -q '"count":2' || fail "stale plan did not update the 2 other bridges: $out"
[ "$(br_sflow xapi1)" = "$op" ] || fail "operator's edit overwritten"
all_attached xenbr0 br-int || fail "stale plan did not attach the other bridges"
pass "a stale plan on the real server leaves the operator's bridge alone"

ovsd_start
wait_for 10 all_attached xenbr0 br-int || fail "not attached"
[ "$(br_sflow xapi1)" = "$op" ] || fail "operator's row replaced"
[ "$(sflowovsd --db "$OVS_DB" --auto-file "$AUTO" --dry-run 2>/dev/null)" = "[]" ] ||
    fail "dry run on a settled database is not empty"
pass "--dry-run on a settled database plans nothing"
