#!/bin/sh
# hsflowd reads /proc/mounts again only when the mount table changed, and
# /proc/sys/kernel/hostname only when the host name did (poll() on the open
# file reports either), yet a file system mounted or unmounted while it runs
# shows in the next host sample's disk_total, a new host name in its
# hostname.
#
# hsflowd runs in a mount namespace of the test's own (private propagation:
# nothing the rest of the machine mounts reaches it), polling every second,
# with strace counting its reads of /proc/mounts. A tmpfs of 64 MiB named
# /dev/... (what the reader takes for a local file system) is mounted there,
# then unmounted; then 20 more are mounted and unmounted in a burst, which
# must not wake hsflowd once per change. It runs in a UTS namespace of the
# test's own too, whose host name the test changes.
. "$top_srcdir/tests/lib/harness.sh"
require_root
require_cmd unshare nsenter strace python3 hostname

unshare -m -u --propagation private sleep 600 &
holder=$!
echo "$holder" > "$TEST_DIR/holder.pid"
at_exit "kill_pidfile $TEST_DIR/holder.pid"
# unshare execs sleep once the new namespace is private.
wait_for 10 grep -qx sleep "/proc/$holder/comm" || fail "no mount namespace of our own"
[ "$(readlink "/proc/$holder/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] \
    || fail "unshare -m made no mount namespace"
in_mntns() { nsenter -t "$holder" -m -u "$@"; }
# The copies of mounts whose mount points others may delete (namespaces of
# other tests in /run/netns, their temporary directories) would change this
# table when they go: unmounted here first, so that only the test changes it.
in_mntns sh -c "awk '{ print \$2 }' /proc/self/mounts | grep -E '^(/tmp|/run/netns|/var/run/netns)/' \
    | sort -r | while read -r m; do umount -l \"\$m\" 2>/dev/null; done; true"

port=$(free_udp_port)
hsflowd_conf hsflowd "$port" "polling = 1"
loopback_collector dump "$port"
in_mntns hsflowd -d -f "$TEST_DIR/hsflowd.conf" -a "$TEST_DIR/hsflowd.auto" \
    -p "$TEST_DIR/hsflowd.pid" > "$TEST_DIR/hsflowd.log" 2>&1 &
at_exit "kill_pidfile $TEST_DIR/hsflowd.pid"
wait_for 10 test -s "$TEST_DIR/hsflowd.pid" || fail "hsflowd wrote no pid file"
pid=$(cat "$TEST_DIR/hsflowd.pid")

# field FORMAT NAME: that field of every host sample so far, one a line.
field() {
    python3 - "$TEST_DIR/dump.json" "$1" "$2" <<'EOP'
import json, sys
for line in open(sys.argv[1]):
    try:
        d = json.loads(line)
    except ValueError:
        continue            # a line being written
    for s in d["samples"]:
        if s["source_class"] == 2 and s["source_index"] == 1:
            for r in s["records"]:
                if r["format"] == int(sys.argv[2]):
                    print(r[sys.argv[3]])
EOP
}
totals() { field 2005 disk_total; }
n_totals() { totals | wc -l; }
has_totals() { [ "$(n_totals)" -ge "$1" ]; }
# wait_field N FORMAT NAME VALUE: host sample N+1 or N+2 (counted from 1) has
# VALUE in that field, and so does every one after it up to N+3.
wait_field() {
    wait_for 60 has_totals $(($1 + 3)) || fail "no host samples"
    field "$2" "$3" | sed -n "$(($1 + 2)),$(($1 + 3))p" > "$TEST_DIR/after"
    if grep -qvx "$4" "$TEST_DIR/after"; then
        field "$2" "$3" | tail -n 5 >&2
        fail "$3 is not $4 from the second host sample after the change on"
    fi
}
wait_total() { wait_field "$1" 2005 disk_total "$2"; }

