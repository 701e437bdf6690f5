#!/bin/sh
# --user: both daemons open what needs root, then run as another user for
# good (checked in /proc/PID/status: uid, capabilities, no_new_privs), and
# still do their work: sflowovsd attaches and follows hsflowd.auto through
# a database socket its group may reach; hsflowd sends counters to a
# loopback collector, writes hsflowd.auto into a directory the user owns
# and applies a config reloaded on SIGHUP.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
require_root
require_cmd python3
umask 022
id nobody > /dev/null 2>&1 || skip "no user 'nobody'"
nobody_uid=$(id -u nobody)
nobody_gid=$(id -g nobody)
chmod 0711 "$TEST_DIR"     # nobody may reach the files named below, not list them

# status_is PID FIELD VALUE: /proc/PID/status has FIELD with VALUE.
status_is() { grep -q "^$2:[[:space:]]*$3\$" "/proc/$1/status"; }

# ---- sflowovsd --user nobody -------------------------------------------------
ovsd_setup
chgrp "$nobody_gid" "$TEST_DIR/db.sock"
chmod 0770 "$TEST_DIR/db.sock"
ovsd_start --user nobody
pid=$(cat "$OVSD_PID")
wait_for 20 status_is "$pid" Uid "$nobody_uid[[:space:]]*$nobody_uid[[:space:]]*$nobody_uid[[:space:]]*$nobody_uid" \
    || fail "sflowovsd: $(grep ^Uid: /proc/$pid/status)"
status_is "$pid" Gid "$nobody_gid[[:space:]]*$nobody_gid[[:space:]]*$nobody_gid[[:space:]]*$nobody_gid" \
    || fail "sflowovsd: $(grep ^Gid: /proc/$pid/status)"
status_is "$pid" CapEff 0000000000000000 || fail "sflowovsd kept capabilities"
status_is "$pid" CapPrm 0000000000000000 || fail "sflowovsd kept permitted capabilities"
status_is "$pid" NoNewPrivs 1 || fail "sflowovsd: no_new_privs not set"
wait_for 20 all_attached $BRS || fail "sflowovsd as nobody did not attach"
write_auto 2 1024 30 "127.0.0.1"
wait_for 20 our_row_is sampling 1024 || fail "sflowovsd as nobody did not follow hsflowd.auto"
ovsd_stop
[ "$(n_rows)" = 0 ] || fail "sflowovsd as nobody did not detach on SIGTERM"
pass "sflowovsd --user nobody: uid $nobody_uid, no capabilities, attaches and follows"

# As sflowovsd.service runs it: root without a single capability still
# reaches root's db.sock and reads hsflowd.auto.
[ -z "$(sed -n 's/^CapabilityBoundingSet=//p' "$top_builddir/scripts/sflowovsd.service")" ] \
    || fail "sflowovsd.service keeps capabilities"
setpriv --bounding-set=-all --inh-caps=-all --no-new-privs \
    sflowovsd --db "$OVS_DB" --auto-file "$AUTO" --dry-run > "$TEST_DIR/dry.out" 2> "$TEST_DIR/dry.err" \
    || { cat "$TEST_DIR/dry.err" >&2; fail "sflowovsd without capabilities failed"; }
grep -q '"sampling": 1024' "$TEST_DIR/dry.out" || fail "sflowovsd without capabilities: no plan"
pass "sflowovsd with the unit's empty capability set reads the database"

if sflowovsd --db "$OVS_DB" --auto-file "$AUTO" --user no-such-user-here \
        > /dev/null 2> "$TEST_DIR/nouser.err"; then
    fail "sflowovsd ran as an unknown user"
fi
grep -q "no-such-user-here" "$TEST_DIR/nouser.err" || fail "no message for an unknown user"

# ---- hsflowd -u nobody -------------------------------------------------------
port=$(free_udp_port)
loopback_collector dump "$port"
mkdir -m 0755 "$TEST_DIR/var"
chown nobody "$TEST_DIR/var"
conf=$TEST_DIR/hsflowd.conf
write_conf() {
    printf 'sflow {\n DNSSD = off\n polling = 1\n sampling = %s\n collector { ip = 127.0.0.1 udpport = %s }\n}\n' \
        "$1" "$port" > "$conf.new"
    mv "$conf.new" "$conf"
}
write_conf 400
hsflowd -d -u nobody -f "$conf" -a "$TEST_DIR/var/hsflowd.auto" -p "$TEST_DIR/hsflowd.pid" \
    --unixctl "$TEST_DIR/hsflowd.ctl" > "$TEST_DIR/hsflowd.log" 2>&1 &
at_exit "kill_pidfile $TEST_DIR/hsflowd.pid"
wait_for 20 test -s "$TEST_DIR/hsflowd.pid" || fail "hsflowd did not start"
pid=$(cat "$TEST_DIR/hsflowd.pid")
wait_for 20 status_is "$pid" Uid "$nobody_uid[[:space:]]*$nobody_uid[[:space:]]*$nobody_uid[[:space:]]*$nobody_uid" \
    || fail "hsflowd: $(grep ^Uid: /proc/$pid/status)"
