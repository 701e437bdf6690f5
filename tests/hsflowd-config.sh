#!/bin/sh
# `hsflowd -t` prints the same settings for the configs of the two seed
# articles written in the flat and in the block form, and for a config that
# uses every block form and its flat twin; a bad config stops hsflowd with
# file:line and says what is wrong.
. "$top_srcdir/tests/lib/harness.sh"

conf="$top_srcdir/tests/data/conf"
settings() {  # the settings part of -t (the first line names the file)
    hsflowd -t -f "$1" -a "$TEST_DIR/hsflowd.auto" > "$TEST_DIR/t.out" 2> "$TEST_DIR/t.err" \
        || { cat "$TEST_DIR/t.err" >&2; fail "hsflowd -t rejects $1"; }
    grep -q "^# agent address: " "$TEST_DIR/t.out" || fail "-t does not say the agent address"
    tail -n +2 "$TEST_DIR/t.out"
}
for pair in proxmox-flat:proxmox-block proxmox-flat:proxmox-modules xcp-flat:xcp-block \
            all-blocks:all-flat; do
    a=${pair%%:*}; b=${pair#*:}
    settings "$conf/$a.conf" > "$TEST_DIR/a.out"
    settings "$conf/$b.conf" > "$TEST_DIR/b.out"
    diff -u "$TEST_DIR/a.out" "$TEST_DIR/b.out" || fail "$a and $b give different settings"
    log "$a = $b"
done

# The seeds' values, as -t prints them.
settings "$conf/proxmox-flat.conf" > "$TEST_DIR/p.out"
for want in "dnssd off" "polling 20" "sampling 400" "collector 10.0.0.50 6343" \
            "nflog group 5 probability 0.0025 rcvbuf 0" "^polling=20" "^collector=10.0.0.50\$"; do
    grep -q "$want" "$TEST_DIR/p.out" || fail "proxmox: '$want' missing"
done
grep -q "ulogGroup is mapped onto NFLOG" "$TEST_DIR/t.err" || fail "no notice for ulogGroup"
settings "$conf/xcp-block.conf" > "$TEST_DIR/x.out"
grep -q "^sampling=512" "$TEST_DIR/x.out" || fail "xcp: sampling 512 missing"

# A bad file: -t and the daemon both refuse it with file:line.
printf 'sflow {\n  polling = 20\n  sampling = 4x0\n}\n' > "$TEST_DIR/bad.conf"
if hsflowd -t -f "$TEST_DIR/bad.conf" > /dev/null 2> "$TEST_DIR/err"; then
    fail "-t accepted a bad file"
fi
grep -q "^$TEST_DIR/bad.conf:3: sampling: '4x0' is not a number" "$TEST_DIR/err" \
    || { cat "$TEST_DIR/err" >&2; fail "-t: wrong message"; }
if hsflowd -d -f "$TEST_DIR/bad.conf" -a "$TEST_DIR/a" -p "" > "$TEST_DIR/d.log" 2>&1; then
    fail "hsflowd started with a bad file"
fi
grep -q "bad.conf:3: " "$TEST_DIR/d.log" || fail "hsflowd did not say file:line"
[ ! -e "$TEST_DIR/a" ] || fail "hsflowd wrote hsflowd.auto from a bad file"
hsflowd -f "$TEST_DIR/missing.conf" -p "" 2> "$TEST_DIR/m.err" && fail "started without a config"
grep -q "missing.conf: No such file" "$TEST_DIR/m.err" || fail "no message for a missing file"
# The config file we ship parses, and so does every setting it shows in a
# comment once uncommented.
shipped="$top_srcdir/scripts/hsflowd.conf"
if [ -f "$shipped" ]; then
    settings "$shipped" > /dev/null
    sed -e 's/^  # \([a-zA-Z][a-zA-Z.]* =\)/  \1/' \
        -e 's/^  # \(collector {\|ovs {\|kvm {\|xen {\|nflog {\)/  \1/' \
        -e 's/^  #   /    /' -e 's/^  # }/  }/' "$shipped" > "$TEST_DIR/shipped.conf"
    settings "$TEST_DIR/shipped.conf" > "$TEST_DIR/s.out"
    for want in "^polling 20" "^collector 192.0.2.50 6343" "^ovs on" "^kvm qemu:///system" \
                "^nflog group 5"; do
        grep -q "$want" "$TEST_DIR/s.out" || fail "shipped config, uncommented: '$want' missing"
    done
fi
# Without -d hsflowd detaches; the pid file it holds keeps a second one out,
# which says so and exits 1; SIGTERM ends it and removes the pid file.
pidf=$TEST_DIR/daemon.pid
hsflowd -f "$conf/xcp-block.conf" -a "$TEST_DIR/daemon.auto" -p "$pidf" \
    || fail "hsflowd did not detach"
at_exit "kill_pidfile $pidf"
wait_for 10 test -s "$pidf" || fail "no pid file"
pid=$(cat "$pidf")
[ "$(ps -o ppid= -p "$pid" | tr -d ' ')" != "$$" ] || fail "hsflowd did not detach"
wait_for 10 test -s "$TEST_DIR/daemon.auto" || fail "the detached hsflowd wrote no hsflowd.auto"
if hsflowd -f "$conf/xcp-block.conf" -a "$TEST_DIR/daemon.auto" -p "$pidf" 2> "$TEST_DIR/2.err"; then
    fail "a second hsflowd started on the same pid file"
fi
grep -q "already running" "$TEST_DIR/2.err" || fail "the second hsflowd did not say why"
[ "$(cat "$pidf")" = "$pid" ] || fail "the second hsflowd touched the pid file"
kill "$pid"
wait_for 10 sh -c "! kill -0 $pid" || fail "hsflowd did not exit on SIGTERM"
[ ! -e "$pidf" ] || fail "pid file left behind"
pass "flat and block forms agree; bad files are refused with file:line"
