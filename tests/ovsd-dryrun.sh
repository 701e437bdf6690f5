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
assert [o["op"] for o in ops].count("wait") == 3
assert [o["table"] for o in ops if o["op"] == "update"] == ["Bridge"] * 3
PY
after=$(nvsctl list bridge; nvsctl list sflow)
[ "$before" = "$after" ] || fail "--dry-run changed the database"
[ "$(n_rows)" = 0 ] || fail "--dry-run created a row"
pass "--dry-run prints the transaction, changes nothing"

# The planned transaction is conditional: replayed after an operator changed
# a bridge it read, the real server refuses all of it (no lost update).
nvsctl -- --id=@s create sflow targets='"10.9.9.9:6343"' external_ids:who=operator \
    -- set bridge xapi1 sflow=@s
op=$(br_sflow xapi1)
out=$(ovsdb-client transact "$OVS_DB" "$(cat "$TEST_DIR/plan.json")")
echo "$out" | grep -q '"timed out"' || fail "stale plan was not refused: $out"
[ "$(br_sflow xapi1)" = "$op" ] || fail "operator's edit overwritten"
[ "$(n_owned)" = 0 ] && [ -z "$(br_sflow xenbr0)" ] || fail "stale plan partly applied"
pass "a stale plan fails its wait on the real server and changes nothing"

ovsd_start
wait_for 10 all_attached xenbr0 br-int || fail "not attached"
[ "$(br_sflow xapi1)" = "$op" ] || fail "operator's row replaced"
[ "$(sflowovsd --db "$OVS_DB" --auto-file "$AUTO" --dry-run 2>/dev/null)" = "[]" ] ||
    fail "dry run on a settled database is not empty"
pass "--dry-run on a settled database plans nothing"
