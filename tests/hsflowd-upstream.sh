#!/bin/sh
# hsflowd is a drop-in for the older Host sFlow agent: `hsflowd -t` accepts
# every config of the corpus in tests/data/conf/upstream/ (the older agent's
# shipped configs, its documentation's examples, the seed articles' configs,
# and the keys its users carry), and gives one notice, on the right line, for
# each key or block it accepts without acting on it -- no more, no fewer.
# NAME.notices lists them as "LINE WORD" (WORD: the key or block named).
. "$top_srcdir/tests/lib/harness.sh"

corpus="$top_srcdir/tests/data/conf/upstream"
n=0
for conf in "$corpus"/*.conf; do
    name=$(basename "$conf" .conf)
    hsflowd -t -f "$conf" -a "$TEST_DIR/hsflowd.auto" > "$TEST_DIR/$name.out" \
        2> "$TEST_DIR/$name.err" \
        || { cat "$TEST_DIR/$name.err" >&2; fail "$name: hsflowd -t rejects it"; }
    grep -q "^# $conf: ok" "$TEST_DIR/$name.out" || fail "$name: -t did not say ok"
    # Every notice says why: no effect here, or mapped onto what acts.
    grep "^$conf:" "$TEST_DIR/$name.err" > "$TEST_DIR/$name.notices.all" || true
    if grep -v -e "has no effect here" -e "is mapped onto" "$TEST_DIR/$name.notices.all"; then
        fail "$name: a notice that does not say why"
    fi
    sed -e "s|^$conf:\([0-9]*\): \([^ ]*\) .*|\1 \2|" "$TEST_DIR/$name.notices.all" \
        | sort > "$TEST_DIR/$name.got"
    sort "$corpus/$name.notices" > "$TEST_DIR/$name.want"
    diff -u "$TEST_DIR/$name.want" "$TEST_DIR/$name.got" \
        || fail "$name: notices differ from $name.notices (- wanted, + got)"
    n=$((n + 1))
done
[ "$n" -ge 15 ] || fail "only $n configs in the corpus"
log "$n configs accepted, each with exactly its notices"

# What they say, for the keys hsflowd does act on.
out="$TEST_DIR/hsflowd-1x-legacy.out"
for want in "^polling 20\$" "^sampling 512\$" "^agent.cidr 10.0.0.0/8\$" \
            "^uuid 3d1219c7-c4c5-404a-aa1f-6d2a48adfda4\$" "^refreshAdaptors 180\$" \
            "^refreshVMs 60\$" "^forgetVMs 180\$" "^nflog group 5 probability 0.0025"; do
    grep -q "$want" "$out" || fail "1.x legacy keys: '$want' missing"
done
out="$TEST_DIR/dropin.out"
for want in "^agent.cidr 10.0.0.0/8\$" "^collector 127.0.0.1 6343 dev eth0\$" \
            "^collector collector.example.com 6343\$" "^kvm.refreshVMs 60\$" \
            "^refreshAdaptors 300\$"; do
    grep -q "$want" "$out" || fail "drop-in config: '$want' missing"
done
[ "$(grep -c '^agent.cidr' "$out")" = 2 ] || fail "drop-in config: not two agent.cidr lines"
sed -n '/^agent.cidr/p' "$out" | head -n 1 | grep -q 10.0.0.0/8 \
    || fail "drop-in config: agent.cidr lines out of order"
grep -q "^dnssd on" "$TEST_DIR/doc-dnssd.out" || fail "dns-sd { } did not turn DNS-SD on"
pass "every config of the corpus is accepted; unused keys each give one notice"
