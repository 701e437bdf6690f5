#!/bin/sh
# The Xen module when Xen fails or lies:
# 1. The real hsflowd with xen { } on this machine, which has no hypervisor:
#    libxenctrl is loaded (or is missing) and cannot reach Xen. One clear
#    log line, retried with backoff (hsflowd/show counts the attempts), and
#    the host's own counters (2:1) go on.
# 2. A recorded host whose domain list starts failing: one log line, 2:1
#    goes on, the guests come back when the list works again.
# 3. Hostile xenstore values and statistics files: each such domain is left
#    out with one log line naming it, the others arrive as recorded.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/xen.sh"
require_cmd python3
[ ! -e /dev/xen/privcmd ] && [ ! -e /proc/xen/privcmd ] || skip "this machine runs on Xen"

# ---- 1. no hypervisor -------------------------------------------------------------
port=$(free_udp_port)
{ loopback_sflow_conf 1 "$port"; echo "xen { }"; } > "$TEST_DIR/real.conf"
hsflowd -t -f "$TEST_DIR/real.conf" | grep -q "^xen direct (libxenctrl.so.4.17, libxenstore.so.4)$" \
    || fail "hsflowd -t does not say which Xen path: $(hsflowd -t -f "$TEST_DIR/real.conf" | grep xen)"
loopback_collector real "$port"
XENSTORED_RUNDIR=$TEST_DIR/none XENSTORED_PATH=$TEST_DIR/none/socket hsflowd_bg real
show() { ovs-appctl --timeout=20 -t "$TEST_DIR/real.ctl" hsflowd/show; }
retried() { show 2>/dev/null | grep -q "not connected, [3-9] failed open(s) in a row"; }
if command -v ovs-appctl > /dev/null; then
    wait_for 60 retried || fail "no retries: $(show 2>&1 | grep -A1 VMs; tail -3 "$TEST_DIR/real.log")"
else
    wait_for 60 sh -c "grep -q 'xen: ' '$TEST_DIR/real.log'"
fi
mark=$(xen_expect "$TEST_DIR/real.json" lines)
wait_for 30 xen_expect "$TEST_DIR/real.json" host "$mark" > /dev/null \
    || fail "the host's counters stopped"
n=$(grep -c "xen: " "$TEST_DIR/real.log" || true)
[ "$n" = 1 ] || fail "$n log lines about Xen, not 1: $(grep 'xen: ' "$TEST_DIR/real.log")"
grep "xen: " "$TEST_DIR/real.log" | grep -q "host counters go on, retrying" \
    || fail "unclear: $(grep 'xen: ' "$TEST_DIR/real.log")"
log "$(grep 'xen: ' "$TEST_DIR/real.log")"
[ "$(xen_expect "$TEST_DIR/real.json" host "$mark")" = "no virt_node" ] \
    || fail "virt_node sent without Xen"
kill_pidfile "$TEST_DIR/real.pid"

# ---- 2. a domain list that fails, then works ------------------------------------------
xen_init
EXPECT=$top_srcdir/tests/data/xen/expect.json
xen_hsflowd h 1
checked() { xen_expect "$TEST_DIR/h.json" check "$@" > "$TEST_DIR/check.out"; }
wait_for 60 checked "$EXPECT" || fail "the recorded guests did not arrive: $(cat "$TEST_DIR/check.out")"
cp "$XEN_REC" "$TEST_DIR/good.rec"
{ cat "$TEST_DIR/good.rec"; echo "fail list xc_domain_getinfolist: Permission denied"; } \
    | xen_replace "$XEN_REC"
wait_for 30 grep -q "xen: xc_domain_getinfolist: Permission denied" "$TEST_DIR/h.log" \
    || fail "the failure was not logged: $(tail -3 "$TEST_DIR/h.log")"
mark=$(xen_expect "$TEST_DIR/h.json" lines)
more() { [ "$(xen_expect "$TEST_DIR/h.json" lines)" -gt "$((mark + 3))" ]; }
wait_for 30 more || fail "hsflowd stopped sending while Xen failed"
[ -z "$(xen_expect "$TEST_DIR/h.json" guests "$((mark + 1))")" ] || fail "guests sent while the list failed"
n=$(grep -c "warning\]: xen: " "$TEST_DIR/h.log" || true)
[ "$n" = 1 ] || fail "$n log lines about the failing list, not 1: $(grep 'xen: ' "$TEST_DIR/h.log")"
xen_replace "$XEN_REC" < "$TEST_DIR/good.rec"
mark=$(xen_expect "$TEST_DIR/h.json" lines)
wait_for 60 checked "$EXPECT" "$mark" || fail "the guests did not come back: $(cat "$TEST_DIR/check.out")"
grep -q "xen: reading the hypervisor .* (after retrying)" "$TEST_DIR/h.log" \
    || fail "no line for the recovery"

