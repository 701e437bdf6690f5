# Shared set-up for the NFLOG integration tests (sourced after harness.sh):
# two namespaces joined by a veth pair, a collector (sflowdump -j) in the
# first, the NFLOG receiver and the iptables rules in the second (NFLOG is
# per network namespace), and a summary of the flow samples collected.
#
#   nflog_pair                 # $NSA (10.77.0.1) <-> $NSB (10.77.0.2), $IFB
#   collector_start            # sflowdump -j in $NSA on 10.77.0.1:$CPORT
#   receiver_start ARGS...     # tests/tools/nflog-check in $NSB, sending to it
#   receiver_stop              # SIGTERM, wait; its counters in $TEST_DIR/stats
#   hsflowd_start GROUP        # hsflowd -f $TEST_DIR/hsflowd.conf in $NSB, bound
#                              # (control socket $TEST_DIR/hsflowd.ctl)
#   flow_summary IFINDEX       # key=value lines about the flow samples
#   receiver_stat KEY          # a counter from $TEST_DIR/stats
#   rule_packets CHAIN N       # packet counter of rule N of CHAIN in $NSB

require_root
require_cmd iptables python3 sflowdump

NSA="sft$UNIQ-a"
NSB="sft$UNIQ-b"
CPORT=6343

nflog_pair() {
    ip netns add "$NSA"
    at_exit "ns_delete $NSA"
    ip netns add "$NSB"
    at_exit "ns_delete $NSB"
    ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB"
    ip -n "$NSA" addr add 10.77.0.1/24 dev eth0
    ip -n "$NSB" addr add 10.77.0.2/24 dev eth0
    for n in "$NSA" "$NSB"; do
        ip -n "$n" link set lo up
        ip -n "$n" link set eth0 up
    done
    IFB=$(ip netns exec "$NSB" cat /sys/class/net/eth0/ifindex)
    # Static neighbours: no ARP exchange to wait for.
    maca=$(ip netns exec "$NSA" cat /sys/class/net/eth0/address)
    macb=$(ip netns exec "$NSB" cat /sys/class/net/eth0/address)
    ip -n "$NSA" neigh replace 10.77.0.2 lladdr "$macb" dev eth0 nud permanent
    ip -n "$NSB" neigh replace 10.77.0.1 lladdr "$maca" dev eth0 nud permanent
}

collector_start() {
    ip netns exec "$NSA" sflowdump -j -b 10.77.0.1 -p "$CPORT" \
        > "$TEST_DIR/sflow.jsonl" 2> "$TEST_DIR/sflowdump.log" &
    echo $! > "$TEST_DIR/sflowdump.pid"
    at_exit "kill_pidfile $TEST_DIR/sflowdump.pid"
    wait_for 10 sh -c "ip netns exec $NSA ss -Hnlu | grep -q ':$CPORT'" \
        || fail "sflowdump did not start"
}

receiver_start() {
    ip netns exec "$NSB" "$top_builddir/tests/tools/nflog-check" -c "10.77.0.1:$CPORT" \
        -s "$TEST_DIR/stats" "$@" 2> "$TEST_DIR/nflog-check.log" &
    RECEIVER_PID=$!
    echo "$RECEIVER_PID" > "$TEST_DIR/nflog-check.pid"
    at_exit "kill_pidfile $TEST_DIR/nflog-check.pid"
    wait_for 10 grep -q ready "$TEST_DIR/nflog-check.log" \
        || fail "nflog-check did not start: $(cat "$TEST_DIR/nflog-check.log")"
}

receiver_stop() {
    kill -TERM "$RECEIVER_PID"
    wait "$RECEIVER_PID" || fail "nflog-check exited with $?"
    rm -f "$TEST_DIR/nflog-check.pid"
    [ -s "$TEST_DIR/stats" ] || fail "nflog-check wrote no counters"
    log "receiver: $(cat "$TEST_DIR/stats")"
}

# hsflowd_start GROUP: hsflowd with $TEST_DIR/hsflowd.conf in $NSB, until
# GROUP shows a listener in the namespace's nfnetlink_log.
hsflowd_start() {
    ip netns exec "$NSB" hsflowd -d -f "$TEST_DIR/hsflowd.conf" -a "$TEST_DIR/hsflowd.auto" \
        -p "$TEST_DIR/hsflowd.pid" --unixctl "$TEST_DIR/hsflowd.ctl" \
        > "$TEST_DIR/hsflowd.log" 2>&1 &
    at_exit "kill_pidfile $TEST_DIR/hsflowd.pid"
    wait_for 30 sh -c "ip netns exec $NSB awk '\$1 == $1 && \$2 != 0' /proc/net/netfilter/nfnetlink_log | grep -q ." \
        || fail "hsflowd did not bind NFLOG group $1"
    wait_for 5 test -s "$TEST_DIR/hsflowd.pid" || fail "hsflowd wrote no pid file"
}

