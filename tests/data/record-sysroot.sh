#!/bin/sh
# Records the /proc and /sys files that the host counter readers use into
# DEST, so that a unit test can read them back as a sysroot:
#   tests/data/record-sysroot.sh tests/data/sysroot-NAME
# Symbolic links become plain files; a `device`, `bridge` or `bonding` entry
# of an interface becomes an empty file (the readers only test that it is
# there). Attributes the kernel refuses to read (speed of a virtual device)
# are left out, as the readers then see them.
set -eu
dest=${1:?usage: record-sysroot.sh DEST}
mkdir -p "$dest/proc/net" "$dest/proc/sys/kernel" "$dest/etc" "$dest/sys/class/net"
for f in meminfo stat loadavg uptime cpuinfo diskstats mounts vmstat net/dev net/snmp \
         sys/kernel/hostname sys/kernel/osrelease sys/kernel/arch; do
    [ -r "/proc/$f" ] && cat "/proc/$f" > "$dest/proc/$f"
done
[ -r /etc/machine-id ] && cp /etc/machine-id "$dest/etc/machine-id"
if [ -r /sys/class/dmi/id/product_uuid ]; then
    mkdir -p "$dest/sys/class/dmi/id"
    cat /sys/class/dmi/id/product_uuid > "$dest/sys/class/dmi/id/product_uuid"
fi
for dir in /sys/class/net/*; do
    ifname=${dir##*/}
    mkdir -p "$dest/sys/class/net/$ifname"
    for a in ifindex address speed duplex operstate flags type; do
        cat "$dir/$a" > "$dest/sys/class/net/$ifname/$a" 2>/dev/null ||
            rm -f "$dest/sys/class/net/$ifname/$a"
    done
    for e in device bridge bonding; do
        [ -e "$dir/$e" ] && : > "$dest/sys/class/net/$ifname/$e"
    done
done
exit 0
