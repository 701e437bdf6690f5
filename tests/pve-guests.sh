#!/bin/sh
# hsflowd with a pve { } block on a Proxmox-style host: two real QEMU VMs
# started the way qemu-server starts them (one running, one paused with -S)
# and one container (a process in a cgroup lxc/<ctid>, veth<ctid>i0). The
# collector must see 3:<vmid> / 3:<ctid> with the names, UUIDs, MACs (with
# the tap/veth ifIndex), vCPUs, memory and state of their configs, the disk
# counters QMP query-blockstats reports for the same VM (non-zero: SeaBIOS
# read the boot sector), the packets sent on each tap/veth as the guest's
# received packets, and virt_node on 2:1 counting the three guests. The
# container writes and reads a loop device of the test's own with O_DIRECT:
# its disk counters must be what its cgroup's own files say, and at least
# what it wrote and read; its capacity is the config's rootfs + mount point.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/pve.sh"
EXPECT="$top_srcdir/tests/pve-expect.py"
pve_init

CT=$((20000 + $$ % 10000))
pve_vm_conf 101 web1 7c3f2a10-5b1e-4d2a-9c4e-0a1b2c3d4e01 BC:24:11:00:01:01 rtl8139 <<'EOC'
cores: 2
memory: 64
ostype: l26
sockets: 2
unknown-future-key: whatever: it is
EOC
printf 'cores: 4\r\nmemory: 48\r\nostype: win11\r\nvcpus: 3\r\n' |
    pve_vm_conf 102 db-1.example 7c3f2a10-5b1e-4d2a-9c4e-0a1b2c3d4e02 bc:24:11:00:01:02
# A VM that is configured but not running: no source.
pve_vm_conf 103 stopped 7c3f2a10-5b1e-4d2a-9c4e-0a1b2c3d4e03 BC:24:11:00:01:03 </dev/null

pve_vm_start 101 & p1=$!
pve_vm_start 102 -S & p2=$!
wait $p1 || fail "QEMU 101 did not start: $(cat "$TEST_DIR/qemu-101.log")"
wait $p2 || fail "QEMU 102 did not start: $(cat "$TEST_DIR/qemu-102.log")"
pve_ct_start "$CT" BC:24:11:00:02:01 ct-app
ct_files=""
# Block I/O the kernel charges to the container: 2 MiB written, 1 MiB read.
if pve_ct_disk_io "$CT" > "$TEST_DIR/ct-io.txt"; then
    ct_files=$(cat "$TEST_DIR/ct-io.txt")
else
    echo "# container block I/O not checked, only its capacity: $(cat "$TEST_DIR/ct-io.txt")"
fi
wait_for 60 pve_qmp_ready 101 || fail "QMP of VM 101 does not answer"
wait_for 60 pve_qmp_ready 102 || fail "QMP of VM 102 does not answer"

# Packets sent on the guests' interfaces from the bridge: a unicast to a MAC
# the bridge has not learnt is flooded to every port.
in_pve ip neigh replace 10.77.0.50 lladdr bc:24:11:00:09:09 dev vmbr0 nud permanent
in_pve ping -c 10 -i 0.2 -W 1 10.77.0.50 >/dev/null 2>&1 || true
tap_tx=$(in_pve cat /sys/class/net/tap101i0/statistics/tx_packets)
veth_tx=$(in_pve cat /sys/class/net/veth${CT}i0/statistics/tx_packets)
[ "$tap_tx" -ge 10 ] || fail "tap101i0 sent $tap_tx packets, not 10"

pve_hsflowd h 1
# SeaBIOS reads the boot sector; wait until hsflowd reports it.
disk_read() {
    python3 "$EXPECT" "$TEST_DIR/h.json" guest 101 | python3 -c '
import json, sys; sys.exit(0 if json.load(sys.stdin)["2103"]["rd_bytes"] > 0 else 1)'
}
wait_for 60 disk_read || fail "no disk reads of VM 101 in hsflowd's counters: $(tail -5 "$TEST_DIR/h.log")"
pve_qmp 101 query-blockstats query-block > "$TEST_DIR/qmp-101.json"
pve_qmp 102 query-blockstats query-block > "$TEST_DIR/qmp-102.json"
# The next samples carry what QMP reported (the guest spins after its read).
mark=$(python3 "$EXPECT" "$TEST_DIR/h.json" lines)
all_three() {
    for n in 101 102 "$CT"; do python3 "$EXPECT" "$TEST_DIR/h.json" guest "$n" "$mark" || return 1; done
}
wait_for 30 all_three || fail "not all three guests after the QMP check"
for n in 101 102 "$CT"; do
    python3 "$EXPECT" "$TEST_DIR/h.json" guest "$n" "$mark" > "$TEST_DIR/g$n.json"
    in_pve cat "/sys/class/net/$( [ "$n" = "$CT" ] && echo "veth${n}i0" || echo "tap${n}i0")/ifindex" \
        > "$TEST_DIR/ifindex-$n"
