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
# 4. sflowovsd VmRSS with 1,000 bridges;
# 5. at 1,000 and 10,000 bridges (N_SCALE), each beside its target: cold
#    start to all attached (and in how many transactions), VmRSS once
#    attached, idle CPU (user+sys from /proc/PID/stat over 10 s).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
require_cmd ovsdb-client python3
N_ADD=${N_ADD:-200}
N_COLD=${N_COLD:-1000}
N_SCALE=${N_SCALE:-1000 10000}
IDLE_S=${IDLE_S:-10}
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

# ---- 5. scale: cold start, RSS, idle CPU at 1,000 and 10,000 bridges -----------------
# make_bridges N: N bridges (no ports) in one transaction, as fast as the
# server takes them.
make_bridges() {
    python3 - "$TEST_DIR/db.sock" "$1" <<'PY'
import json, socket, sys
path, n = sys.argv[1], int(sys.argv[2])
ops = [{"op": "insert", "table": "Bridge", "row": {"name": "s%d" % i}, "uuid-name": "b%d" % i}
       for i in range(n)]
ops.append({"op": "mutate", "table": "Open_vSwitch", "where": [],
            "mutations": [["bridges", "insert", ["set", [["named-uuid", "b%d" % i]
                                                          for i in range(n)]]]]})
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
s.sendall(json.dumps({"method": "transact", "params": ["Open_vSwitch"] + ops, "id": 1}).encode())
dec, buf = json.JSONDecoder(), ""
while True:
    buf += s.recv(1 << 20).decode()
    try:
        msg, _ = dec.raw_decode(buf.lstrip())
        break
    except ValueError:
        continue
errors = [r for r in msg.get("result") or [] if r and "error" in r]
sys.exit(1 if msg.get("error") or errors else 0)
PY
}
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
ovsd_stop
for n in $N_SCALE; do
    ovsdb_stop_hard
    rm -f "$TEST_DIR/conf.db" "$OVSD_LOG"
    ovsdb_start
    make_bridges "$n" || fail "$n bridges not created"
    [ "$(nvsctl list-br | wc -l)" -eq "$n" ] || fail "$n bridges not created"
    monitor_start Bridge sflow
    t0=$(now_ms)
    ovsd_start
    wait_for 120 grep -q 'transaction .* committed' "$OVSD_LOG" \
        || fail "$n bridges: no transaction committed within 120 s"
    sleep 0.5   # for the monitor to print the update
    monitor_stop
    pid=$(cat "$OVSD_PID")
    cold_cpu=$(cpu_ms "$pid")
    lag=$(parse first-sflow-change "$t0")
    ntx=$(grep -c 'transaction .* sent' "$OVSD_LOG")
    nops=$(sed -n 's/.*transaction [0-9]* sent: \([0-9]*\) ops.*/\1/p' "$OVSD_LOG" | head -n 1)
    n_unattached=$(nvsctl --bare --columns=sflow list bridge | grep -c '^\[\]$' || true)
    [ "$n_unattached" = 0 ] || fail "$n bridges: $n_unattached not attached"
    target=""
    [ "$n" -ge 10000 ] && target=" (target <= 1500 ms in 1 transaction)"
    figure "cold start, $n bridges -> all attached" "$lag ms after exec, $ntx transaction(s) of $nops operations$target"
    figure "  sflowovsd CPU for it (the rest: ovsdb-server, the load)" "$cold_cpu ms user+sys"
    sleep 1
    c0=$(cpu_ms "$pid")
    sleep "$IDLE_S"
    c1=$(cpu_ms "$pid")
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    [ "$n" -ge 10000 ] && rt=12288 || rt=3072
    figure "sflowovsd VmRSS, $n bridges (peak VmHWM $hwm kB)" "$rss kB (target <= $rt kB)"
    figure "sflowovsd idle CPU, $n bridges, over $IDLE_S s" "$((c1 - c0)) ms user+sys (target 0)"
    ovsd_stop
done
echo "  command: one transaction inserting N bridges (python3 on the socket); cold start:" \
     "first Bridge sflow update seen by 'ovsdb-client --timestamp monitor' after exec;" \
     "VmRSS/VmHWM from /proc/PID/status; idle CPU: utime+stime of /proc/PID/stat, $IDLE_S s apart"
