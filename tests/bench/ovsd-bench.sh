#!/bin/sh
# sflowovsd benchmark: prints figures (not asserted), each with the command
# that produced it. Needs ovsdb-server, ovs-vsctl, ovsdb-client and python3;
# no ovs-vswitchd, no root.
#   tests/bench/ovsd-bench.sh            (from a build tree: top_builddir=.)
#   make bench-ovsd
# 1. bridge added -> our sFlow row referenced, as seen by `ovsdb-client
#    monitor` on the same server: p50/p99 over 200 additions;
# 2. cold start with 1,000 bridges -> all attached: time, transactions;
# 3. hsflowd.auto replaced -> all 1,000 bridges use the new settings;
# 4. sflowovsd VmRSS with 1,000 bridges.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
require_cmd ovsdb-client python3
N_ADD=${N_ADD:-200}
N_COLD=${N_COLD:-1000}
MON=$TEST_DIR/monitor.csv

# monitor_start TABLE COLUMNS: ovsdb-client monitor with ms timestamps.
monitor_start() {
    ovsdb-client --timestamp -f csv monitor "$OVS_DB" Open_vSwitch "$1" "$2" > "$MON" 2>&1 &
    mon=$!
    at_exit "kill $mon"
    sleep 0.3   # initial state: nothing is printed for an empty table
}
monitor_stop() { kill "$mon" 2>/dev/null || true; wait "$mon" 2>/dev/null || true; }
now_ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }
figure() { printf '%-58s %s\n' "$1" "$2"; }

# Parses the monitor output: per update block, its timestamp; prints
# per-bridge insert->attach latencies (ms), or the first time at which a
# condition held.
parse() {
    python3 - "$MON" "$@" <<'PY'
import sys, datetime, statistics
path, mode = sys.argv[1], sys.argv[2]
def ts(line):
    d = datetime.datetime.strptime(line.strip(), "%Y-%m-%d %H:%M:%S.%f")
    return d.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000
blocks, cur = [], None
for line in open(path):
    line = line.rstrip("\n")
    if len(line) >= 23 and line[4] == "-" and line[10] == " " and line[13] == ":":
        cur = [ts(line), []]
        blocks.append(cur)
    elif cur and not line.startswith("row,") and len(line.split(",")) >= 3:
        cur[1].append(line.split(","))
if mode == "latency":
    # An insert that already shows the sflow reference was attached before
    # ovsdb-server sent the insert to the monitor (it merges pending changes).
    inserted, attached, merged, last = {}, {}, 0, None
    for t, rows in blocks:
        for r in rows:
            if r[0]:
                last = r[0]
            if r[1] == "insert":
                inserted[r[0]] = t
                if r[3] != "[]":
                    attached[r[0]] = t
                    merged += 1
            elif r[1] == "new" and r[3] not in ("", "[]") and last in inserted:
                attached.setdefault(last, t)
    lat = sorted(attached[u] - inserted[u] for u in attached)
    missing = len(inserted) - len(lat)
    q = lambda p: lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))]
    print("n=%d p50=%.0f ms p99=%.0f ms max=%.0f ms (1 ms resolution; %d already attached "
          "in the insert's update; not attached: %d)"
          % (len(lat), q(50), q(99), lat[-1], merged, missing))
elif mode == "first-sflow-change":   # first update touching the sFlow table after T0
    t0 = float(sys.argv[3])
    hits = [t for t, rows in blocks if t >= t0 - 5 and rows]
    print("%.0f" % (hits[0] - t0) if hits else "none")
PY
}

ovsdb_start
write_auto 1 512 20 "127.0.0.1"

# ---- 1. bridge added -> attached -------------------------------------------------
ovsd_start
monitor_start Bridge name,sflow
for i in $(seq 1 "$N_ADD"); do nvsctl add-br "add$i"; sleep 0.02; done
wait_for 10 all_attached add1 "add$N_ADD" || fail "bridges not attached"
sleep 0.3
monitor_stop
figure "bridge added -> attached (ovsdb-client monitor timestamps)" "$(parse latency)"
echo "  command: for i in \$(seq $N_ADD); do ovs-vsctl --no-wait add-br add\$i; sleep 0.02; done" \
     "with 'ovsdb-client --timestamp -f csv monitor $OVS_DB Open_vSwitch Bridge name,sflow'"
ovsd_stop
for i in $(seq 1 "$N_ADD"); do printf ' -- del-br add%s' "$i"; done | xargs ovs-vsctl --db="$OVS_DB" --no-wait

# ---- 2. cold start with 1,000 bridges ---------------------------------------------
args=""
for i in $(seq 1 "$N_COLD"); do args="$args -- add-br cold$i"; done
# shellcheck disable=SC2086
nvsctl $args
[ "$(nvsctl list-br | wc -l)" -ge "$N_COLD" ] || fail "bridges not created"
rm -f "$OVSD_LOG"
monitor_start Bridge sflow
t0=$(now_ms)
ovsd_start
wait_for 20 all_attached cold1 "cold$N_COLD" || fail "cold start did not attach"
sleep 0.5
n_unattached=$(nvsctl --bare --columns=sflow list bridge | grep -c '^\[\]$' || true)
figure "cold start, $N_COLD bridges -> all attached" \
    "$(parse first-sflow-change "$t0") ms after exec; transactions: $(grep -c 'transaction .* sent' "$OVSD_LOG"); bridges unattached: $n_unattached"
echo "  command: ovs-vsctl --no-wait -- add-br cold1 ... -- add-br cold$N_COLD; sflowovsd --db $OVS_DB --auto-file hsflowd.auto -v"
monitor_stop

# ---- 3. hsflowd.auto replaced -> all updated ----------------------------------------
monitor_start sFlow sampling,targets
t0=$(now_ms)
write_auto 2 1024 30 "127.0.0.2 7000"
wait_for 10 our_row_is sampling 1024 || fail "settings not applied"
sleep 0.3
figure "hsflowd.auto replaced -> $N_COLD bridges updated" \
    "$(parse first-sflow-change "$t0") ms (one row update: every bridge references it)"
echo "  command: mv hsflowd.auto.tmp hsflowd.auto (sampling 512 -> 1024) with 'ovsdb-client --timestamp -f csv monitor $OVS_DB Open_vSwitch sFlow sampling,targets'"
monitor_stop
all_attached cold1 "cold$N_COLD" || fail "bridges detached by the update"

# ---- 4. RSS --------------------------------------------------------------------------
figure "sflowovsd VmRSS with $N_COLD bridges" "$(grep VmRSS "/proc/$(cat "$OVSD_PID")/status" | awk '{print $2, $3}')"
echo "  command: grep VmRSS /proc/\$(cat sflowovsd.pid)/status"
