#!/bin/sh
# hsflowd --sysroot reads recorded odd files (tests/data/sysroot-odd: huge
# numbers, 64-bit wrap, truncated lines, a missing loadavg) and what reaches
# the collector is exactly what those files say: the readers, the encoder and
# the decoder agree end to end, and a record whose file is missing is left
# out rather than made up.
. "$top_srcdir/tests/lib/harness.sh"
require_cmd python3

port=$(free_udp_port)
hsflowd_conf hsflowd "$port" "polling = 1"

loopback_collector dump "$port"

hsflowd_bg hsflowd --sysroot "$top_srcdir/tests/data/sysroot-odd"

check() {
    python3 - "$TEST_DIR/dump.json" <<'EOP'
import json, sys
host, ifs = None, {}
for line in open(sys.argv[1]):
    for s in json.loads(line)["samples"]:
        if s["source_class"] == 2 and s["source_index"] == 1:
            host = {r["format"]: r for r in s["records"]}
        elif s["source_class"] == 0:
            ifs[s["source_index"]] = s["records"][0]
if host is None or set(ifs) != {2, 3, 5, 6}:
    sys.exit("not all samples yet: host %s, interfaces %s" % (host is not None, sorted(ifs)))
# No loadavg: no host_cpu; Icmp's value line is short: no mib2 icmp.
assert sorted(host) == [2000, 2001, 2004, 2005, 2006, 2007, 2009, 2010], sorted(host)
d = host[2000]
assert d["hostname"] == "xcp-ng-host-with-a-very-long-name-that-goes-past-sixty-four-char", d
assert d["uuid"] == "4c4c4544-0042-3510-8052-b4c04f564433", d
assert d["machine_type"] == 0 and d["os_name"] == 2 and d["os_release"] == "4.19.0+1", d
assert host[2001]["adaptor_list"] == [
    "2/00:16:3e:aa:bb:01", "3/00:16:3e:aa:bb:02", "4/00:16:3e:aa:bb:03",
    "5/00:16:3e:aa:bb:01", "6/00:16:3e:aa:bb:01", "7/fe:ff:ff:ff:ff:ff"], host[2001]
m = host[2004]
assert m["mem_total"] == 0 and m["mem_free"] == 1048576, m          # 2^64 wrapped
assert m["mem_cached"] % 2**64 == 2**64 - 1024, m                   # (2^64-1) kB
assert (m["page_in"], m["swap_in"], m["swap_out"]) == (1, 7, 2**32 - 1), m
k = host[2005]
assert (k["reads"], k["bytes_read"], k["writes"], k["bytes_written"]) == \
    (1099, 22000 * 512, 441, 8801 * 512), k
assert k["disk_total"] == 0, k          # no statvfs under a test sysroot
n = host[2006]
assert (n["bytes_in"], n["pkts_in"], n["bytes_out"], n["pkts_out"]) == (999, 21, 2000, 39), n
assert host[2007]["ipInReceives"] == 5 and host[2009]["tcpMaxConn"] == 2**32 - 1
e0 = ifs[2]
assert e0["ifInOctets"] % 2**64 == 2**64 - 1 and e0["ifSpeed"] == 10**10, e0
assert (e0["ifStatus"], e0["ifDirection"], e0["ifPromiscuousMode"]) == (3, 1, 1), e0
assert (e0["ifInUcastPkts"], e0["ifInMulticastPkts"], e0["ifOutOctets"]) == (4294967287, 10, 0), e0
assert ifs[3]["ifStatus"] == 1 and ifs[3]["ifDirection"] == 2, ifs[3]
assert ifs[6]["ifSpeed"] == 0 and ifs[6]["ifInOctets"] == 700, ifs[6]
EOP
}

wait_for 20 check || { check; fail "the counters from the sysroot did not arrive as recorded"; }
[ "$(grep -c 'proc/loadavg' "$TEST_DIR/hsflowd.log")" = 1 ] \
    || fail "the missing loadavg was not logged exactly once"
pass "records from a recorded sysroot arrive at the collector as the files say"
