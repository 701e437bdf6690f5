#!/bin/sh
# scripts/hsflowd-nflog-rules: the rules it prints match the configuration
# (flat Proxmox-style ulog keys, nflog { } and ulog { } blocks, probability
# 1 when not given), through its own reader and, once hsflowd is
# built, through `hsflowd -t` (the two must agree); --apply and --delete in a
# namespace of our own.
. "$top_srcdir/tests/lib/harness.sh"

rules="$top_srcdir/scripts/hsflowd-nflog-rules"

# check NAME EXPECTED-GROUP EXPECTED-PROBABILITY: the three chains, in order.
check() {
    name=$1 g=$2 p=$3
    want=$(for c in INPUT FORWARD OUTPUT; do
        echo "iptables -A $c -m statistic --mode random --probability $p -j NFLOG --nflog-group $g"
    done)
    got=$(HSFLOWD= "$rules" -f "$TEST_DIR/$name.conf") || fail "$name: script failed"
    [ "$got" = "$want" ] || fail "$name: got
$got
want
$want"
    if [ -x "$top_builddir/src/hsflowd/hsflowd" ]; then
        got2=$(HSFLOWD="$top_builddir/src/hsflowd/hsflowd" "$rules" -f "$TEST_DIR/$name.conf") \
            || fail "$name: script failed with hsflowd -t"
        [ "$got2" = "$want" ] || fail "$name (hsflowd -t): got
$got2"
    fi
    pass "$name"
}

# The Proxmox VE article's configuration.
cat > "$TEST_DIR/proxmox.conf" <<'CONF'
  DNSSD = off
  polling = 20
  sampling = 400
    ip = 10.0.0.50
    udpport = 6343
  ulogGroup = 5
  ulogProbability = 0.0025
CONF
check proxmox 5 0.0025

cat > "$TEST_DIR/block.conf" <<'CONF'
sflow {
  # ulogGroup = 9   (a comment: must not count)
  sampling = 1000
  collector { ip = 192.0.2.1 udpport = 6343 }
  nflog { group = 7 probability = 0.01 }
}
CONF
check block 7 0.01

# No probability: the rule logs every packet, hsflowd keeps 1-in-sampling.
cat > "$TEST_DIR/default.conf" <<'CONF'
sflow {
  sampling = 250
  ulog { group = 3 }
}
CONF
check default 3 1

cat > "$TEST_DIR/flatnflog.conf" <<'CONF'
nflogGroup = 12
nflogProbability = 1
CONF
check flatnflog 12 1

# Extra matches go before the sampling ones, chains as asked.
got=$(HSFLOWD= "$rules" -f "$TEST_DIR/proxmox.conf" --chains "INPUT FORWARD" --match "! -i lo")
want="iptables -A INPUT ! -i lo -m statistic --mode random --probability 0.0025 -j NFLOG --nflog-group 5
iptables -A FORWARD ! -i lo -m statistic --mode random --probability 0.0025 -j NFLOG --nflog-group 5"
[ "$got" = "$want" ] || fail "--match/--chains: got
$got"
pass "--match and --chains"

# Nothing configured: refused with a message, nothing printed.
printf 'sflow {\n sampling = 400\n}\n' > "$TEST_DIR/none.conf"
if out=$(HSFLOWD= "$rules" -f "$TEST_DIR/none.conf" 2>&1); then
    fail "no nflog settings: accepted: $out"
fi
case $out in *"no nflog"*) ;; *) fail "no nflog settings: message '$out'" ;; esac
printf 'ulogGroup = 5\nulogProbability = 2\n' > "$TEST_DIR/bad.conf"
if HSFLOWD= "$rules" -f "$TEST_DIR/bad.conf" >/dev/null 2>&1; then
    fail "probability 2 accepted"
fi
pass "bad configurations refused"

# --apply / --delete inside a namespace of our own.
if [ "$(id -u)" = 0 ] && command -v iptables >/dev/null 2>&1; then
    ns="sft$UNIQ-r"
    ip netns add "$ns"
    at_exit "ns_delete $ns"
    HSFLOWD= ip netns exec "$ns" "$rules" -f "$TEST_DIR/proxmox.conf" --apply >/dev/null
    HSFLOWD= ip netns exec "$ns" "$rules" -f "$TEST_DIR/proxmox.conf" --apply >/dev/null
    n=$(ip netns exec "$ns" iptables -S | grep -c -- '--nflog-group 5' || true)
    [ "$n" = 3 ] || fail "--apply twice: $n rules, want 3"
    for c in INPUT FORWARD OUTPUT; do
        ip netns exec "$ns" iptables -S "$c" | grep -Eq -- "-A $c .*probability 0\\.002(5|4999).*NFLOG --nflog-group 5" \
            || fail "--apply: no rule in $c"
    done
    HSFLOWD= ip netns exec "$ns" "$rules" -f "$TEST_DIR/proxmox.conf" --delete >/dev/null
    HSFLOWD= ip netns exec "$ns" "$rules" -f "$TEST_DIR/proxmox.conf" --chains INPUT \
        --match "! -i lo" --apply >/dev/null
    ip netns exec "$ns" iptables -S INPUT | grep -q -- "-A INPUT ! -i lo -m statistic" \
        || fail "--apply with --match: $(ip netns exec "$ns" iptables -S INPUT)"
    HSFLOWD= ip netns exec "$ns" "$rules" -f "$TEST_DIR/proxmox.conf" --chains INPUT \
        --match "! -i lo" --delete >/dev/null
    n=$(ip netns exec "$ns" iptables -S | grep -c NFLOG || true)
    [ "$n" = 0 ] || fail "--delete left $n rules"
    pass "--apply is idempotent, --delete removes"
fi
