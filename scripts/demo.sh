#!/bin/sh
# The demo: runs the product end to end on this machine, on a private Open
# vSwitch that lives in a temp dir and its own network namespaces (the
# system's OVS, if any, is never touched), and shows what an operator sees.
# Usage: scripts/demo.sh [--no-deps]      (as root)
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
if [ "${1:-}" != --no-deps ]; then
    scripts/install-deps.sh
fi
if [ ! -x build-demo/src/sflowdump/sflowdump ] || [ -n "$(find src ovsdb -newer build-demo/Makefile 2>/dev/null | head -1)" ]; then
    [ -x configure ] || autoreconf -fi
    mkdir -p build-demo
    (cd build-demo && "$top/configure" -q && make -s -j"$(nproc)")
fi
top_srcdir=$top
top_builddir=$top/build-demo
. "$top/tests/lib/harness.sh"
require_root

step() { printf '\n==== %s\n' "$*"; }

step "private Open vSwitch (ovsdb-server + ovs-vswitchd, netdev datapath) in $TEST_DIR"
ovs_start --vswitchd
add_netdev_bridge xenbr0
ns_host vm1 10.10.0.1/24 xenbr0
ns_host vm2 10.10.0.2/24 xenbr0
COLLECTOR_PORT=6343

step "collector: sflowdump on 127.0.0.1:$COLLECTOR_PORT"
# One line per record; malformed datagrams would be reported in sflowdump.log.
in_ovs_ns_bg sflowdump sflowdump -p "$COLLECTOR_PORT" > "$TEST_DIR/sflow.txt" 2> "$TEST_DIR/sflowdump.log"

