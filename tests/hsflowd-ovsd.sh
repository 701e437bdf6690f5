#!/bin/sh
# hsflowd -> hsflowd.auto -> sflowovsd -> OVSDB: a private ovsdb-server with two
# bridges; every settings change made in hsflowd.conf (SIGHUP) reaches the
# bridges' sFlow row through the hsflowd.auto that hsflowd writes.
. "$top_srcdir/tests/lib/harness.sh"
. "$top_srcdir/tests/lib/ovsd.sh"
ovsdb_start
nvsctl add-br xenbr0
nvsctl add-br xapi1

conf=$TEST_DIR/hsflowd.conf
write_conf() {  # SAMPLING POLLING
    printf 'sflow {\n DNSSD = off\n sampling = %s\n polling = %s\n agent = lo\n collector { ip = 127.0.0.1 udpport = 6343 }\n collector { ip = ::1 udpport = 7000 }\n ovs { }\n}\n' \
        "$1" "$2" > "$conf.new"
    mv "$conf.new" "$conf"
}
write_conf 512 20
hsflowd -d -f "$conf" -a "$AUTO" -p "$TEST_DIR/hsflowd.pid" > "$TEST_DIR/hsflowd.log" 2>&1 &
at_exit "kill_pidfile $TEST_DIR/hsflowd.pid"
wait_for 10 test -s "$AUTO" || fail "hsflowd wrote no hsflowd.auto"
ovsd_start
wait_for 10 all_attached xenbr0 xapi1 || fail "sflowovsd did not attach the bridges"
our_row_is sampling 512 && our_row_is polling 20 && our_row_is agent lo \
    || fail "row: $(nvsctl list sflow)"
t=$(row_get "$(owned_rows)" targets)
[ "$t" = '["127.0.0.1:6343", "[::1]:7000"]' ] || fail "targets: $t"

pid=$(cat "$TEST_DIR/hsflowd.pid")
i=1
while [ $i -le 20 ]; do
    write_conf $((1000 + i)) $((i % 7 + 1))
    kill -HUP "$pid"
    wait_for 10 our_row_is sampling $((1000 + i)) || fail "change $i did not reach OVSDB"
    our_row_is polling $((i % 7 + 1)) || fail "change $i: polling"
    i=$((i + 1))
done
all_attached xenbr0 xapi1 || fail "a change detached a bridge"
log "20 changes, each in OVSDB; hsflowd.auto at revision $(sed -n 's/^rev_end=//p' "$AUTO")"

# No collectors left in hsflowd.conf: sflowovsd takes its row away.
printf 'sflow {\n DNSSD = off\n agent = lo\n}\n' > "$conf"
kill -HUP "$pid"
wait_for 10 none_attached xenbr0 xapi1 || fail "row not removed with the collectors"
pass "each hsflowd settings change reaches the bridges through sflowovsd"
