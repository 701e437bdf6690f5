# Shell library for integration tests. Source it, then call what you need:
#
#   . "$top_srcdir/tests/lib/harness.sh"
#   require_root                       # skip (exit 77) with a reason when not root
#   ovs_start                          # private ovsdb-server (+ ovs-vswitchd with --vswitchd)
#   vsctl add-br br0 -- set bridge br0 datapath_type=netdev
#   ns_host h1 10.0.0.1/24 br0         # namespace h1 joined to br0 by a veth pair
#   in_ovs_ns sflowdump -p 6343 ...    # run a command where ovs-vswitchd runs
#
# Everything lives under $TEST_DIR and in namespaces named after $UNIQ, so
# tests may run side by side. Everything started is stopped on exit, also when
# the test fails (cleanup handlers run in reverse order).
set -eu

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
export top_srcdir top_builddir
PATH="$top_builddir/src/hsflowd:$top_builddir/src/sflowovsd:$top_builddir/src/sflowdump:$PATH"
export PATH

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "PASS: $*"; }
log() { echo "# $*" >&2; }

require_root() {
    [ "$(id -u)" = 0 ] || skip "needs root (network namespaces / ovs-vswitchd)"
    ip netns list >/dev/null 2>&1 || skip "network namespaces unavailable"
}
require_cmd() {
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || skip "needs '$c' (not installed)"
    done
}

TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sft.XXXXXX")
UNIQ=$(printf '%s' "$TEST_DIR" | sed 's/.*sft\.//' | tr -cd 'a-zA-Z0-9' | cut -c1-6)
export TEST_DIR UNIQ
# Daemons started without --unixctl put their control sockets here, never in
# the system's run directory.
HSFLOWD_RUNDIR=$TEST_DIR
export HSFLOWD_RUNDIR

