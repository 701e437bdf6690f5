#!/bin/sh
# pcap port churn benchmark (prints figures, asserts nothing): hsflowd with
# pcap { dev = tap.* } in a namespace with a Linux bridge; N VM ports (veth
# pairs named tapNi0) are created, enslaved and set up in one `ip -batch`,
# then deleted the same way. Prints the ports opened and closed, hsflowd's
# CPU time for the whole churn, and, with strace installed, its system calls
# (all, and opens of sysfs files) in a second round.
# Usage (root): tests/bench/pcap-churn.sh [N] from a built tree (top_builddir
# defaults to ./build).
set -eu
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}
export top_srcdir top_builddir
. "$top_srcdir/tests/lib/harness.sh"
require_root

N=${1:-300}
NS="sft$UNIQ-churn"
ip netns add "$NS"
at_exit "ns_delete $NS"
in_ns() { ip netns exec "$NS" "$@"; }
ip -n "$NS" link set lo up
ip -n "$NS" link add vmbr0 type bridge
ip -n "$NS" link add tap100i0 type veth peer name p100
ip -n "$NS" link set tap100i0 master vmbr0
for l in vmbr0 tap100i0 p100; do ip -n "$NS" link set "$l" up; done
hsflowd_conf churn 6343 "polling = 0" "sampling = 10" "pcap { dev = tap.* }"

opened() { grep -c 'pcap: sampling tap' "$TEST_DIR/churn.log" || true; }
closed() { grep -c 'socket closed' "$TEST_DIR/churn.log" || true; }
opened_ge() { [ "$(opened)" -ge "$1" ]; }
closed_ge() { [ "$(closed)" -ge "$1" ]; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# round TAG [STRACE]: N ports up, then gone; waits for hsflowd to follow.
round() {
    o0=$(opened) c0=$(closed)
    : > "$TEST_DIR/add" ; : > "$TEST_DIR/del"
    for j in $(seq 200 $((N + 199))); do
        echo "link add tap${j}i0 type veth peer name q$j" >> "$TEST_DIR/add"
        echo "link del tap${j}i0" >> "$TEST_DIR/del"
    done
    for j in $(seq 200 $((N + 199))); do
        echo "link set tap${j}i0 master vmbr0" >> "$TEST_DIR/add"
        echo "link set tap${j}i0 up" >> "$TEST_DIR/add"
    done
    t0=$(cpu_ticks "$PID")
    ip -n "$NS" -batch "$TEST_DIR/add"
    wait_for 120 opened_ge $((o0 + N)) || fail "ports not opened: $(($(opened) - o0))"
    ip -n "$NS" -batch "$TEST_DIR/del"
    wait_for 120 closed_ge $((c0 + N)) || fail "ports not closed: $(($(closed) - c0))"
    t1=$(cpu_ticks "$PID")
    printf '%-7s %d VM ports added, enslaved, up, then deleted: opened %d closed %d, hsflowd CPU %d ms\n' \
        "$1" "$N" $(($(opened) - o0)) $(($(closed) - c0)) $(( (t1 - t0) * 1000 / $(getconf CLK_TCK) ))
}

in_ns hsflowd -d -f "$TEST_DIR/churn.conf" -a "$TEST_DIR/churn.auto" -p "$TEST_DIR/churn.pid" \
    --unixctl "$TEST_DIR/churn.ctl" > "$TEST_DIR/churn.log" 2>&1 &
at_exit "kill_pidfile $TEST_DIR/churn.pid"
wait_for 30 grep -q "pcap: sampling tap100i0" "$TEST_DIR/churn.log" || fail "hsflowd did not start"
PID=$(cat "$TEST_DIR/churn.pid")
round plain
if command -v strace >/dev/null 2>&1; then
    strace -f -qq -e trace=all -o "$TEST_DIR/strace" -p "$PID" &
    SP=$!
    sleep 1
    round strace
    kill -INT "$SP"; wait "$SP" 2>/dev/null || true
    echo "        under strace: $(grep -vc '^[0-9]* *+++\|resumed>' "$TEST_DIR/strace") system calls," \
        "$(grep -c 'open.*"/sys/' "$TEST_DIR/strace") sysfs opens"
fi
