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