_cleanups=""
at_exit() { _cleanups="$1
$_cleanups"; }
_run_cleanups() {
    rc=$?
    set +e
    printf '%s\n' "$_cleanups" | while IFS= read -r c; do
        [ -n "$c" ] && eval "$c" >/dev/null 2>&1
    done
    if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
        for f in "$TEST_DIR"/*.log; do
            [ -f "$f" ] || continue
            echo "---- $f (last 30 lines)" >&2
            tail -n 30 "$f" >&2
        done
    fi
    [ -n "${KEEP_TEST_DIR:-}" ] || rm -rf "$TEST_DIR"
    exit "$rc"
}
trap _run_cleanups EXIT
trap 'exit 130' INT TERM

# kill_pidfile FILE: stop the process named in FILE and wait for it.
kill_pidfile() {
    [ -f "$1" ] || return 0
    p=$(cat "$1" 2>/dev/null) || return 0
    [ -n "$p" ] || return 0
    kill "$p" 2>/dev/null || return 0
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
}

# wait_for TIMEOUT_SECONDS COMMAND...: poll COMMAND until it succeeds.
wait_for() {
    t=$1; shift
    end=$(( $(date +%s) * 10 + t * 10 ))
    while [ "$(( $(date +%s) * 10 ))" -le "$end" ]; do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    return 1
}

# ---- network namespaces -------------------------------------------------------
# The namespace where ovs-vswitchd (and the collectors) run: netdev bridges
# create tap devices named after the bridge, so each test has its own.
OVS_NS="sft$UNIQ"
_ovs_ns_made=""
# ns_delete NS: stops every process still inside NS (a collector started in
# the background, say), then deletes it, so that nothing outlives the test.
ns_delete() {
    for _p in $(ip netns pids "$1" 2>/dev/null); do kill "$_p" 2>/dev/null; done
    sleep 0.1
    for _p in $(ip netns pids "$1" 2>/dev/null); do kill -9 "$_p" 2>/dev/null; done
    ip netns del "$1"
}
ovs_ns_create() {
    [ -n "$_ovs_ns_made" ] && return 0
    ip netns add "$OVS_NS"
    at_exit "ns_delete $OVS_NS"
    ip -n "$OVS_NS" link set lo up
    # The user-space datapath reads its ports through raw sockets, so the
    # kernel's own IP stack sees the port ends too and would answer ARP for
    # the bridge's address on them, taking a host's first packets past the
    # bridge. A kernel-datapath port is enslaved and never does; arp_ignore=1
    # gives the same: ARP is answered only on the interface holding the address.
    ip netns exec "$OVS_NS" sysctl -qw net.ipv4.conf.all.arp_ignore=1
    _ovs_ns_made=1
}
in_ovs_ns() { ip netns exec "$OVS_NS" "$@"; }
# in_ovs_ns_bg NAME COMMAND...: COMMAND in the background where ovs-vswitchd
# runs, its pid in $TEST_DIR/NAME.pid, stopped on exit. (`in_ovs_ns cmd &`
# then `kill $!` kills only the subshell and leaves cmd running.)
in_ovs_ns_bg() {
    _bg=$1; shift
    ovs_ns_create
    ip netns exec "$OVS_NS" sh -c 'echo $$ > "$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' \
        "$TEST_DIR/$_bg.pid" "$@" &
    at_exit "kill_pidfile $TEST_DIR/$_bg.pid"
    wait_for 5 test -s "$TEST_DIR/$_bg.pid"
}

# ns_host NAME ADDR/PLEN BRIDGE: namespace sft$UNIQ-NAME with interface eth0
# holding ADDR, joined by a veth pair to port NAME on BRIDGE.
ns_host() {
    name=$1; addr=$2; br=$3
    ns="sft$UNIQ-$name"
    ovs_ns_create
    ip netns add "$ns"
    at_exit "ns_delete $ns"
    ip -n "$ns" link set lo up
    ip -n "$OVS_NS" link add "$name" type veth peer name eth0 netns "$ns"
    ip -n "$ns" addr add "$addr" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$OVS_NS" link set "$name" up
    vsctl add-port "$br" "$name"
}
in_host() { n=$1; shift; ip netns exec "sft$UNIQ-$n" "$@"; }

# ---- Open vSwitch ---------------------------------------------------------------
OVS_SCHEMA=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
OVS_DB="unix:$TEST_DIR/db.sock"
export OVS_DB
vsctl() { ovs-vsctl --db="$OVS_DB" --timeout=20 "$@"; }

# ovsdb_start [DBFILE]: a private ovsdb-server on $TEST_DIR/db.sock.
ovsdb_start() {
    require_cmd ovsdb-server ovsdb-tool ovs-vsctl
    db=${1:-$TEST_DIR/conf.db}
    [ -f "$db" ] || ovsdb-tool create "$db" "$OVS_SCHEMA"
    ovsdb-server "$db" --remote="punix:$TEST_DIR/db.sock" \
        --pidfile="$TEST_DIR/ovsdb-server.pid" --unixctl="$TEST_DIR/ovsdb-server.ctl" \
        --log-file="$TEST_DIR/ovsdb-server.log" --detach --no-chdir
    at_exit "kill_pidfile $TEST_DIR/ovsdb-server.pid"
    vsctl --no-wait init
}
ovsdb_stop_hard() {  # kill -9, as a crash would
    p=$(cat "$TEST_DIR/ovsdb-server.pid"); kill -9 "$p"
    while kill -0 "$p" 2>/dev/null; do sleep 0.05; done
    rm -f "$TEST_DIR/ovsdb-server.pid" "$TEST_DIR/db.sock"
}

# vswitchd_start: ovs-vswitchd in the test's namespace (needs root).
vswitchd_start() {
    require_root
    require_cmd ovs-vswitchd
    ovs_ns_create
    OVS_RUNDIR=$TEST_DIR OVS_LOGDIR=$TEST_DIR OVS_DBDIR=$TEST_DIR \
    ip netns exec "$OVS_NS" ovs-vswitchd "$OVS_DB" \
        --pidfile="$TEST_DIR/ovs-vswitchd.pid" --unixctl="$TEST_DIR/ovs-vswitchd.ctl" \
        --log-file="$TEST_DIR/ovs-vswitchd.log" --detach --no-chdir
    at_exit "kill_pidfile $TEST_DIR/ovs-vswitchd.pid"
}

# ovs_start [--vswitchd]
ovs_start() {
    ovsdb_start
    [ "${1:-}" = --vswitchd ] && vswitchd_start
    return 0
}

# add_netdev_bridge NAME: a user-space bridge (ovs-vswitchd samples in it).
add_netdev_bridge() { vsctl add-br "$1" -- set bridge "$1" datapath_type=netdev; }

# ---- hsflowd and a collector on loopback ---------------------------------------
# loopback_collector NAME PORT: sflowdump -j on 127.0.0.1:PORT, writing
# $TEST_DIR/NAME.json (its messages in NAME-dump.log); stopped on exit.
loopback_collector() {
    sflowdump -p "$2" -b 127.0.0.1 -j > "$TEST_DIR/$1.json" 2> "$TEST_DIR/$1-dump.log" &
    echo $! > "$TEST_DIR/$1-dump.pid"
    at_exit "kill_pidfile $TEST_DIR/$1-dump.pid"
}

# loopback_sflow_conf POLLING PORT: the sflow { } block of a test's
# hsflowd.conf: no DNS-SD, one collector on 127.0.0.1:PORT.
loopback_sflow_conf() {
    printf 'sflow {\n  DNSSD = off\n  polling = %s\n  collector { ip = 127.0.0.1 udpport = %s }\n}\n' \
        "$1" "$2"
}

# hsflowd_bg NAME [ARGS...]: hsflowd in the foreground (-d) with the config
# $TEST_DIR/NAME.conf, writing NAME.auto, NAME.pid and NAME.log, its control
# socket NAME.ctl; stopped on exit.
hsflowd_bg() {
    _n=$1; shift
    hsflowd -d -f "$TEST_DIR/$_n.conf" -a "$TEST_DIR/$_n.auto" -p "$TEST_DIR/$_n.pid" \
        --unixctl "$TEST_DIR/$_n.ctl" "$@" \
        > "$TEST_DIR/$_n.log" 2>&1 &
    at_exit "kill_pidfile $TEST_DIR/$_n.pid"
}

# ---- dnsmasq ---------------------------------------------------------------------
# dnsmasq_start PORT ARGS...: an authoritative-enough dnsmasq on 127.0.0.1:PORT
# that answers only from its command line (no /etc/hosts, no upstream).
dnsmasq_start() {
    require_cmd dnsmasq
    port=$1; shift
    dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll \
        --listen-address=127.0.0.1 --bind-interfaces --port="$port" \
        --pid-file="$TEST_DIR/dnsmasq.pid" --log-queries \
        --log-facility="$TEST_DIR/dnsmasq.log" --user=root --group=root "$@" &
    echo $! > "$TEST_DIR/dnsmasq.pid.bg"
    at_exit "kill_pidfile $TEST_DIR/dnsmasq.pid.bg"
    wait_for 5 sh -c "grep -q started '$TEST_DIR/dnsmasq.log'" || true
}
dnsmasq_stop() { kill_pidfile "$TEST_DIR/dnsmasq.pid.bg"; }

# hsflowd_conf NAME PORT [LINE...]: $TEST_DIR/NAME.conf with DNS-SD off, each
# LINE (e.g. "polling = 1") and one collector on 127.0.0.1:PORT in sflow { }.
hsflowd_conf() {
    _n=$1 _p=$2; shift 2
    {
        echo "sflow {"
        echo "  DNSSD = off"
        for _l in "$@"; do echo "  $_l"; done
        echo "  collector { ip = 127.0.0.1 udpport = $_p }"
        echo "}"
    } > "$TEST_DIR/$_n.conf"
}

# free_udp_port: a UDP port on 127.0.0.1 that is free right now.
free_udp_port() {
    python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