# ---- 3. hostile values and files ----------------------------------------------------------
U=3f1c2a4e-8d7b-4c1a-9e2f-0a1b2c3d4e
long=$(printf '%0200d' 0)
{
    cat "$XEN_TREE"
    echo "/local/domain/5/name = $long"
    echo '/local/domain/6/name = \xff\xfebad'
    echo '/local/domain/7/vm = /vm/no-name'
    echo '/local/domain/8/name = mac-bad'
    echo '/local/domain/8/device/vif/0/mac = 00:16:3e:zz:00:01'
    echo '/local/domain/9/name = short-stats'
    echo '/local/domain/10/name = td3-v2'
    echo '/local/domain/0/backend/vbd3/10/51712/kthread-pid = 777'
    echo '/local/domain/11/name = sysfs-junk'
    echo '/local/domain/12/name = linked-stats'
    echo '/local/domain/13/name = a\nb'
    echo '/local/domain/14/name = vif-junk'
    echo '/local/domain/14/device/vif/x1/mac = 00:16:3e:54:00:01'
} > "$TEST_DIR/tree"
for d in 5 6 7 8 9 10 11 12 13 14; do
    echo "dom $d running 1024 1024 1000 1 $U$(printf '%02d' "$d")"
done > "$TEST_DIR/more.rec"
head -c 50 /dev/zero > "$TEST_DIR/short"
mkdir -p "$XEN_ROOT/dev/shm/vbd3-9-51712" "$XEN_ROOT/dev/shm/td3-777" "$XEN_ROOT/dev/shm/elsewhere"
cp "$TEST_DIR/short" "$XEN_ROOT/dev/shm/vbd3-9-51712/statistics"
python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("<I4x11Q", 2, *range(11)))' \
    > "$XEN_ROOT/dev/shm/td3-777/vbd-10-51712"
mkdir -p "$XEN_ROOT/dev/shm/vbd3-10-51712"
cp "$XEN_ROOT/dev/shm/vbd3-1-51712/statistics" "$XEN_ROOT/dev/shm/vbd3-10-51712/statistics"
mkdir -p "$XEN_ROOT/sys/bus/xen-backend/devices/vbd-11-768"
cp -R "$XEN_ROOT/sys/bus/xen-backend/devices/vbd-3-768/statistics" \
    "$XEN_ROOT/sys/bus/xen-backend/devices/vbd-11-768/"
echo lots > "$XEN_ROOT/sys/bus/xen-backend/devices/vbd-11-768/statistics/rd_req"
cp "$XEN_ROOT/dev/shm/vbd3-1-51712/statistics" "$XEN_ROOT/dev/shm/elsewhere/statistics"
ln -s elsewhere "$XEN_ROOT/dev/shm/vbd3-12-51712"
xen_replace "$XEN_TREE" < "$TEST_DIR/tree"
cat "$TEST_DIR/good.rec" "$TEST_DIR/more.rec" | xen_replace "$XEN_REC"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); e["_node"]["num_domains"]=13; json.dump(e, open(sys.argv[2],"w"))' \
    "$EXPECT" "$TEST_DIR/expect13.json"
mark=$(xen_expect "$TEST_DIR/h.json" lines)
wait_for 60 checked "$TEST_DIR/expect13.json" "$mark" \
    || fail "the good guests did not arrive beside the hostile ones: $(cat "$TEST_DIR/check.out")"
# Let a few more polls pass: each problem is logged once.
mark=$(xen_expect "$TEST_DIR/h.json" lines)
wait_for 30 more || fail "hsflowd stopped sending"
kill -0 "$(cat "$TEST_DIR/h.pid")" || fail "hsflowd died"
for want in "domain 5 left out: /local/domain/5/name: longer than 64 bytes" \
    "domain 6 left out: /local/domain/6/name: is not UTF-8" \
    "domain 7 left out: /local/domain/7/name: missing" \
    "domain 8 left out: /local/domain/8/device/vif/0/mac: '00:16:3e:zz:00:01' is not a MAC address" \
    "domain 9 left out: .*/dev/shm/vbd3-9-51712/statistics: shorter than" \
    "domain 10 left out: .*/dev/shm/td3-777/vbd-10-51712: not version 1" \
    "domain 11 left out: .*/vbd-11-768/statistics/rd_req: not one decimal number" \
    "domain 12 left out: .*/dev/shm/vbd3-12-51712: not a directory" \
    "domain 13 left out: /local/domain/13/name: holds a control character" \
    "domain 14 left out: /local/domain/14/device/vif: 'x1' is not a device number"; do
    n=$(grep -c "xen: $want" "$TEST_DIR/h.log" || true)
    [ "$n" = 1 ] || fail "'$want' logged $n times: $(grep 'left out' "$TEST_DIR/h.log")"
done
pass "no hypervisor, a failing and recovering domain list, and ten hostile domains: logged once each, host and good guests go on"
