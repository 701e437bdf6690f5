# Shared set-up for the pcap sampling tests (sourced after harness.sh): a
# Proxmox-style host in a namespace of its own ($BR) with a Linux bridge
# vmbr0, "VMs" in namespaces joined to it by veth pairs named as Proxmox
# names its ports (tap<vmid>i0 on the bridge side, eth0 inside), a collector
# (sflowdump -j) on the host namespace's loopback, and hsflowd there.
#
#   pcap_host                   # $BR with vmbr0 up, IPv6 off (no stray frames)
#   pcap_vm VMID                # $BR's tap<VMID>i0 <-> eth0 of sft$UNIQ-vm<VMID>, 10.78.0.<VMID>/24
#   pcap_collector              # sflowdump -j on 127.0.0.1:6343 in $BR
#   pcap_hsflowd                # hsflowd -f $TEST_DIR/hsflowd.conf in $BR
#   pcap_wait_port NAME         # until hsflowd's packet socket is bound to NAME
#   in_vm VMID CMD...           # run CMD in the VM's namespace
#   ifindex NAME / rx NAME      # ifindex / rx_packets of a device in $BR
#   pcap_summary IFINDEX SRC DST  # key=value lines about the flow samples of 0:IFINDEX

require_root
require_cmd python3 sflowdump

BR="sft$UNIQ-br"
CPORT=6343          # tcpdump decodes sFlow on its own port only

pcap_host() {
    ip netns add "$BR"
    at_exit "ns_delete $BR"
    ip netns exec "$BR" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1
    ip -n "$BR" link set lo up
    ip -n "$BR" link add vmbr0 type bridge
    ip -n "$BR" link set vmbr0 up
}

vm_ns() { echo "sft$UNIQ-vm$1"; }
in_vm() { _v=$1; shift; ip netns exec "$(vm_ns "$_v")" "$@"; }

pcap_vm() {
    _ns=$(vm_ns "$1")
    ip netns add "$_ns"
    at_exit "ns_delete $_ns"
    ip netns exec "$_ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1
    ip -n "$_ns" link set lo up
    ip -n "$BR" link add "tap${1}i0" type veth peer name eth0 netns "$_ns"
    ip -n "$_ns" addr add "10.78.0.$1/24" dev eth0
    ip -n "$_ns" link set eth0 up
    ip -n "$BR" link set "tap${1}i0" master vmbr0
    ip -n "$BR" link set "tap${1}i0" up
}

# pcap_neigh A B: static ARP entries between VMs A and B (no ARP to wait for).
pcap_neigh() {
    _ma=$(in_vm "$1" cat /sys/class/net/eth0/address)
    _mb=$(in_vm "$2" cat /sys/class/net/eth0/address)
    in_vm "$1" ip neigh replace "10.78.0.$2" lladdr "$_mb" dev eth0 nud permanent
    in_vm "$2" ip neigh replace "10.78.0.$1" lladdr "$_ma" dev eth0 nud permanent
}

ifindex() { ip netns exec "$BR" cat "/sys/class/net/$1/ifindex"; }
rx() { ip netns exec "$BR" cat "/sys/class/net/$1/statistics/rx_packets"; }

pcap_collector() {
    ip netns exec "$BR" sflowdump -j -b 127.0.0.1 -p "$CPORT" \
        > "$TEST_DIR/sflow.jsonl" 2> "$TEST_DIR/sflowdump.log" &
    echo $! > "$TEST_DIR/sflowdump.pid"
    at_exit "kill_pidfile $TEST_DIR/sflowdump.pid"
    wait_for 10 sh -c "ip netns exec $BR ss -Hnlu | grep -q ':$CPORT'" \
        || fail "sflowdump did not start"
}

pcap_hsflowd() {
    ip netns exec "$BR" hsflowd -d -f "$TEST_DIR/hsflowd.conf" -a "$TEST_DIR/hsflowd.auto" \
        -p "$TEST_DIR/hsflowd.pid" > "$TEST_DIR/hsflowd.log" 2>&1 &
    at_exit "kill_pidfile $TEST_DIR/hsflowd.pid"
    wait_for 10 test -s "$TEST_DIR/hsflowd.pid" || fail "hsflowd wrote no pid file"
}

