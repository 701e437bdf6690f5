#!/bin/sh
# The operator's own sFlow row stays untouched; our row cleared by hand is
# restored; edits racing with sflowovsd end consistent (no lost update, no
# orphan row); --take-over replaces the operator's row.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
ovsd_setup
nvsctl add-br opbr -- --id=@s create sflow targets='"10.9.9.9:6343"' sampling=64 \
    external_ids:who=operator -- set bridge opbr sflow=@s
op=$(br_sflow opbr)
ovsd_start
wait_for 10 all_attached $BRS || fail "not attached"
sleep 0.3
[ "$(br_sflow opbr)" = "$op" ] || fail "operator's bridge changed"
[ "$(row_get "$op" sampling)" = 64 ] || fail "operator's row changed"
[ "$(grep -c 'bridge "opbr" uses an sFlow row' "$OVSD_LOG")" = 1 ] || fail "not logged once"
pass "operator's own row untouched, logged once"

nvsctl clear bridge xapi1 sflow
wait_for 5 all_attached $BRS || fail "row cleared by hand not restored"
pass "row cleared by hand restored"

# Races: the operator edits bridges while the settings change under
# sflowovsd. Whatever the interleaving, the end state is consistent.
(
    for i in $(seq 1 15); do
        nvsctl clear bridge xenbr0 sflow
        nvsctl add-br "race$i"
        nvsctl add-br "opr$i" -- --id=@s create sflow targets='"10.9.9.9:6343"' \
            external_ids:who=operator -- set bridge "opr$i" sflow=@s
    done
) &
editor=$!
for i in $(seq 2 16); do write_auto "$i" $((100 + i)) 20 "127.0.0.1"; sleep 0.02; done
wait "$editor"
all_race=""
for i in $(seq 1 15); do all_race="$all_race race$i"; done
wait_for 10 all_attached $BRS $all_race || fail "not consistent after races"
wait_for 5 our_row_is sampling 116 || fail "last settings lost"
for i in $(seq 1 15); do
    r=$(br_sflow "opr$i")
    [ -n "$r" ] && [ "$(nvsctl --bare get sflow "$r" external_ids:who)" = operator ] ||
        fail "opr$i lost the operator's row"
done
# No orphan: our one row, the operator's rows (opbr + 15), nothing else.
[ "$(n_rows)" = 17 ] || fail "expected 17 rows, got $(n_rows)"
grep -q "concurrent change\|committed" "$OVSD_LOG" || fail "no transaction logged"
pass "racing edits end consistent (no lost update, no orphan)"

# --take-over: the operator's rows are replaced by ours.
ovsd_stop
ovsd_start --take-over --exclude br-int
wait_for 10 all_attached xenbr0 xapi1 opbr || fail "--take-over did not replace"
wait_for 5 test -z "$(br_sflow br-int)" || fail "--exclude br-int still attached"
[ "$(n_rows)" = 1 ] || fail "operator rows left after take-over: $(n_rows)"
pass "--take-over replaces, --exclude skips"
