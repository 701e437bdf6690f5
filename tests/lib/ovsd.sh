# Helpers for the sflowovsd integration tests. Source after harness.sh.
#
#   ovsdb_start; nvsctl add-br xenbr0
#   write_auto 1 512 20 "127.0.0.1 6343"     # rev sampling polling collector...
#   ovsd_start [--exclude br-int ...]
#   wait_for 10 all_attached xenbr0
AUTO=$TEST_DIR/hsflowd.auto
OVSD_PID=$TEST_DIR/sflowovsd.pid
OVSD_LOG=$TEST_DIR/sflowovsd.log
export AUTO

# ovs-vsctl that does not wait for ovs-vswitchd (most tests run none).
nvsctl() { vsctl --no-wait "$@"; }

# write_auto REV SAMPLING POLLING [COLLECTOR...]: a new hsflowd.auto, replaced
# by rename as hsflowd does. A collector is "IP" or "IP PORT".
write_auto() {
    rev=$1 sampling=$2 polling=$3; shift 3
    {
        echo "rev_start=$rev"
        echo "sampling=$sampling"
        echo "header=128"
        echo "polling=$polling"
        echo "agent=lo"
        for c in "$@"; do echo "collector=$c"; done
        echo "rev_end=$rev"
    } > "$AUTO.tmp"
    mv "$AUTO.tmp" "$AUTO"
}

# ovsd_start [ARGS...]: sflowovsd in the background on the test's database.
ovsd_start() {
    sflowovsd --db "$OVS_DB" --auto-file "$AUTO" --pidfile "$OVSD_PID" \
        --unixctl "$TEST_DIR/sflowovsd.ctl" \
        --log-file "$OVSD_LOG" -v "$@" &
    OVSD_BG=$!
    at_exit "kill_pidfile $OVSD_PID"
    # The pid file exists (locked, empty) a moment before the pid is in it.
    wait_for 20 test -s "$OVSD_PID" || fail "sflowovsd did not start"
}
ovsd_stop() { kill_pidfile "$OVSD_PID"; wait "$OVSD_BG" 2>/dev/null || true; }
ovsd_kill9() { kill -9 "$OVSD_BG"; wait "$OVSD_BG" 2>/dev/null || true; rm -f "$OVSD_PID"; }

owned_rows() { nvsctl --bare --columns=_uuid find sflow external_ids:sflowovsd=owner; }
n_owned() { owned_rows | grep -c . || true; }
n_rows() { nvsctl --bare --columns=_uuid list sflow | grep -c . || true; }
br_sflow() { nvsctl --bare get bridge "$1" sflow | sed "s/^\[\]$//"; }
row_get() { nvsctl --bare get sflow "$1" "$2"; }

# all_attached BRIDGE...: exactly one row of ours, every BRIDGE references it.
all_attached() {
    r=$(owned_rows)
    [ -n "$r" ] && [ "$(printf '%s\n' "$r" | grep -c .)" = 1 ] || return 1
    for b in "$@"; do [ "$(br_sflow "$b")" = "$r" ] || return 1; done
}
# none_attached BRIDGE...: no row of ours left, and no BRIDGE references one.
none_attached() {
    [ "$(n_owned)" = 0 ] || return 1
    for b in "$@"; do [ -z "$(br_sflow "$b")" ] || return 1; done
}
# our_row_is COL VALUE: our (single) row has VALUE in COL.
our_row_is() { r=$(owned_rows); [ -n "$r" ] && [ "$(row_get "$r" "$1")" = "$2" ]; }

# ovsd_setup: a private ovsdb-server (no ovs-vswitchd) with the three bridges
# of a XenServer host in $BRS, and hsflowd.auto revision 1 (sampling 512,
# polling 20, collector 127.0.0.1).
BRS="xenbr0 xapi1 br-int"
ovsd_setup() {
    ovsdb_start
    for b in $BRS; do nvsctl add-br "$b"; done
    write_auto 1 512 20 "127.0.0.1"
}
