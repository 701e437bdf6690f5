## rtnetlink (src/netlink/iftable.h): the interface table kept from link
## notifications, and the interface counters in one RTM_GETSTATS dump.
noinst_LIBRARIES += src/netlink/libnetlink.a
# Each module is a .c and its .h.
NETLINK_MODULES = src/netlink/rtlink src/netlink/nlsock src/netlink/rtaddr src/netlink/iftable
src_netlink_libnetlink_a_SOURCES = $(NETLINK_MODULES:=.c) $(NETLINK_MODULES:=.h)
src_netlink_libnetlink_a_CFLAGS = $(AM_CFLAGS)

check_PROGRAMS += tests/unit/test_netlink_rtlink
TESTS += tests/unit/test_netlink_rtlink
tests_unit_test_netlink_rtlink_SOURCES = tests/unit/test_netlink_rtlink.c
tests_unit_test_netlink_rtlink_CFLAGS = $(UNIT_COMPILE_OPTS)
tests_unit_test_netlink_rtlink_LDADD = src/netlink/libnetlink.a src/common/libcommon.a $(UNIT_LINK_LIBS)

# The table against /proc/net/dev and /sys/class/net in a namespace of the
# test's own: veths with traffic, links added and removed, a burst of 1,000.
check_PROGRAMS += tests/tools/iftable-check
tests_tools_iftable_check_SOURCES = tests/tools/iftable-check.c
tests_tools_iftable_check_CFLAGS = $(AM_CFLAGS)
tests_tools_iftable_check_LDADD = src/counters/libcounters.a src/netlink/libnetlink.a \
	src/sflow/libsflow.a src/common/libcommon.a
TESTS += tests/counters-netlink.sh
EXTRA_DIST += tests/counters-netlink.sh
