#!/bin/sh
# One owner per data source: hsflowd with ovs { dbsock }, sflowovsd and a
# real ovs-vswitchd under one agent address (agent = lo), sending to one
# loopback collector. ovs-vswitchd reports the ports of its bridge; hsflowd
# learns them from OVSDB and leaves them to it, while it still reports the
# host (2:1) and the interfaces outside OVS. Until each sub-agent has sent
# several rounds of counters, no data source class:index may come from two
# sub-agents (the sub-agent id is in the datagram header); then an interface
# hsflowd was reporting is added to the bridge and passes to ovs-vswitchd.
. "$top_srcdir/tests/lib/harness.sh"
require_root
require_cmd python3

ovs_start --vswitchd
add_netdev_bridge br0
ns_host h1 10.79.0.1/24 br0
ns_host h2 10.79.0.2/24 br0
# hsflowd reports physical interfaces, bonds and bridges, not veths or taps:
# Linux bridges stand in for the NICs an OVS bridge usually holds. lbr0 is
# an OVS port from the start, lbr1 never, lbr2 becomes one later.
for b in lbr0 lbr1 lbr2; do
    ip -n "$OVS_NS" link add "$b" type bridge
    ip -n "$OVS_NS" link set "$b" up
done
vsctl add-port br0 lbr0
port=6343                               # inside the test's own namespace
in_ovs_ns_bg sflowdump sflowdump -p "$port" -j > "$TEST_DIR/sflow.jsonl" 2> "$TEST_DIR/sflowdump.log"
wait_for 10 sh -c "ip netns exec $OVS_NS ss -lun | grep -q ':$port '" \
    || fail "sflowdump does not listen on $port"

idx() { ip netns exec "$OVS_NS" cat "/sys/class/net/$1/ifindex"; }
BR0=$(idx br0) H1=$(idx h1) H2=$(idx h2) LBR0=$(idx lbr0) LBR1=$(idx lbr1) LBR2=$(idx lbr2)
log "ifindex br0=$BR0 h1=$H1 h2=$H2 lbr0=$LBR0 lbr1=$LBR1 lbr2=$LBR2"

cat > "$TEST_DIR/hsflowd.conf" <<EOC
sflow {
  DNSSD = off
  polling = 2
  sampling = 100
  agent = lo
  collector { ip = 127.0.0.1 udpport = $port }
  ovs { dbsock = $OVS_DB }
}
EOC
in_ovs_ns_bg hsflowd sh -c 'exec hsflowd -d -f "$0/hsflowd.conf" -a "$0/hsflowd.auto" \
    -p "$0/hsflowd-own.pid" --unixctl "$0/hsflowd.ctl" 2> "$0/hsflowd.log"' "$TEST_DIR"
wait_for 10 test -s "$TEST_DIR/hsflowd.auto" || fail "hsflowd wrote no hsflowd.auto"
sflowovsd --db "$OVS_DB" --auto-file "$TEST_DIR/hsflowd.auto" \
    --pidfile "$TEST_DIR/sflowovsd.pid" --log-file "$TEST_DIR/sflowovsd.log" -v &
at_exit "kill_pidfile $TEST_DIR/sflowovsd.pid"
wait_for 20 sh -c "[ \"\$(ovs-vsctl --db=$OVS_DB get bridge br0 sflow)\" != '[]' ]" \
    || fail "sflowovsd did not attach sFlow to br0"

# owners.py [LAST]: per data source "CLASS:INDEX SUB=N ..." (N counter samples
# from sub-agent AGENT/ID); with LAST, "CLASS:INDEX SUB=LINE ..." (the line
# of the collector's output that held the last one). Exits 1 when a data
# source came from two sub-agents.
cat > "$TEST_DIR/owners.py" <<'PY'
import json, sys
owners, last = {}, {}
for n, line in enumerate(open(sys.argv[1])):
    d = json.loads(line)
    sub = "%s/%s" % (d["agent"], d["sub_agent"])
    for s in d["samples"]:
        if s["type"] in ("counters_sample", "counters_sample_expanded"):
            ds = "%d:%d" % (s["source_class"], s["source_index"])
            owners.setdefault(ds, {}).setdefault(sub, 0)
            owners[ds][sub] += 1
            last.setdefault(ds, {})[sub] = n
show = last if len(sys.argv) > 2 else owners
for ds in sorted(show):
    print("%s %s" % (ds, " ".join("%s=%d" % kv for kv in sorted(show[ds].items()))))
