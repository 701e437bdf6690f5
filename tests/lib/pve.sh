# Shell library for the Proxmox VE tests, the demo and the benchmark: a
# Proxmox-style host in a namespace of the test's own. Source harness.sh
# first, then this:
#
#   pve_init                            # namespace with bridge vmbr0, config dirs
#   pve_vm_conf 101 web1 UUID MAC       # /etc/pve/local/qemu-server/101.conf (+ stdin)
#   pve_vm_start 101 [-S] &; wait       # QEMU the way qemu-server starts it
#   pve_ct_start 20001 MAC              # a process in lxc/20001's cgroup, veth20001i0
#   pve_ct_exec 20001 CMD...            # CMD as a process in that container's cgroups
#   pve_ct_disk_io 20001                # it writes 2 MiB and reads 1 MiB (O_DIRECT)
#   in_pve CMD...                       # where the guests' interfaces are
#
# QEMU runs under TCG with 32 MiB and no guest OS: SeaBIOS reads the boot
# sector of a 64 KiB raw IDE disk (real block counters) and halts. With no
# driver in the guest, a virtio NIC takes one packet from its tap and then
# none; an rtl8139 whose receiver is off takes and drops each one, so the
# tap counts every packet sent to it.
PVE_NS="sft$UNIQ-pve"
PVE_CONF="$TEST_DIR/pve"            # config dir: qemu-server/, lxc/
PVE_RUN="$TEST_DIR/run"             # pid files and QMP sockets
# This machine's cgroup mount as hsflowd sees it: outside TEST_DIR, so that
# removing TEST_DIR can never reach into the cgroup tree.
PVE_CGROUP="${TMPDIR:-/tmp}/sftcg.$UNIQ"
export PVE_NS PVE_CONF PVE_RUN PVE_CGROUP

in_pve() { ip netns exec "$PVE_NS" "$@"; }

pve_init() {
    require_root
    require_cmd qemu-system-x86_64 python3
    ip netns add "$PVE_NS"
    at_exit "ns_delete $PVE_NS"
    # Only the tests' own packets on the guests' interfaces.
    in_pve sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$PVE_NS" link set lo up
    ip -n "$PVE_NS" link add vmbr0 type bridge
    ip -n "$PVE_NS" addr add 10.77.0.1/24 dev vmbr0
    ip -n "$PVE_NS" link set vmbr0 up
    mkdir -p "$PVE_CONF/qemu-server" "$PVE_CONF/lxc" "$PVE_RUN"
    mkdir "$PVE_CGROUP"
    # `ip netns exec` mounts a sysfs of the namespace on /sys, hiding
    # /sys/fs/cgroup: hsflowd, run there, reads the cgroups through a copy of
    # the mount (its cgroup = option), as it would read /sys/fs/cgroup.
    at_exit "umount -R -l $PVE_CGROUP; rmdir $PVE_CGROUP"
    mount --rbind /sys/fs/cgroup "$PVE_CGROUP"
    mount --make-rslave "$PVE_CGROUP"
}

# pve_vm_conf VMID NAME UUID MAC [MODEL] < LINES: the VM's config, as Proxmox
# writes it (NIC MODEL virtio, rtl8139 or e1000), with LINES added to the
# current config, and a snapshot
# section after it that must not count.
pve_vm_conf() {
    {
        echo "#Test VM $2: a description: with colons"
        echo "boot: order=ide0"
        echo "ide0: local:$1/vm-$1-disk-0.raw,size=64K"
        echo "name: $2"
        echo "net0: ${5:-virtio}=$4,bridge=vmbr0,firewall=1"
        echo "parent: snap1"
        echo "smbios1: uuid=$3"
        echo "vmgenid: 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
        cat
        echo ""
        echo "[snap1]"
        echo "memory: 99999"
        echo "name: $2-before"
        echo "smbios1: uuid=00000000-0000-0000-0000-000000000000"
        echo "snaptime: 1700000000"
    } > "$PVE_CONF/qemu-server/$1.conf"
}

# pve_disk FILE: 64 KiB raw disk whose first sector is a boot sector that
# halts the CPU (cli; hlt; jmp back to hlt), so SeaBIOS reads it and the VM
# then costs no CPU time.
pve_disk() {
    python3 -c 'import sys; b = bytearray(65536); b[0:4] = b"\xfa\xf4\xeb\xfd"; b[510:512] = b"\x55\xaa"; open(sys.argv[1], "wb").write(b)' "$1"
}

