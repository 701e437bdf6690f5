# Shell library for the Xen module's tests (source after harness.sh): a
# recorded XCP-ng-like host (tests/data/xen), served the way hsflowd reads a
# real one, with no hypervisor:
#   domains.rec   -> hsflowd-xenrec's recorded xen_ctl ($HSFLOWD_XEN_RECORDED)
#   xenstore.txt  -> tests/tools/xenstore-stub.py, reached by the real
#                    libxenstore through $XENSTORED_PATH
#   root/         -> --sysroot: /proc/net/dev, /sys (vifs, blkback), /dev/shm
#                    (tapdisk3)
# The copy under $TEST_DIR/xen may be changed by the test between polls.

# xen_init: copies the recorded host and starts the stand-in xenstored.
xen_init() {
    XEN_DIR=$TEST_DIR/xen
    cp -R "$top_srcdir/tests/data/xen" "$XEN_DIR"
    chmod -R u+w "$XEN_DIR"
    XEN_ROOT=$XEN_DIR/root
    XEN_TREE=$XEN_DIR/xenstore.txt
    XEN_REC=$XEN_DIR/domains.rec
    XEN_SOCK=$TEST_DIR/xs.sock
    python3 "$top_srcdir/tests/tools/xenstore-stub.py" "$XEN_SOCK" "$XEN_TREE" \
        "$TEST_DIR/xs.pid" > "$TEST_DIR/xs.log" 2>&1 &
    at_exit "kill_pidfile $TEST_DIR/xs.pid"
    wait_for 20 test -S "$XEN_SOCK" || fail "the stand-in xenstored did not start"
}

# xen_replace FILE: replaces FILE with stdin in one rename (hsflowd never
# sees half a file).
xen_replace() {
    cat > "$1.new"
    mv -f "$1.new" "$1"
}

# xen_hsflowd NAME POLLING: hsflowd-xenrec (hsflowd with the recorded
# xen_ctl) with a xen { } block, the recorded sysroot and a collector on
# loopback ($TEST_DIR/NAME.json).
xen_hsflowd() {
    port=$(free_udp_port)
    { loopback_sflow_conf "$2" "$port"; echo "xen { }"; } > "$TEST_DIR/$1.conf"
    loopback_collector "$1" "$port"
    XENSTORED_RUNDIR=$TEST_DIR/no-xenstored XENSTORED_PATH=$XEN_SOCK \
        HSFLOWD_XEN_RECORDED=$XEN_REC \
        "$top_builddir/tests/tools/hsflowd-xenrec" -d -f "$TEST_DIR/$1.conf" \
        -a "$TEST_DIR/$1.auto" -p "$TEST_DIR/$1.pid" --unixctl "$TEST_DIR/$1.ctl" \
        --sysroot "$XEN_ROOT" > "$TEST_DIR/$1.log" 2>&1 &
    at_exit "kill_pidfile $TEST_DIR/$1.pid"
}

# xen_expect ARGS...: tests/xen-expect.py with the expectations of the
# recorded host.
xen_expect() {
    python3 "$top_srcdir/tests/xen-expect.py" "$@"
}
