#!/bin/sh
# Installs everything the build, the tests and the demo need on Debian 12.
# Debian's packages must not start services here (the tests start their own
# Open vSwitch, dnsmasq, ...), so a policy-rc.d that forbids it goes first.
set -eu
if [ "$(id -u)" != 0 ]; then
    echo "install-deps.sh: run as root (apt-get)" >&2
    exit 1
fi
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
    build-essential autoconf automake libtool pkg-config git ca-certificates \
    libjansson-dev libc-ares-dev libvirt-dev libvirt0 libnetfilter-log-dev libmnl-dev \
    libpcap-dev check clang libclang-rt-14-dev \
    openvswitch-switch openvswitch-common dnsmasq-base \
    tshark tcpdump iproute2 iptables iputils-ping python3 procps psmisc \
    rpm mandoc groff-base systemd valgrind \
    dpkg-dev lintian qemu-system-x86 \
    libxen-dev