# pve_vm_start VMID [QEMU ARGS...]: starts QEMU as qemu-server does (pid
# file, QMP socket, SMBIOS UUID, tap<vmid>i0 on vmbr0, an IDE disk), with
# the MAC and UUID of the VM's config. Stopped on exit.
pve_vm_start() {
    vmid=$1; shift
    conf="$PVE_CONF/qemu-server/$vmid.conf"
    name=$(sed -n 's/^name: //p' "$conf" | head -n 1)
    uuid=$(sed -n 's/^smbios1: uuid=//p' "$conf" | head -n 1 | cut -d, -f1)
    net=$(sed -n 's/^net0: //p' "$conf" | head -n 1 | cut -d, -f1)
    mac=${net#*=}
    case ${net%%=*} in
        virtio) dev=virtio-net-pci ;;
        *) dev=${net%%=*} ;;
    esac
    pve_disk "$TEST_DIR/vm-$vmid-disk-0.raw"
    at_exit "pve_vm_stop $vmid"
    in_pve qemu-system-x86_64 -name "$name,debug-threads=on" \
        -pidfile "$PVE_RUN/$vmid.pid" -daemonize \
        -qmp "unix:$PVE_RUN/$vmid.qmp,server=on,wait=off" \
        -smbios "type=1,uuid=$uuid" -nodefaults -display none -machine accel=tcg -m 32 \
        -netdev "tap,id=net0,ifname=tap${vmid}i0,script=no,downscript=no" \
        -device "$dev,netdev=net0,mac=$mac,id=net0" \
        -drive "file=$TEST_DIR/vm-$vmid-disk-0.raw,if=none,id=drive-ide0,format=raw" \
        -device "ide-hd,bus=ide.0,unit=0,drive=drive-ide0,id=ide0,bootindex=100" \
        "$@" > "$TEST_DIR/qemu-$vmid.log" 2>&1 || return 1
    ip -n "$PVE_NS" link set "tap${vmid}i0" master vmbr0 up
}

# pve_vm_stop VMID: as a shutdown would (QEMU removes its pid file).
pve_vm_stop() {
    f="$PVE_RUN/$1.pid"
    [ -f "$f" ] || return 0
    p=$(cat "$f")
    kill -CONT "$p" 2>/dev/null
    kill_pidfile "$f"
    rm -f "$f"
}

# pve_qmp VMID COMMAND...: prints each command's "return" as JSON, one a line.
pve_qmp() {
    python3 - "$PVE_RUN/$1.qmp" "$@" <<'EOP'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.connect(sys.argv[1])
f = s.makefile("rw")
def answer():
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m
answer()
for c in ["qmp_capabilities"] + sys.argv[3:]:
    f.write(json.dumps({"execute": c}) + "\n")
    f.flush()
    m = answer()
    if c != "qmp_capabilities":
        print(json.dumps(m.get("return", m)))
EOP
}
# pve_qmp_ready VMID: the QMP socket answers.
pve_qmp_ready() { pve_qmp "$1" query-status >/dev/null 2>&1; }