step "hsflowd: host counters to the collector, resolved settings to hsflowd.auto"
# The bridge holds the host's address, as xenbr0 does on XCP: hsflowd picks it
# as the agent address.
ip -n "$OVS_NS" addr add 10.10.0.254/24 dev xenbr0
ip -n "$OVS_NS" link set xenbr0 up
cat > "$TEST_DIR/hsflowd.conf" <<EOF
# /etc/hsflowd.conf for the demo (block form; the flat form works too)
sflow {
  DNSSD = off
  polling = 2
  sampling = 1
  collector { ip = 127.0.0.1 udpport = $COLLECTOR_PORT }
  ovs { dbsock = $OVS_DB }
  nflog { group = 5 probability = 1 }
}
# VMs through libvirt: the test driver's node stands in for qemu:///system
kvm { uri = test://$top/tests/data/virt-node.xml }
EOF
cat "$TEST_DIR/hsflowd.conf"
in_ovs_ns hsflowd -t -f "$TEST_DIR/hsflowd.conf" -a "$TEST_DIR/hsflowd.auto" | grep "agent address"
in_ovs_ns hsflowd -d -f "$TEST_DIR/hsflowd.conf" -a "$TEST_DIR/hsflowd.auto" \
    -p "$TEST_DIR/hsflowd.pid" --unixctl "$TEST_DIR/hsflowd.ctl" > "$TEST_DIR/hsflowd.log" 2>&1 &
at_exit "kill_pidfile $TEST_DIR/hsflowd.pid"
wait_for 10 test -s "$TEST_DIR/hsflowd.auto" || echo "hsflowd wrote no hsflowd.auto (see $TEST_DIR/hsflowd.log)"
cat "$TEST_DIR/hsflowd.auto"

step "sflowovsd attaches sFlow to every bridge, from hsflowd.auto"
add_netdev_bridge xapi1
sflowovsd --db "$OVS_DB" --auto-file "$TEST_DIR/hsflowd.auto" --exclude br-ex \
    --unixctl "$TEST_DIR/sflowovsd.ctl" \
    --pidfile "$TEST_DIR/sflowovsd.pid" --log-file "$TEST_DIR/sflowovsd.log" -v &
at_exit "kill_pidfile $TEST_DIR/sflowovsd.pid"
attached() { [ "$(vsctl --bare get bridge xapi1 sflow)" != "[]" ]; }
wait_for 10 attached || echo "sflowovsd did not attach sFlow (see $TEST_DIR/sflowovsd.log)"
for b in xenbr0 xapi1; do echo "$b: sflow=$(vsctl get bridge "$b" sflow)"; done
# One transaction: the row, then one conditional update for all the bridges
# without sFlow (the same two operations for 2 bridges or 10,000).
grep -o 'transaction [0-9]* sent: .*' "$TEST_DIR/sflowovsd.log" | head -n 1

step "traffic: vm1 pings vm2"
sleep 1
in_host vm1 ping -c 5 -i 0.2 10.10.0.2

sleep 3
step "ovs-vswitchd's packet samples of the ping, as sflowdump decodes them (header hex left out)"
grep "flow_sample .* sampled_header .*icmp echo" "$TEST_DIR/sflow.txt" | head -n 4 | \
    sed -e 's/ header=[0-9a-f]*//' -e 's/^agent=[^ ]* seq=[0-9]* //'
step "ovs-vswitchd's interface counters (data source 0:ifIndex) with the port's name, and its datapath"
for ds in $(grep -o "counters_sample source=0:[0-9]* " "$TEST_DIR/sflow.txt" | sort -u | head -n 2 | cut -d' ' -f2); do
    for rec in port_name if_counters; do
        grep "$ds .* $rec " "$TEST_DIR/sflow.txt" | tail -n 1 | \
            sed 's/^agent=[^ ]* seq=[0-9]* //' | cut -c1-200
    done
done
grep " ovs_dp_stats " "$TEST_DIR/sflow.txt" | tail -n 1 | sed 's/^agent=[^ ]* seq=[0-9]* //'
# One owner per data source: hsflowd (ovs { }) leaves the bridges' ports to ovs-vswitchd.
echo "hsflowd: $(grep -o 'ovs: ovs-vswitchd reports.*' "$TEST_DIR/hsflowd.log" | tail -n 1)"
echo "malformed datagrams reported by sflowdump: $(grep -c '^sflowdump: malformed' "$TEST_DIR/sflowdump.log" || true)"

step "hsflowd's host counters as the collector decoded them (data source 2:1)"
wait_for 10 grep -q "source=2:1" "$TEST_DIR/sflow.txt" || echo "no host counters yet (see $TEST_DIR/hsflowd.log)"
for rec in host_descr host_cpu host_memory host_disk_io; do
    grep "source=2:1 .* $rec " "$TEST_DIR/sflow.txt" | tail -n 1 | \
        sed 's/.*sample_seq=\([0-9]*\) /sample_seq=\1 /' | cut -c1-150
done

step "hsflowd follows the host's interfaces from rtnetlink: a bridge added is polled at once"
# No walk of /sys/class/net: the kernel's link notifications say what came and went.
in_ovs_ns ip link add demobr0 type bridge
in_ovs_ns ip link set demobr0 up
BIDX=$(in_ovs_ns cat /sys/class/net/demobr0/ifindex)
if wait_for 10 grep -q "source=0:$BIDX .* if_counters " "$TEST_DIR/sflow.txt"; then
    grep "source=0:$BIDX .* if_counters " "$TEST_DIR/sflow.txt" | tail -n 1 | \
        sed "s/.*sample_seq=[0-9]* /demobr0 source=0:$BIDX /" | cut -c1-150
else
    echo "no counters for demobr0 yet (see $TEST_DIR/hsflowd.log)"
fi
in_ovs_ns ip link del demobr0

step "VMs from libvirt: one data source 3:N per running or paused domain, virt_node on 2:1"
# tests/data/virt-node.xml: web1 and cache1 running, db1 paused, off1 shut off.
wait_for 10 grep -q "source=3:" "$TEST_DIR/sflow.txt" || echo "no VM counters yet (see $TEST_DIR/hsflowd.log)"
grep "source=2:1 .* virt_node " "$TEST_DIR/sflow.txt" | tail -n 1 | sed 's/.*sample_seq=[0-9]* /source=2:1 /'
for ds in $(grep -o "source=3:[0-9]*" "$TEST_DIR/sflow.txt" | sort -u); do
    for rec in host_descr host_adaptors host_parent virt_cpu virt_memory virt_disk_io; do
        grep "$ds .* $rec " "$TEST_DIR/sflow.txt" | tail -n 1 | \
            sed "s/.*sample_seq=[0-9]* /$ds /" | cut -c1-150
    done
done

step "ovs-vsctl list sflow"
vsctl list sflow

step "ovs-appctl asks the daemons: sflowovsd/show (one bridge excluded, one with an operator's row)"
vsctl add-br br-ex -- set bridge br-ex datapath_type=netdev
vsctl -- --id=@s create sflow agent=lo targets='"127.0.0.9:6343"' sampling=64 \
    -- add-br br-op -- set bridge br-op datapath_type=netdev sflow=@s > /dev/null
shown() { ovs-appctl -t "$TEST_DIR/sflowovsd.ctl" sflowovsd/show | grep -q '"br-op": operator'; }
wait_for 10 shown || true
ovs-appctl -t "$TEST_DIR/sflowovsd.ctl" sflowovsd/show
vsctl del-br br-ex -- del-br br-op
step "ovs-appctl -t hsflowd.ctl hsflowd/show"
ovs-appctl -t "$TEST_DIR/hsflowd.ctl" hsflowd/show | cut -c1-150

step "NFLOG packet sampling: iptables logs to group 5, hsflowd turns it into flow samples"
# The rules come from hsflowd.conf, so group and probability always match it.
rules() {
    in_ovs_ns "$top/scripts/hsflowd-nflog-rules" -f "$TEST_DIR/hsflowd.conf" \
        --chains INPUT --match "-i xenbr0" "$@"
}
rules
rules --apply >/dev/null
in_host vm1 ping -c 3 -i 0.2 10.10.0.254 | tail -n 2
XIDX=$(in_ovs_ns cat /sys/class/net/xenbr0/ifindex)
logged=$(in_ovs_ns iptables -L INPUT -v -x -n | awk 'NR == 3 { print $1 }')
nflog_samples() { [ "$(grep -c "flow_sample source=0:$XIDX " "$TEST_DIR/sflow.txt")" -ge "$logged" ]; }
wait_for 10 nflog_samples || echo "fewer NFLOG flow samples than logged packets (see $TEST_DIR/hsflowd.log)"
echo "the rule logged $logged packets; hsflowd sent $(grep -c "flow_sample source=0:$XIDX " "$TEST_DIR/sflow.txt") flow samples"
echo "flow samples from hsflowd for xenbr0 (data source 0:$XIDX; header hex left out):"
grep "flow_sample source=0:$XIDX " "$TEST_DIR/sflow.txt" | tail -n 3 | \
    sed -e 's/ header=[0-9a-f]*//' -e 's/^agent=[^ ]* seq=[0-9]* //'

step "DNS-SD: the same settings from _sflow._udp SRV + TXT records (dnsmasq on 127.0.0.1)"
DNS_PORT=$(free_udp_port)
dnsmasq_start "$DNS_PORT" --local-ttl=10 \
    --srv-host=_sflow._udp.demo.lan,collector.demo.lan,"$COLLECTOR_PORT" \
    --host-record=collector.demo.lan,127.0.0.1 \
    --txt-record=_sflow._udp.demo.lan,"txtvers=1","sampling=4","polling=5","headerBytes=128","agent=lo"
# hsflowd restarted with DNS-SD on: the fleet's settings now come from DNS.
# (It waits a random 0-30 s before its first query so that a fleet does not
# query in lockstep; the demo sets that delay to 0. dnsmasq listens on the
# host's loopback, so this hsflowd runs there.)
kill_pidfile "$TEST_DIR/hsflowd.pid"
cat > "$TEST_DIR/hsflowd-dnssd.conf" <<EOF
sflow {
  DNSSD = on
  dns-sd { domain = demo.lan server = 127.0.0.1:$DNS_PORT }
}
EOF
cat "$TEST_DIR/hsflowd-dnssd.conf"
HSFLOWD_DNSSD_START_DELAY_MS=0 hsflowd -d -f "$TEST_DIR/hsflowd-dnssd.conf" \
    -a "$TEST_DIR/hsflowd.auto" -p "$TEST_DIR/hsflowd.pid" > "$TEST_DIR/hsflowd-dnssd.log" 2>&1 &
dns_written() { grep -qx 'sampling=4' "$TEST_DIR/hsflowd.auto"; }
wait_for 15 dns_written || echo "hsflowd wrote no DNS settings (see $TEST_DIR/hsflowd-dnssd.log)"
grep 'DNS-SD' "$TEST_DIR/hsflowd-dnssd.log" | tail -n 1 | cut -c1-160
cat "$TEST_DIR/hsflowd.auto"
dns_applied() { vsctl --bare --columns=sampling list sflow | grep -qx 4; }
wait_for 10 dns_applied && echo "sflowovsd applied sampling=4 from DNS" \
    || echo "sflowovsd did not apply the DNS settings (see $TEST_DIR/sflowovsd.log)"
vsctl --columns=sampling,polling,targets list sflow

step "A config written for the older Host sFlow agent: accepted as is, notices for what has no effect"
cat > "$TEST_DIR/hsflowd-older.conf" <<EOF
sflow {
  DNSSD = off
  dns-sd { server = 127.0.0.1:$DNS_PORT }
  counterPollingInterval = 20
  packetSamplingRate = 400
  collector { ip = collector.demo.lan udpport = $COLLECTOR_PORT }
  agent.cidr = 10.0.0.0/8
  agent.cidr = 127.0.0.0/8
  uuid = 3d1219c7-c4c5-404a-aa1f-6d2a48adfda4
  kvm { refreshVMs = 60 }
  xen { update.dominfo = on }
  jsonPort = 36343
  docker { }
}
EOF
hsflowd -t -f "$TEST_DIR/hsflowd-older.conf" -a "$TEST_DIR/older.auto" 2>&1 \
    | grep -e 'no effect' -e '^# collector' -e '^collector=' -e '^# agent address' -e '^uuid' \
    | cut -c1-160

step "ovsdb-server killed (kill -9) and restarted: sflowovsd reconnects, resyncs, keeps sFlow"
synced_count() { grep -c ': synced' "$TEST_DIR/sflowovsd.log" || true; }
n_synced=$(synced_count)
ovsdb_stop_hard
ovsdb_start
resynced() { [ "$(synced_count)" -gt "$n_synced" ]; }
wait_for 15 resynced || echo "sflowovsd did not resync (see $TEST_DIR/sflowovsd.log)"
grep -E 'connected$|synced|reconnecting' "$TEST_DIR/sflowovsd.log" | tail -n 3 | cut -c1-150
ovs-appctl -t "$TEST_DIR/sflowovsd.ctl" sflowovsd/show | sed -n '1,4p'
for b in xenbr0 xapi1; do echo "$b: sflow=$(vsctl get bridge "$b" sflow)"; done
# One transaction: the row, then one conditional update for all the bridges
# without sFlow (the same two operations for 2 bridges or 10,000).
grep -o 'transaction [0-9]* sent: .*' "$TEST_DIR/sflowovsd.log" | head -n 1
vsctl --bare --columns=_uuid list sflow | grep -c . | sed 's/^/sFlow rows: /'

step "Files nobody else may write: a planted, world-writable hsflowd.auto is refused, the row stays"
printf 'rev_start=99\nsampling=1\nheader=256\ncollector=192.0.2.66\nrev_end=99\n' > "$TEST_DIR/planted"
chmod 0666 "$TEST_DIR/planted"
mv "$TEST_DIR/planted" "$TEST_DIR/hsflowd.auto"
planted_refused() { grep -q 'refused: writable by group or others' "$TEST_DIR/sflowovsd.log"; }
wait_for 10 planted_refused || echo "sflowovsd did not refuse the planted file"
grep 'refused' "$TEST_DIR/sflowovsd.log" | tail -n 1 | cut -c1-160
vsctl --columns=sampling,targets list sflow
if command -v systemd-analyze > /dev/null 2>&1; then
    for u in hsflowd sflowovsd; do
        systemd-analyze security --offline=true "$top_builddir/scripts/$u.service" 2>/dev/null \
            | grep 'Overall' || true
    done
fi

step "pcap sampling on a Proxmox VE style Linux bridge: vmbr0, VM ports tap100i0 and tap101i0, no iptables"
# The bridge and the "VMs" live in namespaces of their own; hsflowd samples
# every port named tap.*, 1 in 10 of the frames each receives, in the kernel.
. "$top/tests/pcap-lib.sh"
pcap_host
pcap_vm 100
pcap_vm 101
cat > "$TEST_DIR/hsflowd-pcap.conf" <<EOF
sflow {
  DNSSD = off
  polling = 0
  sampling = 10
  collector { ip = 127.0.0.1 udpport = 6343 }
  pcap { dev = tap.* }
}
EOF
cat "$TEST_DIR/hsflowd-pcap.conf"
ip netns exec "$BR" sflowdump -b 127.0.0.1 -p 6343 > "$TEST_DIR/pcap.txt" 2>&1 &
echo $! > "$TEST_DIR/pcap-dump.pid"
at_exit "kill_pidfile $TEST_DIR/pcap-dump.pid"
ip netns exec "$BR" hsflowd -d -f "$TEST_DIR/hsflowd-pcap.conf" -a "$TEST_DIR/hsflowd-pcap.auto" \
    -p "$TEST_DIR/hsflowd-pcap.pid" > "$TEST_DIR/hsflowd-pcap.log" 2>&1 &
at_exit "kill_pidfile $TEST_DIR/hsflowd-pcap.pid"
two_ports() { [ "$(grep -c 'pcap: sampling tap' "$TEST_DIR/hsflowd-pcap.log")" = 2 ]; }
wait_for 10 two_ports || echo "hsflowd opened no packet sockets (see $TEST_DIR/hsflowd-pcap.log)"
grep 'pcap: sampling' "$TEST_DIR/hsflowd-pcap.log" | sed 's/^[^ ]* //'
in_vm 100 ping -c 100 -i 0.01 -q 10.78.0.101 | tail -n 2
wait_for 5 grep -q "flow_sample" "$TEST_DIR/pcap.txt" || echo "no flow samples yet"
sleep 0.5
I100=$(ifindex tap100i0)
echo "VM ports: tap100i0 = 0:$I100, tap101i0 = 0:$(ifindex tap101i0); a few samples (header hex left out):"
grep "flow_sample" "$TEST_DIR/pcap.txt" | head -n 4 | \
    sed -e 's/ header=[0-9a-f]*//' -e 's/^agent=[^ ]* seq=[0-9]* //' | cut -c1-220
echo "tap100i0 received $(rx tap100i0) frames; its last sample: $(grep "flow_sample source=0:$I100 " \
    "$TEST_DIR/pcap.txt" | tail -n 1 | grep -oE '(rate|pool|drops)=[0-9]*' | tr '\n' ' ')"

# guest_records FILE N: the records of 3:N in sflowdump -j's FILE, one line each.
guest_records() {
    python3 "$top/tests/pve-expect.py" "$1" guest "$2" | python3 -c '
import json, sys
n, r = sys.argv[1], json.load(sys.stdin)
d, c, m, k, io = r["2000"], r["2101"], r["2102"], r["2103"], r["2104"]
print("3:%s host_descr hostname=%s uuid=%s os_name=%d" % (n, d["hostname"], d["uuid"], d["os_name"]))
print("3:%s host_adaptors %s  host_parent %d:%d" % (n, " ".join(r["2001"]["adaptor_list"]),
      r["2002"]["container_type"], r["2002"]["container_index"]))
print("3:%s virt_cpu state=%d cpuTime=%d nrVirtCpu=%d  virt_memory memory=%d maxMemory=%d"
      % (n, c["state"], c["cpuTime"], c["nrVirtCpu"], m["memory"], m["maxMemory"]))
print("3:%s virt_disk_io capacity=%d rd_req=%d rd_bytes=%d wr_req=%d wr_bytes=%d"
      % (n, k["capacity"], k["rd_req"], k["rd_bytes"], k["wr_req"], k["wr_bytes"]))
print("3:%s virt_net_io pkts_in=%d bytes_in=%d" % (n, io["pkts_in"], io["bytes_in"]))' "$2"
}

step "Proxmox VE host without libvirt: a QEMU VM and a container on vmbr0, hsflowd's pve { } block"
# A Proxmox-style host in a namespace: /etc/pve/local-style configs, a QEMU
# started the way qemu-server starts it (pid file, QMP socket, tap100i0), a
# container as a process in the cgroup lxc/<ctid> with veth<ctid>i0.
. "$top/tests/lib/pve.sh"
if command -v qemu-system-x86_64 >/dev/null; then
    pve_init
    pve_vm_conf 100 web100 6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e bc:24:11:00:01:00 rtl8139 <<'EOC'
cores: 2
memory: 64
ostype: l26
EOC
    pve_vm_start 100 || echo "QEMU did not start (see $TEST_DIR/qemu-100.log)"
    DEMO_CT=$((30000 + $$ % 10000))
    pve_ct_start "$DEMO_CT" bc:24:11:00:02:00 ct-demo
    # The container writes 2 MiB and reads 1 MiB (O_DIRECT, a loop device):
    # its cgroup counts it, hsflowd sends it in virt_disk_io.
    ct_io=""
    if pve_ct_disk_io "$DEMO_CT" > "$TEST_DIR/ct-io.txt"; then
        ct_io=$(cat "$TEST_DIR/ct-io.txt")
    else
        echo "no container block I/O: $(cat "$TEST_DIR/ct-io.txt")"
    fi
    grep -E '^(rootfs|mp[0-9]+):' "$PVE_CONF/lxc/$DEMO_CT.conf" | sed "s/^/  $DEMO_CT.conf: /"
    sed -n '1,9p' "$PVE_CONF/qemu-server/100.conf" | sed 's/^/  100.conf: /'
    wait_for 60 pve_qmp_ready 100 || echo "QMP of VM 100 does not answer"
    in_pve ip neigh replace 10.77.0.50 lladdr bc:24:11:00:09:09 dev vmbr0 nud permanent
    in_pve ping -c 5 -i 0.2 -W 1 10.77.0.50 >/dev/null 2>&1 || true
    pve_hsflowd pve 2
    sed -n '/^pve {/,/^}/p' "$TEST_DIR/pve.conf"
    disk_read() { python3 "$top/tests/pve-expect.py" "$TEST_DIR/pve.json" guest 100 | grep -q '"rd_bytes": [1-9]'; }
    wait_for 60 disk_read || echo "no disk reads of VM 100 yet (see $TEST_DIR/pve.log)"
    wait_for 20 python3 "$top/tests/pve-expect.py" "$TEST_DIR/pve.json" guest "$DEMO_CT" \
        || echo "no container counters yet (see $TEST_DIR/pve.log)"
    for n in 100 "$DEMO_CT"; do
        guest_records "$TEST_DIR/pve.json" "$n"
    done
    echo "QMP query-blockstats for VM 100: $(pve_qmp 100 query-blockstats | python3 -c '
import json, sys; print(" ".join("%s rd_operations=%d rd_bytes=%d" % (x["device"], x["stats"]["rd_operations"], x["stats"]["rd_bytes"]) for x in json.load(sys.stdin)))')"
    for f in $ct_io; do
        echo "container $DEMO_CT's cgroup, ${f##*/}: $(grep -E '^[0-9]+:[0-9]+ (Read|Write|rbytes)' "$f" | tr '\n' ' ')"
    done
else
    echo "qemu-system-x86_64 is not installed (scripts/install-deps.sh installs it)"
fi

step "XCP-ng / XenServer without libvirt: xen { } on a RECORDED host (this machine has no Xen)"
# What is recorded (tests/data/xen): the domain list and physinfo, answered
# in place of libxenctrl by tests/tools/hsflowd-xenrec (hsflowd linked with a
# recorded xen_ctl); xenstore, served to the real libxenstore by a stand-in
# xenstored; dom0's /proc/net/dev, /sys and tapdisk3's /dev/shm files.
if make -s -C "$top_builddir" tests/tools/hsflowd-xenrec > /dev/null 2>&1; then
    . "$top/tests/lib/xen.sh"
    xen_init
    xen_hsflowd xen 2
    three() { [ "$(python3 "$top/tests/xen-expect.py" "$TEST_DIR/xen.json" guests | wc -l)" = 3 ]; }
    wait_for 30 three || echo "the recorded guests did not arrive (see $TEST_DIR/xen.log)"
    grep "xen: " "$TEST_DIR/xen.log" || true
    python3 "$top/tests/xen-expect.py" "$TEST_DIR/xen.json" guests | while read -r name n state; do
        guest_records "$TEST_DIR/xen.json" "$n"
    done
    python3 "$top/tests/xen-expect.py" "$TEST_DIR/xen.json" check "$top/tests/data/xen/expect.json" \
        && echo "every figure equals the recording (tests/data/xen/expect.json)"
    ovs-appctl -t "$TEST_DIR/xen.ctl" hsflowd/show | grep -A1 "^VMs (Xen"
else
    echo "could not build tests/tools/hsflowd-xenrec"
fi
