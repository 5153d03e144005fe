# Network namespaces, veth pairs and iptables for the failover tests that partition masters and agents
# (tests/Mesos.Host.Tests/HighAvailability). As root: installs Debian's iproute2, iptables and
# util-linux (nsenter) when missing, then makes and removes a namespace to see that the kernel permits
# it. Exports MESOS_TEST_NETNS=1 when it does; otherwise MESOS_TEST_NETNS_MISSING says why, and those
# tests are skipped with that reason (only root may make namespaces). With CI=true, a root that cannot
# make one stops the run instead. Sourced by test.sh.

. tests/deps/lib/apt-install.sh

mesos_test_netns() {
  if [ "$(id -u)" != 0 ]; then
    MESOS_TEST_NETNS_MISSING="network namespaces and iptables need root (the partition tests run as root)"
    return 2
  fi
  if ! command -v ip >/dev/null 2>&1 || ! command -v iptables >/dev/null 2>&1 || ! command -v nsenter >/dev/null 2>&1; then
    mesos_test_apt_install netns.sh iproute2 iptables util-linux || {
      MESOS_TEST_NETNS_MISSING="iproute2, iptables or nsenter is missing and could not be installed"
      return 1
    }
  fi
  local probe="mesos-test-probe-$$"
  if ! ip netns add "$probe" 2>/dev/null; then
    MESOS_TEST_NETNS_MISSING="this machine does not permit network namespaces (ip netns add failed)"
    return 1
  fi
  if ! nsenter --net="/run/netns/$probe" iptables -L INPUT -n >/dev/null 2>&1; then
    ip netns del "$probe"
    MESOS_TEST_NETNS_MISSING="iptables does not work inside a network namespace here"
    return 1
  fi
  ip netns del "$probe"
  export MESOS_TEST_NETNS=1
}

if [ -z "${MESOS_TEST_NETNS:-}" ]; then
  mesos_test_netns_status=0
  mesos_test_netns || mesos_test_netns_status=$?
  if [ "$mesos_test_netns_status" != 0 ]; then
    export MESOS_TEST_NETNS_MISSING
    echo "tests/deps/netns.sh: $MESOS_TEST_NETNS_MISSING; the partition tests are skipped" >&2
    if [ "${CI:-}" = "true" ] && [ "$mesos_test_netns_status" = 1 ]; then return 1; fi
  fi
fi