# pve_ct_start CTID MAC [HOSTNAME]: a running container as hsflowd sees it:
# a process (its own network namespace, eth0 <-> veth<ctid>i0 on vmbr0)
# in the cgroup lxc/<ctid> of this machine's hierarchy (v2, with the io
# controller where it can be enabled; or v1 cpuacct, memory and blkio, the
# blkio one in lxc/<ctid>/ns as lxc does), and its config (rootfs 8G and a
# 2G mount point). Stopped and removed on exit.
pve_ct_start() {
    ctid=$1 mac=$2 host=${3:-ct$1}
    cat > "$PVE_CONF/lxc/$ctid.conf" <<EOC
# container $ctid
arch: amd64
cores: 1
hostname: $host
memory: 512
mp0: local-lvm:vm-$ctid-disk-1,mp=/srv/data,backup=1,size=2G
mp1: /mnt/shared,mp=/shared
net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=$mac,ip=dhcp,type=veth
ostype: debian
rootfs: local-lvm:vm-$ctid-disk-0,size=8G
swap: 512

[vzdump]
hostname: old-$host
EOC
    ctns="$PVE_NS-ct$ctid"
    ip netns add "$ctns"
    at_exit "ns_delete $ctns"
    ip -n "$PVE_NS" link add "veth${ctid}i0" type veth peer name eth0 netns "$ctns"
    ip -n "$ctns" link set eth0 address "$mac"
    ip -n "$ctns" link set eth0 up
    ip -n "$ctns" link set lo up
    ip -n "$PVE_NS" link set "veth${ctid}i0" master vmbr0 up
    cg=/sys/fs/cgroup
    if [ -e "$cg/cgroup.controllers" ]; then
        mkdir -p "$cg/lxc"
        echo +io > "$cg/cgroup.subtree_control" 2>/dev/null || true
        echo +io > "$cg/lxc/cgroup.subtree_control" 2>/dev/null || true
        dirs="$cg/lxc/$ctid"
    else
        cpu=cpuacct
        [ -d "$cg/cpuacct" ] || cpu="cpu,cpuacct"
        dirs="$cg/$cpu/lxc/$ctid $cg/memory/lxc/$ctid"
        [ -d "$cg/blkio" ] && dirs="$dirs $cg/blkio/lxc/$ctid/ns"
    fi
    for d in $dirs; do mkdir -p "$d"; done
    echo "$dirs" > "$TEST_DIR/ct$ctid.cgroups"
    at_exit "pve_ct_stop $ctid '$dirs'"
    # The process burns some CPU once it is in the cgroup, then sleeps.
    ip netns exec "$ctns" sh -c 'echo $$ > "$0"; while [ ! -e "$0.go" ]; do sleep 0.05; done
        i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; exec sleep 3600' \
        "$TEST_DIR/ct$ctid.pid" &
    wait_for 10 test -s "$TEST_DIR/ct$ctid.pid"
    for d in $dirs; do cat "$TEST_DIR/ct$ctid.pid" > "$d/cgroup.procs"; done
    touch "$TEST_DIR/ct$ctid.pid.go"
}
# pve_ct_exec CTID CMD...: runs CMD as a process of the container (in its
# cgroups; not in its network namespace, whose /sys hides the cgroup mount)
# and returns its status.
pve_ct_exec() {
    ctid=$1; shift
    sh -c 'for d in $0; do echo $$ > "$d/cgroup.procs" || exit 1; done; exec "$@"' \
        "$(cat "$TEST_DIR/ct$ctid.cgroups")" "$@"
}
# pve_ct_disk_io CTID: block I/O the kernel charges to the container's
# cgroup: 2 MiB written and 1 MiB read with O_DIRECT (no page cache) by a
# process in it, in 64 KiB requests, on a loop device over a file of
# TEST_DIR. Prints the cgroup's statistics file(s) as hsflowd sees them
# (under PVE_CGROUP), or why it cannot (status 1).
pve_ct_disk_io() {
    ctid=$1 cg=/sys/fs/cgroup
    truncate -s 8M "$TEST_DIR/ct$ctid-disk.img" || return 1
    loop=$(losetup --find --show "$TEST_DIR/ct$ctid-disk.img" 2>/dev/null) ||
        { echo "no loop device"; return 1; }
    at_exit "losetup -d $loop"
    if [ -e "$cg/cgroup.controllers" ]; then
        [ -e "$cg/lxc/$ctid/io.stat" ] || { echo "no io controller for lxc/$ctid"; return 1; }
        files="$PVE_CGROUP/lxc/$ctid/io.stat"
    else
        d="$cg/blkio/lxc/$ctid"
        [ -d "$d" ] || { echo "no blkio controller"; return 1; }
        # Linux 6.x counts the v1 blkio.throttle statistics only on a device
        # that has a throttle rule: one far above this I/O (1 TiB/s).
        echo "$(cat "/sys/class/block/${loop#/dev/}/dev") 1099511627776" \
            > "$d/blkio.throttle.read_bps_device" || { echo "no throttle rule"; return 1; }
        files="$PVE_CGROUP/blkio/lxc/$ctid/blkio.throttle.io_service_bytes_recursive"
        files="$files $PVE_CGROUP/blkio/lxc/$ctid/blkio.throttle.io_serviced_recursive"
    fi
    pve_ct_exec "$ctid" dd if=/dev/zero of="$loop" bs=64k count=32 oflag=direct 2>/dev/null &&
        pve_ct_exec "$ctid" dd if="$loop" of=/dev/null bs=64k count=16 iflag=direct 2>/dev/null ||
        { echo "O_DIRECT I/O on $loop failed"; return 1; }
    echo "$files"
}
pve_ct_stop() {
    kill_pidfile "$TEST_DIR/ct$1.pid"
    for d in $2; do
        for _ in $(seq 50); do rmdir "$d" 2>/dev/null && break; sleep 0.1; done
        [ "${d##*/}" = ns ] && d=$(dirname "$d") && rmdir "$d" 2>/dev/null
        rmdir "$(dirname "$d")" 2>/dev/null
    done
    return 0
}

# pve_hsflowd NAME POLLING: hsflowd in the namespace with a pve { } block
# for this host, sending to sflowdump -j on the namespace's loopback
# ($TEST_DIR/NAME.json).
pve_hsflowd() {
    port=$(free_udp_port)
    loopback_sflow_conf "$2" "$port" > "$TEST_DIR/$1.conf"
    cat >> "$TEST_DIR/$1.conf" <<EOC
pve {
  config = $PVE_CONF
  run = $PVE_RUN
  cgroup = $PVE_CGROUP
  timeout = ${PVE_TIMEOUT:-2000}
}
EOC
    in_pve sh -c 'echo $$ > "$0"; exec sflowdump -p "$1" -b 127.0.0.1 -j' \
        "$TEST_DIR/$1-dump.pid" "$port" > "$TEST_DIR/$1.json" 2> "$TEST_DIR/$1-dump.log" &
    at_exit "kill_pidfile $TEST_DIR/$1-dump.pid"
    wait_for 10 test -s "$TEST_DIR/$1-dump.pid"
    in_pve hsflowd -d -f "$TEST_DIR/$1.conf" -a "$TEST_DIR/$1.auto" -p "$TEST_DIR/$1.pid" \
        --unixctl "$TEST_DIR/$1.ctl" > "$TEST_DIR/$1.log" 2>&1 &
    at_exit "kill_pidfile $TEST_DIR/$1.pid"
}
