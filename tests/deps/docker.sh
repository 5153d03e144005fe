# A Docker engine for the Docker containerizer's tests, with the image they run (sourced by test.sh).
# Installs docker.io and busybox-static when missing, starts dockerd in the background when its socket
# does not answer, and imports mesos-test/busybox:latest from busybox-static when the engine lacks it:
# nothing is ever pulled. Exports MESOS_TEST_DOCKER_SOCKET and MESOS_TEST_DOCKER_IMAGE.

. tests/deps/lib/apt-install.sh

mesos_test_docker() {
  local socket=/var/run/docker.sock image=mesos-test/busybox:latest
  local log=/var/log/mesos-test-dockerd.log

  if ! command -v dockerd >/dev/null 2>&1 || [ ! -x /bin/busybox ] || ! busybox --list 2>/dev/null | grep -qx sh; then
    mesos_test_apt_install docker.sh docker.io busybox-static || return 1
  fi

  local engine="docker --host unix://$socket version"
  if ! $engine >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
      echo "docker.sh: no Docker engine answers on $socket and only root can start one" >&2
      return 1
    fi
    # setsid: the daemon outlives this shell and is not in its process group.
    setsid dockerd >"$log" 2>&1 </dev/null &
    local waited=0
    until $engine >/dev/null 2>&1; do
      waited=$((waited + 1))
      if [ "$waited" -ge 120 ]; then
        echo "docker.sh: dockerd did not answer on $socket within 60 s (see $log)" >&2
        return 1
      fi
      sleep 0.5
    done
  fi

  if ! docker image inspect "$image" >/dev/null 2>&1; then
    local root
    root=$(mktemp -d)
    mkdir -p "$root/bin" "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    local applet
    for applet in $(busybox --list); do
      [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
    done
    tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' - "$image" >/dev/null || { rm -rf "$root"; echo "docker.sh: importing $image failed" >&2; return 1; }
    rm -rf "$root"
  fi

  export MESOS_TEST_DOCKER_SOCKET="$socket" MESOS_TEST_DOCKER_IMAGE="$image"
}

if ! mesos_test_docker; then
  if [ "${CI:-}" = true ]; then
    echo "docker.sh: the Docker engine the tests need is not ready" >&2
    exit 1
  fi
fi
unset -f mesos_test_docker mesos_test_apt_install