receiver_stat() {
    tr ' ' '\n' < "$TEST_DIR/stats" | sed -n "s/^$1=//p"
}

rule_packets() {
    ip netns exec "$NSB" iptables -L "$1" -v -x -n | awk -v n="$2" 'NR == n + 2 { print $1 }'
}

# flow_summary IFINDEX [PROTOCOL-SUBSTRING]: over the flow samples of data
# source 0:IFINDEX, prints samples=, rates= (distinct), max_pool=, max_drops=,
# pools_ok= (pools never go backwards), inputs=, outputs= (distinct),
# protocols=, frames=, icmp= (records whose decoded header says so),
# other_sources= (flow samples of other data sources).
flow_summary() {
    python3 - "$TEST_DIR/sflow.jsonl" "$1" <<'PY'
import json, sys
path, ifindex = sys.argv[1], int(sys.argv[2])
n = other = icmp = 0
rates, inputs, outputs, protos, frames = set(), set(), set(), set(), set()
pools, drops = [], []
for line in open(path):
    d = json.loads(line)
    for s in d.get("samples", []):
        if s.get("format") not in (1, 3):
            continue
        if s.get("source_class") != 0 or s.get("source_index") != ifindex:
            other += 1
            continue
        n += 1
        rates.add(s["sampling_rate"])
        pools.append(s["sample_pool"])
        drops.append(s["drops"])
        inputs.add(s["input"]["value"])
        outputs.add(s["output"]["value"])
        for r in s.get("records", []):
            if r.get("format") == 1:
                protos.add(r["protocol"])
                frames.add((r["frame_length"], r["stripped"]))
                if "icmp echo-request" in r.get("decoded", ""):
                    icmp += 1
def fmt(s):
    return ",".join(str(x) for x in sorted(s)) or "-"
print("samples=%d" % n)
print("other_sources=%d" % other)
print("rates=%s" % fmt(rates))
print("max_pool=%d" % (max(pools) if pools else 0))
print("max_drops=%d" % (max(drops) if drops else 0))
print("pools_ok=%d" % int(pools == sorted(pools) and drops == sorted(drops)))
print("pools=%s" % ",".join(str(p) for p in pools[:50]))
print("inputs=%s" % fmt(inputs))
print("outputs=%s" % fmt(outputs))
print("protocols=%s" % fmt(protos))
print("frames=%s" % fmt("%d/%d" % f for f in frames))
print("icmp=%d" % icmp)
PY
}

# get KEY: a value from the last flow_summary output saved in $SUMMARY.
get() {
    printf '%s\n' "$SUMMARY" | sed -n "s/^$1=//p"
}