status_is "$pid" CapEff 0000000000003000 \
    || fail "hsflowd: $(grep ^CapEff: /proc/$pid/status), want CAP_NET_ADMIN and CAP_NET_RAW only"
status_is "$pid" NoNewPrivs 1 || fail "hsflowd: no_new_privs not set"
wait_for 20 grep -q "^sampling=400" "$TEST_DIR/var/hsflowd.auto" || fail "hsflowd.auto not written"
[ "$(stat -c %u "$TEST_DIR/var/hsflowd.auto")" = "$nobody_uid" ] || fail "hsflowd.auto not written by nobody"
counters() {
    python3 - "$TEST_DIR/dump.json" <<'EOP'
import json, sys
n = 0
for line in open(sys.argv[1]):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    n += sum(1 for s in d.get("samples", []) if "counters" in s.get("type", ""))
sys.exit(0 if n >= 1 else 1)
EOP
}
wait_for 30 counters || { head -c 600 "$TEST_DIR/dump.json" >&2; fail "no counters from hsflowd as nobody"; }
write_conf 800
kill -HUP "$pid"
wait_for 20 grep -q "^sampling=800" "$TEST_DIR/var/hsflowd.auto" || fail "SIGHUP as nobody not applied"
kill_pidfile "$TEST_DIR/hsflowd.pid"
pass "hsflowd -u nobody: uid $nobody_uid, CAP_NET_ADMIN and CAP_NET_RAW, sends, writes, reloads"

# ---- the units' capability sets are enough -----------------------------------
# hsflowd binds NFLOG (in a network namespace of its own) as root limited to
# the bounding set of hsflowd.service, and as nobody with -u; without
# CAP_NET_ADMIN it cannot: the capability kept is the one needed. (CAP_NET_RAW,
# for pcap { }, is tested with real packet sockets by the pcap tests.)
require_cmd setpriv unshare
unit_caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$top_builddir/scripts/hsflowd.service")
[ "$unit_caps" = "CAP_NET_ADMIN CAP_NET_RAW" ] || fail "hsflowd.service bounding set: '$unit_caps'"
printf 'sflow {\n DNSSD = off\n polling = 20\n collector { ip = 127.0.0.1 }\n nflog { group = 7 probability = 1 }\n}\n' \
    > "$TEST_DIR/nflog.conf"
# nflog_run NAME BOUNDING-SET AUTO-DIR [HSFLOWD-ARGS]: hsflowd until it has said
# how NFLOG went.
nflog_run() {
    n=$1 caps=$2 dir=$3; shift 3
    unshare -n setpriv --bounding-set="$caps" --inh-caps=-all --no-new-privs \
        hsflowd -d -f "$TEST_DIR/nflog.conf" -a "$dir/$n.auto" -p "$TEST_DIR/$n.pid" \
        --unixctl "$TEST_DIR/$n.ctl" "$@" > "$TEST_DIR/$n.log" 2>&1 &
    at_exit "kill_pidfile $TEST_DIR/$n.pid"
    wait_for 20 grep -q "nflog: group 7\|NFLOG group 7" "$TEST_DIR/$n.log" \
        || fail "$n: hsflowd said nothing about NFLOG"
    ! grep -q "error" "$TEST_DIR/$n.log" || { cat "$TEST_DIR/$n.log" >&2; fail "$n: errors"; }
    kill_pidfile "$TEST_DIR/$n.pid"
}
nflog_run unitcaps -all,+net_admin,+net_raw "$TEST_DIR"
grep -q "nflog: group 7, " "$TEST_DIR/unitcaps.log" \
    || { cat "$TEST_DIR/unitcaps.log" >&2; fail "NFLOG not bound with the unit's capabilities"; }
# -u needs CAP_SETUID and CAP_SETGID to become nobody, then keeps CAP_NET_ADMIN
# (and CAP_NET_RAW).
nflog_run nobodycaps -all,+net_admin,+net_raw,+setuid,+setgid "$TEST_DIR/var" -u nobody
grep -q "nflog: group 7, " "$TEST_DIR/nobodycaps.log" \
    || { cat "$TEST_DIR/nobodycaps.log" >&2; fail "NFLOG not bound as nobody"; }
nflog_run nocaps -all,+net_raw "$TEST_DIR"
grep -q "NFLOG group 7: .*Operation not permitted" "$TEST_DIR/nocaps.log" \
    || { cat "$TEST_DIR/nocaps.log" >&2; fail "NFLOG bound without CAP_NET_ADMIN?"; }
pass "CAP_NET_ADMIN, and not CAP_NET_RAW, lets hsflowd bind NFLOG (as root or as nobody)"