done
wait_for 10 python3 "$EXPECT" "$TEST_DIR/h.json" host "$mark" || fail "no host sample"
# Bounds for the interface counters: a stray packet may still pass later.
tap_tx2=$(in_pve cat /sys/class/net/tap101i0/statistics/tx_packets)
veth_tx2=$(in_pve cat /sys/class/net/veth${CT}i0/statistics/tx_packets)
kill -0 "$(cat "$TEST_DIR/h.pid")" || fail "hsflowd died"

python3 - "$TEST_DIR" "$CT" "$tap_tx" "$veth_tx" "$tap_tx2" "$veth_tx2" $ct_files <<'EOP' || fail "the guests' counters differ from what is expected"
import json, sys, uuid
d, ct = sys.argv[1], int(sys.argv[2])
tap_tx, veth_tx, tap_tx2, veth_tx2 = (int(x) for x in sys.argv[3:7])
ct_files = sys.argv[7:]
g = {n: json.load(open("%s/g%d.json" % (d, n))) for n in (101, 102, ct)}
ifx = {n: int(open("%s/ifindex-%d" % (d, n)).read()) for n in (101, 102, ct)}
def eq(what, got, want):
    if got != want:
        print("%s: got %r, want %r" % (what, got, want)); sys.exit(1)
want = {
    101: dict(name="web1", uuid="7c3f2a10-5b1e-4d2a-9c4e-0a1b2c3d4e01", mac="bc:24:11:00:01:01",
              vcpus=4, state=1, max=64 << 20, os=2),
    102: dict(name="db-1.example", uuid="7c3f2a10-5b1e-4d2a-9c4e-0a1b2c3d4e02",
              mac="bc:24:11:00:01:02", vcpus=3, state=3, max=48 << 20, os=3),
    ct: dict(name="ct-app", uuid=None, mac="bc:24:11:00:02:01", vcpus=1, state=1, max=512 << 20, os=2),
}
host = None
for line in open(d + "/h.json"):
    for s in json.loads(line)["samples"]:
        if s.get("type") == "counters_sample" and s["source_class"] == 2:
            host = {r["format"]: r for r in s["records"]}
eq("virt_node num_domains", host[2100]["num_domains"], 3)
want[ct]["uuid"] = str(uuid.uuid5(uuid.UUID(host[2000]["uuid"]), "lxc/%d" % ct))
for n, w in want.items():
    r = g[n]
    eq("%d name" % n, r["2000"]["hostname"], w["name"])
    eq("%d uuid" % n, r["2000"]["uuid"], w["uuid"])
    eq("%d os" % n, r["2000"]["os_name"], w["os"])
    eq("%d machine" % n, r["2000"]["machine_type"], 3)
    eq("%d adaptors" % n, r["2001"]["adaptor_list"], ["%d/%s" % (ifx[n], w["mac"])])
    eq("%d parent" % n, (r["2002"]["container_type"], r["2002"]["container_index"]), (2, 1))
    eq("%d vcpus" % n, r["2101"]["nrVirtCpu"], w["vcpus"])
    eq("%d state" % n, r["2101"]["state"], w["state"])
    eq("%d maxMemory" % n, r["2102"]["maxMemory"], w["max"])
    # The QEMUs' RSS; the container's cgroup figure (which some kernels
    # keep at 0 for a v1 memory cgroup this young).
    if not (0 if n == ct else 1) <= r["2102"]["memory"] <= 4 << 30:
        eq("%d memory" % n, r["2102"]["memory"], "between 0 and 4 GiB")
# CPU time: the running VM and the container's loop used some.
for n in (101, ct):
    if g[n]["2101"]["cpuTime"] <= 0:
        eq("%d cpuTime" % n, g[n]["2101"]["cpuTime"], "> 0")