# wait_samples N IFINDEX: until the collector has N flow samples of IFINDEX.
wait_samples() {
    wait_for "${3:-10}" sh -c "[ \"\$(python3 -c '
import json,sys
n=0
for l in open(sys.argv[1]):
    for s in json.loads(l).get(\"samples\",[]):
        if s.get(\"format\") in (1,3) and s.get(\"source_index\")==int(sys.argv[2]): n+=1
print(n)' $TEST_DIR/sflow.jsonl $2)\" -ge $1 ]"
}

# proc_stopped PID: PID is in the stopped state (T) after SIGSTOP.
proc_stopped() {
    [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" = T ]
}

# rule_settled CHAIN N: the packet counter of rule N of CHAIN no longer
# moves (three equal reads in a row, within 20; the readings spawn
# iptables, so they are spread out) and the namespace's NFLOG queues are flushed (qlen,
# column 3 of nfnetlink_log, 0 in every group): all that reached the rule
# has been logged and handed to (or dropped by) the netlink sockets.
rule_settled() {
    prev=x same=0 reads=0
    while [ "$same" -lt 3 ]; do
        reads=$((reads + 1))
        [ "$reads" -le 20 ] || return 1
        cur=$(rule_packets "$1" "$2")
        if [ "$cur" = "$prev" ]; then same=$((same + 1)); else same=1 prev=$cur; fi
    done
    ip netns exec "$NSB" awk '$3 != 0 { busy = 1 } END { exit busy }' \
        /proc/net/netfilter/nfnetlink_log
}

# nflog_drops: kernel drop count (messages) of the namespace's
# NETLINK_NETFILTER (family 12) sockets, column 9 of /proc/net/netlink.
nflog_drops() {
    ip netns exec "$NSB" awk '$2 == 12 && $9 > 0 { d += $9 } END { print d + 0 }' \
        /proc/net/netlink
}

# nflog_drained: no NETLINK_NETFILTER socket of the namespace holds unread
# messages (Rmem, column 5, is 0).
nflog_drained() {
    ip netns exec "$NSB" awk '$2 == 12 && $5 != 0 { busy = 1 } END { exit busy }' \
        /proc/net/netlink
}

# sample_pool_at N IFINDEX: the last flow sample of IFINDEX has a sample
# pool of at least N (every logged packet is accounted for).
sample_pool_at() {
    python3 - "$TEST_DIR/sflow.jsonl" "$2" "$1" <<'PY'
import json, sys
pool = 0
for l in open(sys.argv[1]):
    for s in json.loads(l).get("samples", []):
        if s.get("format") in (1, 3) and s.get("source_index") == int(sys.argv[2]):
            pool = max(pool, s["sample_pool"])
sys.exit(0 if pool >= int(sys.argv[3]) else 1)
PY
}

# overrun_flood PID: stops PID (the receiver) and waits until it is stopped,
# floods 20,000 packets through the probability-1 rule (rule 1 of INPUT),
# waits until the rule's counter settles and the NFLOG queues are flushed,
# reads the kernel's drop count of the namespace's NFLOG sockets into
# $KDROPS (messages), resumes PID, waits until it has drained its socket,
# then sends a few packets slowly so that their sequence numbers reveal all
# that was lost, and waits until the samples account for them; $LOGGED is
# what the rule logged. Every step waits for a condition: on a loaded
# machine the softirq that runs the rule and the flush timer lag behind.
overrun_flood() {
    kill -STOP "$1"
    wait_for 30 proc_stopped "$1" || { kill -CONT "$1"; fail "receiver $1 did not stop"; }
    ip netns exec "$NSA" "$top_builddir/tests/tools/nflog-blast" 10.77.0.2 9 20000 64 \
        > "$TEST_DIR/blast.txt" || { kill -CONT "$1"; fail "blaster failed"; }
    log "blast: $(cat "$TEST_DIR/blast.txt")"
    wait_for 60 rule_settled INPUT 1 || { kill -CONT "$1"; fail "the flood was not all logged"; }
    KDROPS=$(nflog_drops)
    log "logged while stopped: $(rule_packets INPUT 1), kernel message drops: $KDROPS"
    kill -CONT "$1"
    wait_for 60 nflog_drained || fail "the receiver did not drain its socket"
    ip netns exec "$NSA" "$top_builddir/tests/tools/nflog-blast" 10.77.0.2 9 20 64 200 >/dev/null
    wait_for 60 rule_settled INPUT 1 || fail "the last packets were not all logged"
    LOGGED=$(rule_packets INPUT 1)
    wait_for 60 sample_pool_at "$LOGGED" "$IFB" || log "samples never reached pool $LOGGED"
}

# overrun_verify: the flow samples account for every logged packet: samples +
# drops = logged, drops at least the kernel's message drops and at most 128
# packets (one batch) per message, pools and drops never go backwards.
overrun_verify() {
    SUMMARY=$(flow_summary "$IFB")
    log "$(printf '%s\n' "$SUMMARY" | grep -v '^pools=')"
    n=$(get samples)
    drops=$(get max_drops)
    log "logged by the rule: $LOGGED, samples: $n, drops reported: $drops, kernel message drops: $KDROPS"
    [ "$KDROPS" -gt 0 ] || fail "the kernel dropped nothing: no overrun to test"
    [ "$drops" -gt 0 ] || fail "samples report no drops"
    [ "$drops" -ge "$KDROPS" ] || fail "$drops drops reported, fewer than the $KDROPS the kernel dropped"
    [ "$drops" -le $((KDROPS * 128)) ] || fail "$drops drops reported, more than $KDROPS batches hold"
    [ $((n + drops)) = "$LOGGED" ] || fail "$n samples + $drops drops != $LOGGED logged"
    [ "$(get pools_ok)" = 1 ] || fail "sample pool or drops went backwards"
    [ "$(get max_pool)" = "$LOGGED" ] || fail "sample pool $(get max_pool), want $LOGGED"
}
