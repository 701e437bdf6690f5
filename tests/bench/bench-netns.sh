# Shell helpers for the benchmarks that run in a network namespace of their
# own with many interfaces (sourced by hsflowd-bench.sh and counters-bench.sh).
#
#   bench_ns_make NS N   namespace NS with loopback up and N interfaces, all
#                        up: a Linux bridge br0 with ve0a of the veth pair
#                        ve0a/ve0b, then veth pairs vNa/vNb (virtual links,
#                        like a host's tap/vif/veth), one ifb link for an
#                        odd count
#   bench_ns_delete NS   stops what still runs inside NS and deletes it
#   bench_cpu_ns PID     CPU time of PID so far, user + system, in ns
#                        (/proc/PID/schedstat; /proc/PID/stat counts ticks)
#   bench_cpu_ticks PID  utime + stime of /proc/PID/stat, in clock ticks

bench_ns_make() {
    ip netns add "$1"
    ip -n "$1" link set lo up
    {
        echo "link add br0 type bridge"
        echo "link add ve0a type veth peer name ve0b"
        echo "link set ve0a master br0"
        i=1
        left=$(($2 - 3))
        while [ "$left" -ge 2 ]; do
            echo "link add v${i}a type veth peer name v${i}b"
            i=$((i + 1))
            left=$((left - 2))
        done
        [ "$left" = 0 ] || echo "link add ifb0 type ifb"
    } | ip -n "$1" -batch -
    ip -n "$1" -o link show | awk -F': ' '$2 != "lo" { sub(/@.*/, "", $2); print "link set " $2 " up" }' \
        | ip -n "$1" -batch -
}

bench_ns_delete() {
    for _p in $(ip netns pids "$1" 2>/dev/null); do kill "$_p" 2>/dev/null; done
    sleep 0.2
    for _p in $(ip netns pids "$1" 2>/dev/null); do kill -9 "$_p" 2>/dev/null; done
    ip netns del "$1" 2>/dev/null || true
}

bench_cpu_ns() { awk '{ print $1 }' "/proc/$1/schedstat"; }
bench_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
