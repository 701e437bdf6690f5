#!/bin/sh
# Builds the Debian package from the dist tarball with Debian's own tools:
# configure for /usr and /etc, make install into a staging root, then
# dpkg-shlibdeps (Depends from the binaries' libraries), dpkg-gencontrol
# (the control file, Installed-Size) and dpkg-deb. Checks it with lintian
# when installed.
# Usage: scripts/deb/mkdeb.sh TARBALL SRCDIR OUTDIR
set -eu
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
out=$3
rm -rf "$out"
mkdir -p "$out/build"
out=$(cd "$out" && pwd)
tar -xzf "$tarball" -C "$out/build"
tree=$(ls -d "$out"/build/hsflowd-*)
version=${tree##*/hsflowd-}
root=$tree/debian/hsflowd
cd "$tree"
./configure -q --prefix=/usr --sysconfdir=/etc --localstatedir=/var \
    --with-systemdsystemunitdir=/lib/systemd/system --with-initscripts
make -s -j"$(nproc)"
make -s install DESTDIR="$root"

# What Debian policy asks of the installed tree.
strip --strip-unneeded --remove-section=.comment --remove-section=.note \
    "$root"/usr/sbin/hsflowd "$root"/usr/sbin/sflowovsd "$root"/usr/bin/sflowdump
find "$root/usr/share/man" -type f -exec gzip -9n {} +
doc=$root/usr/share/doc/hsflowd
mkdir -p "$doc"
cp "$src/scripts/deb/copyright" "$doc/copyright"
cp README.md "$doc/README.md"
# The maintainer: DEBFULLNAME and DEBEMAIL as Debian's tools take them, for a
# site that builds its own package; else a placeholder lintian calls bogus.
maint="${DEBFULLNAME:-hsflowd maintainers} <${DEBEMAIL:-hsflowd@localhost.localdomain}>"
date=$(date -R -d "@${SOURCE_DATE_EPOCH:-$(stat -c %Y "$src/scripts/deb/control")}")
cat > debian/changelog <<EOC
hsflowd ($version-1) unstable; urgency=medium

  * Package of hsflowd $version.

 -- $maint  $date
EOC
gzip -9nc debian/changelog > "$doc/changelog.Debian.gz"
sed "s|^Maintainer: .*|Maintainer: $maint|" "$src/scripts/deb/control" > debian/control

# Maintainer scripts, and every file under /etc as a conffile.
mkdir -p "$root/DEBIAN"
for s in postinst prerm postrm; do
    install -m 0755 "$src/scripts/deb/$s" "$root/DEBIAN/$s"
done
(cd "$root" && find etc -type f | sort | sed 's|^|/|') > "$root/DEBIAN/conffiles"

dpkg-shlibdeps -Tdebian/hsflowd.substvars \
    "$root"/usr/sbin/hsflowd "$root"/usr/sbin/sflowovsd "$root"/usr/bin/sflowdump
dpkg-gencontrol -phsflowd -Pdebian/hsflowd -Tdebian/hsflowd.substvars -Vmisc:Depends=
deb=$out/hsflowd_${version}-1_$(dpkg --print-architecture).deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
if command -v lintian >/dev/null 2>&1; then
    lintian --tag-display-limit 0 "$deb" > "$out/lintian.txt" 2>&1 || true
    cat "$out/lintian.txt" >&2
fi