# Disk: what QMP reports for the same VM, summed over its drives.
for n in (101, 102):
    stats, block = [json.loads(l) for l in open("%s/qmp-%d.json" % (d, n))]
    dk = g[n]["2103"]
    eq("%d rd_bytes" % n, dk["rd_bytes"], sum(x["stats"]["rd_bytes"] for x in stats))
    eq("%d rd_req" % n, dk["rd_req"], sum(x["stats"]["rd_operations"] for x in stats))
    eq("%d wr_bytes" % n, dk["wr_bytes"], sum(x["stats"]["wr_bytes"] for x in stats))
    eq("%d capacity" % n, dk["capacity"],
       sum(x["inserted"]["image"]["virtual-size"] for x in block if "inserted" in x))
eq("101 capacity", g[101]["2103"]["capacity"], 65536)
if g[101]["2103"]["rd_bytes"] < 512:
    eq("101 rd_bytes", g[101]["2103"]["rd_bytes"], ">= 512")
eq("102 rd_bytes (paused before the BIOS)", g[102]["2103"]["rd_bytes"], 0)
# The container: capacity = rootfs 8G + mp0 2G (mp1, a bind mount, has no
# size); in use not known (0); its block I/O as its cgroup counts it.
dk = g[ct]["2103"]
eq("ct capacity", dk["capacity"], 10 << 30)
eq("ct allocation, available, errs", (dk["allocation"], dk["available"], dk["errs"]), (0, 0, 0))
if len(ct_files) == 1:      # v2 io.stat
    want = {"rd_bytes": 0, "wr_bytes": 0, "rd_req": 0, "wr_req": 0}
    for line in open(ct_files[0]):
        kv = dict(w.split("=", 1) for w in line.split()[1:])
        for mine, theirs in (("rd_bytes", "rbytes"), ("wr_bytes", "wbytes"),
                             ("rd_req", "rios"), ("wr_req", "wios")):
            want[mine] += int(kv.get(theirs, 0))
elif ct_files:              # v1 blkio.throttle io_service_bytes, io_serviced
    def rw(path):
        r = {"Read": 0, "Write": 0}
        for line in open(path):
            w = line.split()
            if len(w) == 3 and w[1] in r:
                r[w[1]] += int(w[2])
        return r
    b, n = rw(ct_files[0]), rw(ct_files[1])
    want = {"rd_bytes": b["Read"], "wr_bytes": b["Write"], "rd_req": n["Read"], "wr_req": n["Write"]}
if ct_files:
    print("# container %d: cgroup %s, hsflowd %s" % (ct, want, {k: dk[k] for k in want}))
    for k, v in want.items():
        eq("ct " + k + " (the cgroup's own figure)", dk[k], v)
    for k, least in (("wr_bytes", 2 << 20), ("rd_bytes", 1 << 20), ("wr_req", 32), ("rd_req", 16)):
        if dk[k] < least:
            eq("ct " + k, dk[k], ">= %d (what the container did)" % least)
# Network: the host's transmit on tap/veth is the guest's receive.
def between(what, got, lo, hi):
    if not lo <= got <= hi:
        eq(what, got, "in [%d, %d]" % (lo, hi))
between("101 pkts_in", g[101]["2104"]["pkts_in"], tap_tx, tap_tx2)
between("%d pkts_in" % ct, g[ct]["2104"]["pkts_in"], veth_tx, veth_tx2)
if veth_tx < 10:
    eq("veth tx", veth_tx, ">= 10")
eq("101 bytes_in", g[101]["2104"]["bytes_in"] >= 10 * 98, True)
EOP
grep -q "malformed" "$TEST_DIR/h-dump.log" && grep -v " 0 malformed" "$TEST_DIR/h-dump.log" | grep -q malformed \
    && fail "sflowdump saw malformed datagrams"
pass "two VMs and a container as 3:N sources with their configs', QMP's, the taps' and the cgroup's figures"

# The control socket counts the same guests.
if command -v ovs-appctl >/dev/null 2>&1; then
    ovs-appctl -t "$TEST_DIR/h.ctl" hsflowd/show > "$TEST_DIR/show.txt" || fail "hsflowd/show failed"
    grep -q "2 VM(s) and 1 container(s) running at the last poll" "$TEST_DIR/show.txt" ||
        fail "hsflowd/show: $(grep -A1 guests "$TEST_DIR/show.txt")"
    grep -qE "samples sent: [1-9][0-9]* of VMs, [1-9][0-9]* of containers" "$TEST_DIR/show.txt" ||
        fail "hsflowd/show sent no guest samples: $(grep -A1 guests "$TEST_DIR/show.txt")"
    pass "hsflowd/show counts the Proxmox guests"
fi
