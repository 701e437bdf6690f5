#!/bin/sh
# One owner per data source: hsflowd with ovs { dbsock }, sflowovsd and a
# real ovs-vswitchd under one agent address (agent = lo), sending to one
# loopback collector. ovs-vswitchd reports the ports of its bridge; hsflowd
# learns them from OVSDB and leaves them to it, while it still reports the
# host (2:1) and the interfaces outside OVS. Until each sub-agent has sent
# several rounds of counters, no data source class:index may come from two
# sub-agents at once (the sub-agent id is in the datagram header); then an
# interface hsflowd was reporting is added to the bridge and passes to
# ovs-vswitchd. A data source passes from one sub-agent to the other when
# br0 gets its sFlow row (lbr0: hsflowd starts before sflowovsd can attach
# it, and may poll lbr0 first) and when a port joins br0 (lbr2): then the
# old owner's last sample must precede the new owner's first.
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

# owners.py [first|last]: per data source "CLASS:INDEX SUB=N ..." (N counter
# samples from sub-agent AGENT/ID); with first or last, "CLASS:INDEX
# SUB=LINE ..." (the line of the collector's output that held the first or
# last one). Exits 1 when a data source came from two sub-agents at once:
# their samples interleave rather than one taking over from the other.
cat > "$TEST_DIR/owners.py" <<'PY'
import json, sys
owners, first, last = {}, {}, {}
for n, line in enumerate(open(sys.argv[1])):
    d = json.loads(line)
    sub = "%s/%s" % (d["agent"], d["sub_agent"])
    for s in d["samples"]:
        if s["type"] in ("counters_sample", "counters_sample_expanded"):
            ds = "%d:%d" % (s["source_class"], s["source_index"])
            owners.setdefault(ds, {}).setdefault(sub, 0)
            owners[ds][sub] += 1
            first.setdefault(ds, {}).setdefault(sub, n)
            last.setdefault(ds, {})[sub] = n
show = {"first": first, "last": last}.get(sys.argv[2] if len(sys.argv) > 2 else "", owners)
for ds in sorted(show):
    print("%s %s" % (ds, " ".join("%s=%d" % kv for kv in sorted(show[ds].items()))))
def at_once(ds):
    subs = sorted(first[ds], key=first[ds].get)
    return any(last[ds][a] > first[ds][b] for a, b in zip(subs, subs[1:]))
sys.exit(1 if any(at_once(ds) for ds in owners) else 0)
PY
owners() { python3 "$TEST_DIR/owners.py" "$TEST_DIR/sflow.jsonl" "$@"; }
# count DS ID [first|last]: counter samples of DS from sub-agent ID (0 if
# none), or the line of the first or last one (-1 if none).
count() {
    owners ${3:+"$3"} | awk -v ds="$1" -v who="/$2=" -v none="${3:+-1}" '
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
owners > /dev/null || fail "a data source from two sub-agents at once: $(owners | tr '\n' ';')"
# handed_over DS: ovs-vswitchd reports DS, and hsflowd's samples of it (if
# any) all came before ovs-vswitchd's first. Sets hs_last and ovs_first.
handed_over() {
    hs_last=$(count "$1" "$HS" last)
    ovs_first=$(count "$1" "$OVS_SUB" first)
    [ "$ovs_first" -ge 0 ] && [ "$hs_last" -lt "$ovs_first" ]
}
# only_shared DS...: no data source but DS... came from both sub-agents.
only_shared() {
    owners | awk -v keep=" $* " 'NF > 2 && index(keep, " " $1 " ") == 0 { bad = 1 } END { exit bad }'
}
handed_over "0:$LBR0" || fail "hsflowd sent lbr0 after ovs-vswitchd took it: $(owners last | tr '\n' ';')"
log "lbr0: $(count "0:$LBR0" "$HS") sample(s) from hsflowd before br0 had sFlow"
only_shared "0:$LBR0" || fail "a data source from two sub-agents: $(owners | tr '\n' ';')"
grep -q "ovs: ovs-vswitchd reports 4 interface(s)" "$TEST_DIR/hsflowd.log" \
    || fail "hsflowd did not log 4 interfaces: $(grep 'ovs:' "$TEST_DIR/hsflowd.log")"
pass "br0, h1, h2 from ovs-vswitchd only, lbr0 once br0 has sFlow; the host, lbr1, lbr2 from hsflowd only"

# lbr2 joins the bridge: from then on it is ovs-vswitchd's alone.
vsctl add-port br0 lbr2
wait_for 30 grep -q "ovs: ovs-vswitchd reports 5 interface(s)" "$TEST_DIR/hsflowd.log" \
    || fail "hsflowd did not learn lbr2: $(grep 'ovs:' "$TEST_DIR/hsflowd.log")"
n=$(count 2:1 "$HS")
moved() {
    [ "$(count "0:$LBR2" "$OVS_SUB")" -ge 3 ] && [ "$(count 2:1 "$HS")" -ge $((n + 3)) ]
}
wait_for 60 moved || fail "lbr2 not reported by ovs-vswitchd, or host counters stopped: $(owners)"
moved_ok=0; handed_over "0:$LBR2" || moved_ok=1
log "lbr2: hsflowd's last sample on line $hs_last, ovs-vswitchd's first on line $ovs_first"
[ "$moved_ok" = 0 ] || fail "hsflowd still sent lbr2 after ovs-vswitchd took it"
owners > /dev/null && only_shared "0:$LBR0" "0:$LBR2" \
    || fail "a data source from two sub-agents: $(owners | tr '\n' ';')"
pass "lbr2, added to the bridge, passed from hsflowd to ovs-vswitchd"

# An operator sees the same in hsflowd/show.
show=$(ovs-appctl --timeout=20 -t "$TEST_DIR/hsflowd.ctl" hsflowd/show) || fail "hsflowd/show failed"
printf '%s\n' "$show" | grep -qF "ovs: $OVS_DB, in sync; 5 interface(s) left to ovs-vswitchd: br0($BR0) h1($H1) h2($H2) lbr0($LBR0) lbr2($LBR2)" \
    || fail "hsflowd/show: $(printf '%s\n' "$show" | grep '^ovs')"
pass "hsflowd/show lists the interfaces left to ovs-vswitchd"
