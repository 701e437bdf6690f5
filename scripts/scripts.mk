## scripts/: install-deps, the test command, the demo, the SysV init scripts
## and systemd units (both made from templates with the configured paths),
## and the default /etc/hsflowd.conf.
EXTRA_DIST += scripts/install-deps.sh scripts/test.sh scripts/demo.sh \
	scripts/initscript.in scripts/hsflowd.service.in scripts/sflowovsd.service.in \
	scripts/hsflowd-xen.conf \
	scripts/hsflowd.conf tests/pkg-rpm.sh

script_edit = sed -e 's|@SBINDIR@|$(sbindir)|g' -e 's|@SYSCONFDIR@|$(sysconfdir)|g' \
	-e 's|@RUNSTATEDIR@|$(localstatedir)/run|g'

scripts/hsflowd.init: scripts/initscript.in Makefile
	$(AM_V_GEN)$(MKDIR_P) scripts && $(script_edit) \
	    -e 's|@NAME@|hsflowd|g' -e 's|@VAR@|HSFLOWD|g' \
	    -e 's|@DESC@|Host sFlow agent|g' \
	    -e 's|@PIDFILE@|$(localstatedir)/run/hsflowd.pid|g' \
	    -e 's|@START_ARGS@|-f $(sysconfdir)/hsflowd.conf -a $(sysconfdir)/hsflowd.auto -p "$$PIDFILE"|g' \
	    -e 's|@REQUIRED_START@||g' -e 's|@SHOULD_START@|libvirtd|g' \
	    -e 's|@CHKCONFIG_START@|85|g' -e 's|@CHKCONFIG_STOP@|15|g' \
	    $(srcdir)/scripts/initscript.in > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@

scripts/sflowovsd.init: scripts/initscript.in Makefile
	$(AM_V_GEN)$(MKDIR_P) scripts && $(script_edit) \
	    -e 's|@NAME@|sflowovsd|g' -e 's|@VAR@|SFLOWOVSD|g' \
	    -e 's|@DESC@|sFlow controller for Open vSwitch|g' \
	    -e 's|@PIDFILE@|$(localstatedir)/run/sflowovsd.pid|g' \
	    -e 's|@START_ARGS@|--detach --pidfile "$$PIDFILE" --auto-file $(sysconfdir)/hsflowd.auto|g' \
	    -e 's|@REQUIRED_START@|hsflowd|g' \
	    -e 's|@SHOULD_START@|openvswitch openvswitch-switch|g' \
	    -e 's|@CHKCONFIG_START@|86|g' -e 's|@CHKCONFIG_STOP@|14|g' \
	    $(srcdir)/scripts/initscript.in > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@

scripts/hsflowd.service: scripts/hsflowd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) scripts && $(script_edit) $(srcdir)/scripts/hsflowd.service.in > $@

scripts/sflowovsd.service: scripts/sflowovsd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) scripts && $(script_edit) $(srcdir)/scripts/sflowovsd.service.in > $@

SERVICE_FILES = scripts/hsflowd.init scripts/sflowovsd.init \
	scripts/hsflowd.service scripts/sflowovsd.service
noinst_DATA = $(SERVICE_FILES)
CLEANFILES += $(SERVICE_FILES)

if HAVE_SYSTEMD
systemdsystemunit_DATA = scripts/hsflowd.service scripts/sflowovsd.service
endif

# Init scripts go in as init.d/hsflowd and init.d/sflowovsd; the default
# config is installed only where none exists (an operator's file is kept).
install-data-local:
if WITH_INITSCRIPTS
	$(MKDIR_P) $(DESTDIR)$(sysconfdir)/init.d
	$(INSTALL_SCRIPT) scripts/hsflowd.init $(DESTDIR)$(sysconfdir)/init.d/hsflowd
	$(INSTALL_SCRIPT) scripts/sflowovsd.init $(DESTDIR)$(sysconfdir)/init.d/sflowovsd
endif
	$(MKDIR_P) $(DESTDIR)$(sysconfdir)
	test -f $(DESTDIR)$(sysconfdir)/hsflowd.conf || \
	    $(INSTALL_DATA) $(srcdir)/scripts/hsflowd.conf $(DESTDIR)$(sysconfdir)/hsflowd.conf

uninstall-local:
	rm -f $(DESTDIR)$(sysconfdir)/init.d/hsflowd $(DESTDIR)$(sysconfdir)/init.d/sflowovsd
	if cmp -s $(srcdir)/scripts/hsflowd.conf $(DESTDIR)$(sysconfdir)/hsflowd.conf; then \
	    rm -f $(DESTDIR)$(sysconfdir)/hsflowd.conf; fi

# distcheck installs as a user under a private prefix: keep units there too.
AM_DISTCHECK_CONFIGURE_FLAGS = --with-systemdsystemunitdir='$${dc_install_base}/lib/systemd/system'