# packet_inode NAME: the inode of the packet socket bound to NAME in $BR
# (/proc/net/packet: Iface is the ifindex); empty when there is none.
packet_inode() {
    _i=$(ifindex "$1")
    ip netns exec "$BR" awk -v i="$_i" 'NR > 1 && $5 == i { print $NF }' /proc/net/packet
}
pcap_wait_port() {
    wait_for "${2:-20}" sh -c "[ -n \"\$(ip netns exec $BR awk -v i=$(ifindex "$1") 'NR > 1 && \$5 == i' /proc/net/packet)\" ]" \
        || fail "hsflowd opened no packet socket on $1: $(tail -n 5 "$TEST_DIR/hsflowd.log")"
}

# pcap_summary IFINDEX SRC DST [FROM-LINE]: over the flow samples of data
# source 0:IFINDEX (in datagrams from line FROM-LINE of the collector's
# output on): samples=, udp= (samples of UDP from SRC to DST port 9),
# rates=, max_pool=, max_drops=, pools_ok=, inputs=, out_udp= (output
# ifIndex values of the udp samples, with counts), frames= (frame lengths
# of the udp samples), bad= (records not Ethernet or not decoded).
pcap_summary() {
    python3 - "$TEST_DIR/sflow.jsonl" "$1" "$2" "$3" "${4:-1}" <<'PY'
import collections, json, re, sys
path, ifindex, src, dst, first = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
want = r"ipv4 %s>%s .* udp \d+>9\b" % (re.escape(src), re.escape(dst))
lines = open(path).readlines()[first - 1:]
flows = [s for l in lines for s in json.loads(l).get("samples", [])
         if s.get("format") in (1, 3) and s.get("source_class") == 0
         and s.get("source_index") == ifindex]
recs = [(s, r) for s in flows for r in s.get("records", [])]
ok = [(s, r) for s, r in recs
      if r.get("format") == 1 and r.get("protocol") == 1
      and r.get("decoded", "").startswith("eth ")]
bad = len(recs) - len(ok)
udps = [(s, r) for s, r in ok if re.search(want, r["decoded"])]
n, udp = len(flows), len(udps)
rates = {s["sampling_rate"] for s in flows}
inputs = {s["input"]["value"] for s in flows}
pools = [s["sample_pool"] for s in flows]
drops = [s["drops"] for s in flows]
outs = collections.Counter(s["output"]["value"] for s, _ in udps)
frames = {r["frame_length"] for _, r in udps}
def fmt(s):
    return ",".join(str(x) for x in sorted(s)) or "-"
summary = [
    ("samples", n), ("udp", udp), ("rates", fmt(rates)),
    ("max_pool", max(pools, default=0)), ("max_drops", max(drops, default=0)),
    ("pools_ok", int(pools == sorted(pools) and drops == sorted(drops))),
    ("inputs", fmt(inputs)),
    ("out_udp", ",".join("%d:%d" % kv for kv in sorted(outs.items()))),
    ("frames", fmt(frames)), ("bad", bad),
]
for key, value in summary:
    print("%s=%s" % (key, value))
PY
}

get() {
    printf '%s\n' "$SUMMARY" | sed -n "s/^$1=//p"
}

# binomial PACKETS RATE SAMPLES: within mean +- 5 sigma.
binomial() {
    python3 - "$@" <<'PY'
import math, sys
n, rate, k = (int(x) for x in sys.argv[1:])
p = 1.0 / rate
mean, sigma = n * p, math.sqrt(n * p * (1 - p))
print("# %d samples of %d packets at 1-in-%d: expected %.0f +- %.1f" % (k, n, rate, mean, sigma),
      file=sys.stderr)
sys.exit(0 if abs(k - mean) <= 5 * sigma else 1)
PY
}
