# mesos_test_apt_install WHO PACKAGE...: installs Debian packages for a tests/deps script (sourced by
# them, not by test.sh). Only root can; dpkg's lock may be held by someone else's install, so it waits
# and retries, updating the package lists once, for up to about two and a half minutes.

mesos_test_apt_install() {
  local who=$1
  shift
  if [ "$(id -u)" != 0 ]; then
    echo "$who: $* missing and only root can install them" >&2
    return 1
  fi
  local log="/tmp/mesos-test-apt-${who%.sh}.log" tries=0
  until DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >"$log" 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 30 ]; then
      echo "$who: apt-get install $* failed (see $log)" >&2
      return 1
    fi
    [ "$tries" = 1 ] && apt-get update -q >/dev/null 2>&1
    sleep 5
  done
}
