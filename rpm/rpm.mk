## The RPM: rpm/hsflowd.spec is made by configure from rpm/hsflowd.spec.in.
## `make rpm` builds the binary and source RPMs from the dist tarball into
## ./rpmbuild (rpmbuild from Debian's `rpm` package works; --nodeps because
## the build host's libraries are not in an RPM database).
EXTRA_DIST += rpm/hsflowd.spec.in

RPMBUILD_TOP = $(abs_builddir)/rpmbuild

rpm: dist-gzip rpm/hsflowd.spec
	rm -rf $(RPMBUILD_TOP)
	$(MKDIR_P) $(RPMBUILD_TOP)/SOURCES
	cp $(distdir).tar.gz $(RPMBUILD_TOP)/SOURCES/
	rpmbuild --define "_topdir $(RPMBUILD_TOP)" --nodeps -ba rpm/hsflowd.spec
	@ls -1 $(RPMBUILD_TOP)/RPMS/*/*.rpm $(RPMBUILD_TOP)/SRPMS/*.rpm

clean-local: clean-rpm
clean-rpm:
	rm -rf $(RPMBUILD_TOP)


## The Debian package (Debian, Proxmox VE): `make deb` builds it from the dist
## tarball with dpkg-shlibdeps, dpkg-gencontrol and dpkg-deb into ./debbuild,
## and runs lintian when it is installed. Its files are in scripts/deb/.
EXTRA_DIST += scripts/deb/control scripts/deb/copyright scripts/deb/postinst \
	scripts/deb/prerm scripts/deb/postrm scripts/deb/mkdeb.sh tests/pkg-deb.sh

deb: dist-gzip
	$(SHELL) $(srcdir)/scripts/deb/mkdeb.sh $(distdir).tar.gz $(srcdir) $(abs_builddir)/debbuild

clean-local: clean-deb
clean-deb:
	rm -rf $(abs_builddir)/debbuild