sys.exit(1 if any(len(v) > 1 for v in owners.values()) else 0)
PY
owners() { python3 "$TEST_DIR/owners.py" "$TEST_DIR/sflow.jsonl" "$@"; }
# count DS ID [last]: counter samples of DS from sub-agent ID (0 if none),
# or the line of the last one (-1 if none).
count() {
    owners ${3:+last} | awk -v ds="$1" -v who="/$2=" -v none="${3:+-1}" '
        $1 == ds { for (i = 2; i <= NF; i++) if (index($i, who)) { split($i, kv, "="); v = kv[2] } }
        END { print (v == "" ? (none == "" ? 0 : none) : v) }'
}
HS=100000
ovs_sub() {
    OVS_SUB=$(owners | awk -v ds="0:$H1" '$1 == ds { split($2, a, "[/=]"); print a[2] }')
    [ -n "$OVS_SUB" ] && [ "$OVS_SUB" != "$HS" ]
}
wait_for 60 ovs_sub || fail "no counters from ovs-vswitchd for h1: $(owners)"
log "sub-agents: ovs-vswitchd $OVS_SUB, hsflowd $HS"

# rounds N: each sub-agent has sent N samples of each of its data sources.
rounds() {
    for ds in "$BR0" "$H1" "$H2" "$LBR0"; do
        [ "$(count "0:$ds" "$OVS_SUB")" -ge "$1" ] || return 1
    done
    for ds in 2:1 "0:$LBR1" "0:$LBR2"; do
        [ "$(count "$ds" "$HS")" -ge "$1" ] || return 1
    done
}
wait_for 90 rounds 4 || fail "not 4 rounds of counters from both sub-agents: $(owners)"
log "$(owners | tr '\n' ';')"
owners > /dev/null || fail "a data source from two sub-agents: $(owners | tr '\n' ';')"
grep -q "ovs: ovs-vswitchd reports 4 interface(s)" "$TEST_DIR/hsflowd.log" \
    || fail "hsflowd did not log 4 interfaces: $(grep 'ovs:' "$TEST_DIR/hsflowd.log")"
pass "br0, h1, h2, lbr0 from ovs-vswitchd only; the host, lbr1, lbr2 from hsflowd only"

# lbr2 joins the bridge: from then on it is ovs-vswitchd's alone.
vsctl add-port br0 lbr2
wait_for 30 grep -q "ovs: ovs-vswitchd reports 5 interface(s)" "$TEST_DIR/hsflowd.log" \
    || fail "hsflowd did not learn lbr2: $(grep 'ovs:' "$TEST_DIR/hsflowd.log")"
n=$(count 2:1 "$HS")
moved() {
    [ "$(count "0:$LBR2" "$OVS_SUB")" -ge 3 ] && [ "$(count 2:1 "$HS")" -ge $((n + 3)) ]
}
wait_for 60 moved || fail "lbr2 not reported by ovs-vswitchd, or host counters stopped: $(owners)"
hs_last=$(count "0:$LBR2" "$HS" last)
ovs_first=$(python3 - "$TEST_DIR/sflow.jsonl" "$LBR2" "$OVS_SUB" <<'PY'
import json, sys
for n, line in enumerate(open(sys.argv[1])):
    d = json.loads(line)
    if str(d["sub_agent"]) == sys.argv[3] and any(
            s.get("source_class") == 0 and s.get("source_index") == int(sys.argv[2])
            and s["type"].startswith("counters") for s in d["samples"]):
        print(n)
        break
PY
)
log "lbr2: hsflowd's last sample on line $hs_last, ovs-vswitchd's first on line $ovs_first"
[ "$hs_last" -lt "$ovs_first" ] || fail "hsflowd still sent lbr2 after ovs-vswitchd took it"
owners | grep -v "^0:$LBR2 " | awk 'NF > 2 { bad = 1 } END { exit bad }' \
    || fail "a data source from two sub-agents: $(owners | tr '\n' ';')"
pass "lbr2, added to the bridge, passed from hsflowd to ovs-vswitchd"

# An operator sees the same in hsflowd/show.
show=$(ovs-appctl --timeout=20 -t "$TEST_DIR/hsflowd.ctl" hsflowd/show) || fail "hsflowd/show failed"
printf '%s\n' "$show" | grep -qF "ovs: $OVS_DB, in sync; 5 interface(s) left to ovs-vswitchd: br0($BR0) h1($H1) h2($H2) lbr0($LBR0) lbr2($LBR2)" \
    || fail "hsflowd/show: $(printf '%s\n' "$show" | grep '^ovs')"
pass "hsflowd/show lists the interfaces left to ovs-vswitchd"