wait_for 30 has_totals 2 || fail "no host samples from hsflowd"
strace -f -q -y -e trace=pread64,read,poll -p "$pid" -o "$TEST_DIR/strace.txt" &
echo $! > "$TEST_DIR/strace.pid"
at_exit "kill_pidfile $TEST_DIR/strace.pid"
wait_for 10 grep -q pread64 "$TEST_DIR/strace.txt" || fail "strace did not attach"
# polls_since LINE: poll() calls in the strace output after its line LINE.
polls_since() { tail -n "+$(($1 + 1))" "$TEST_DIR/strace.txt" | grep -c 'poll(' || true; }
lines() { wc -l < "$TEST_DIR/strace.txt"; }
n0=$(n_totals)
l0=$(lines)
wait_for 30 has_totals $((n0 + 5)) || fail "hsflowd stopped sending"
quiet_polls=$(polls_since "$l0")
before=$(totals | tail -n 1)
[ "$before" -gt 0 ] || fail "no file system counted: disk_total $before"
quiet=$(grep -c 'pread64([0-9]*<[^>]*mounts>' "$TEST_DIR/strace.txt" || true)
[ "$quiet" = 0 ] || fail "/proc/mounts read $quiet times in 5 polls without a mount change"
# Any UTS namespace's sethostname() wakes every reader of the file: one from
# elsewhere on this machine is allowed.
quiet_names=$(grep -c 'pread64([0-9]*<[^>]*hostname>' "$TEST_DIR/strace.txt" || true)
[ "$quiet_names" -le 2 ] \
    || fail "/proc/sys/kernel/hostname read $quiet_names times in 5 polls without a change"

# A new host name in hsflowd's UTS namespace.
n0h=$(n_totals)
in_mntns hostname "sft$UNIQ" || fail "hostname"
wait_field "$n0h" 2000 hostname "sft$UNIQ"

mkdir "$TEST_DIR/mnt"
n1=$(n_totals)
in_mntns mount -t tmpfs -o size=64m "/dev/sft$UNIQ" "$TEST_DIR/mnt" || fail "mount"
wait_total "$n1" $((before + 64 * 1024 * 1024))
n2=$(n_totals)
in_mntns umount "$TEST_DIR/mnt" || fail "umount"
wait_total "$n2" "$before"

reads=$(grep -c 'pread64([0-9]*<[^>]*mounts>' "$TEST_DIR/strace.txt" || true)
cycles=$(( $(n_totals) - n0 ))
[ "$reads" -ge 2 ] || fail "/proc/mounts not read again after the mount changes ($reads reads)"
[ "$reads" -le 8 ] || fail "/proc/mounts read $reads times in $cycles polls with 2 mount changes"

# A burst of 40 mount table changes wakes hsflowd about once per polling
# interval, not once per change: after a change is seen, the file leaves
# the poll set until it is read again.
n3=$(n_totals)
l3=$(lines)
in_mntns sh -c "for i in \$(seq 20); do mount -t tmpfs none '$TEST_DIR/mnt' && umount '$TEST_DIR/mnt'; done" \
    || fail "mount burst"
wait_for 30 has_totals $((n3 + 5)) || fail "hsflowd stopped sending"
burst_polls=$(polls_since "$l3")
kill_pidfile "$TEST_DIR/strace.pid"
burst_cycles=$(( $(n_totals) - n3 ))
log "polls: $quiet_polls in 5 quiet polling intervals, $burst_polls in $burst_cycles with the burst"
[ "$burst_polls" -le $(( (quiet_polls / 5 + 1) * burst_cycles + 4 )) ] \
    || fail "$burst_polls wake-ups in $burst_cycles polling intervals with 40 mount changes ($quiet_polls in 5 without)"
pass "disk_total $before -> +64 MiB -> $before with the tmpfs; /proc/mounts read $reads times in $cycles polls; $burst_polls wake-ups in $burst_cycles intervals with 40 mount changes; hostname read $quiet_names times in 5 quiet polls, then sft$UNIQ"
