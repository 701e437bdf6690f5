#!/bin/sh
# Builds the Debian package with `make deb`, checks what it holds and what
# it depends on, then installs it on this machine with dpkg -i (files where
# the package says, services enabled, not started), removes it with dpkg -r
# (files gone, the edited conffile kept) and purges it with dpkg -P
# (nothing left). Run from scripts/test.sh in a configured build directory as
# root (it rebuilds the dist tarball and changes the system's package
# database, so it is not part of `make check`).
# Usage: tests/pkg-deb.sh BUILDDIR
set -eu
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (dpkg -i)"; exit 0; }
b=$(cd "$1" && pwd)
make -C "$b" -s deb >"$b/deb.log" 2>&1 || { tail -n 40 "$b/deb.log"; fail "make deb"; }
deb=$(ls "$b"/debbuild/hsflowd_*.deb)
echo "built: $deb"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
for f in /usr/sbin/hsflowd /usr/sbin/sflowovsd /usr/sbin/hsflowd-nflog-rules /usr/bin/sflowdump \
         /etc/hsflowd.conf /etc/init.d/hsflowd /etc/init.d/sflowovsd \
         /lib/systemd/system/hsflowd.service /lib/systemd/system/sflowovsd.service \
         /usr/share/man/man8/hsflowd.8.gz /usr/share/man/man8/sflowovsd.8.gz \
         /usr/share/man/man5/hsflowd.conf.5.gz /usr/share/man/man1/sflowdump.1.gz \
         /usr/share/doc/hsflowd/copyright; do
    printf '%s\n' "$contents" | grep -qx -- "$f" || fail "$f not in $deb"
done
dpkg-deb -f "$deb" Depends | tee "$b/deb-depends.txt"
for lib in libc6 libjansson4 libc-ares2; do
    grep -q "$lib" "$b/deb-depends.txt" || fail "Depends lacks $lib (computed by dpkg-shlibdeps)"
done
dpkg-deb -I "$deb" conffiles | grep -qx /etc/hsflowd.conf || fail "/etc/hsflowd.conf is not a conffile"
echo "PASS: deb contents, computed Depends, conffiles"

# Install on this machine (a previous run's leftovers purged first).
dpkg -P hsflowd >/dev/null 2>&1 || true
if ! dpkg -i "$deb" > "$b/dpkg-i.log" 2>&1; then
    cat "$b/dpkg-i.log"
    apt-get -f install -y -q >/dev/null 2>&1 || true     # pull in missing Depends
    dpkg -s hsflowd 2>/dev/null | grep -q '^Status: install ok installed' || fail "dpkg -i"
fi
installed=$(dpkg -L hsflowd)
for f in $contents; do
    [ -d "$f" ] && continue
    printf '%s\n' "$installed" | grep -qx -- "$f" || fail "dpkg -L lacks $f"
    [ -e "$f" ] || fail "$f not installed"
done
/usr/sbin/hsflowd --version | grep -q '^hsflowd ' || fail "the installed hsflowd does not run"
if pgrep -f '^/usr/sbin/(hsflowd|sflowovsd)( |$)' >/dev/null; then
    fail "installing the package started a service"
fi
if command -v deb-systemd-helper >/dev/null 2>&1; then
    for u in hsflowd sflowovsd; do
        [ -L "/etc/systemd/system/multi-user.target.wants/$u.service" ] ||
            fail "$u.service not enabled on install"
    done
fi
echo "PASS: dpkg -i installs every file where the package says, enables, starts nothing"

# Remove: the files go, the operator's edited conffile stays.
echo "# edited by the operator" >> /etc/hsflowd.conf
dpkg -r hsflowd > "$b/dpkg-r.log" 2>&1 || { cat "$b/dpkg-r.log"; fail "dpkg -r"; }
for f in $contents; do
    [ -d "$f" ] && continue
    case $f in
    /etc/*) [ -e "$f" ] || fail "dpkg -r removed the conffile $f" ;;
    *) [ ! -e "$f" ] || fail "dpkg -r left $f" ;;
    esac
done
grep -q "edited by the operator" /etc/hsflowd.conf || fail "dpkg -r lost the operator's edit"
echo "PASS: dpkg -r removes the files and keeps the conffiles"

# Purge: nothing left.
touch /etc/hsflowd.auto
dpkg -P hsflowd > "$b/dpkg-p.log" 2>&1 || { cat "$b/dpkg-p.log"; fail "dpkg -P"; }
for f in $contents /etc/hsflowd.auto /etc/systemd/system/multi-user.target.wants/hsflowd.service; do
    [ -d "$f" ] && continue
    [ ! -e "$f" ] && [ ! -L "$f" ] || fail "dpkg -P left $f"
done
! dpkg -s hsflowd >/dev/null 2>&1 || fail "dpkg still knows hsflowd after -P"
echo "PASS: dpkg -P removes everything, conffiles and hsflowd.auto too"
