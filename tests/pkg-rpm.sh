#!/bin/sh
# Builds the binary and source RPMs with `make rpm` and checks what they hold
# and that their scriptlets are safe where chkconfig/systemd are missing.
# Run from scripts/test.sh in a configured build directory (it rebuilds the
# dist tarball, so it is not part of `make check`).
# Usage: tests/pkg-rpm.sh BUILDDIR
set -eu
b=$(cd "$1" && pwd)
make -C "$b" -s rpm >"$b/rpm.log" 2>&1 || { tail -n 40 "$b/rpm.log"; echo "FAIL: make rpm"; exit 1; }
rpm_bin=$(ls "$b"/rpmbuild/RPMS/*/hsflowd-*.rpm)
rpm_src=$(ls "$b"/rpmbuild/SRPMS/hsflowd-*.src.rpm)
echo "built: $rpm_bin $rpm_src"
list=$(rpm -qlp "$rpm_bin")
for f in /usr/sbin/hsflowd /usr/sbin/sflowovsd /usr/sbin/hsflowd-nflog-rules /usr/bin/sflowdump /etc/hsflowd.conf \
         /etc/init.d/hsflowd /etc/init.d/sflowovsd \
         hsflowd.service sflowovsd.service hsflowd.service.d/xen.conf \
         man8/hsflowd.8 man8/sflowovsd.8 man5/hsflowd.conf.5 man1/sflowdump.1; do
    printf '%s\n' "$list" | grep -q -- "$f" || { echo "FAIL: $f not in $rpm_bin"; exit 1; }
done
# No hard dependency on libvirt or Xen's libraries (loaded at run time, and
# XCP-ng brings its own).
if rpm -qpR "$rpm_bin" | grep -Ei "libvirt|libxen"; then
    echo "FAIL: the RPM requires libvirt or Xen's libraries"; exit 1
fi
rpm -qp --configfiles "$rpm_bin" | grep -qx /etc/hsflowd.conf \
    || { echo "FAIL: /etc/hsflowd.conf is not a config file"; exit 1; }
scripts=$(rpm -qp --scripts "$rpm_bin")
printf '%s\n' "$scripts"
for s in postinstall preuninstall postuninstall; do
    printf '%s\n' "$scripts" | grep -q "^$s scriptlet" || { echo "FAIL: no $s scriptlet"; exit 1; }
done
# Each scriptlet guards chkconfig and systemctl: run them where neither exists.
tmp=$(mktemp -d)
printf '%s\n' "$scripts" | awk -v d="$tmp" '
    / scriptlet \(using /{ f=d "/" $1 ".sh"; next } f { print > f }'
for s in "$tmp"/*.sh; do
    for arg in 0 1 2; do
        env -i PATH="$tmp/nopath" /bin/sh "$s" "$arg" \
            || { echo "FAIL: $(basename "$s") $arg fails without chkconfig/systemd"; exit 1; }
    done
done
rm -rf "$tmp"
echo "PASS: rpm contents and scriptlets"
