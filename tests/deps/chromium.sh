# Chromium for the web UI's browser tests (tests/Mesos.Host.Tests/WebUi), driven by Playwright
# through Debian's package: no test ever downloads a browser of its own.
# Sourced by test.sh: exports MESOS_TEST_CHROMIUM with the browser's path.

# apt-get refuses at once while another apt-get holds its locks: try again for up to ten minutes.
mesos_test_apt_install() {
  local attempt
  for attempt in $(seq 1 60); do
    if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 install -y -qq "$@" >/dev/null 2>&1; then return 0; fi
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 update -qq >/dev/null 2>&1 || true
    if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 install -y -qq "$@" >/dev/null 2>&1; then return 0; fi
    sleep 10
  done
  return 1
}

if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium.sh: installing Debian's chromium"
  mesos_test_apt_install chromium || echo "chromium.sh: apt-get could not install chromium" >&2
fi
if command -v chromium >/dev/null 2>&1; then
  MESOS_TEST_CHROMIUM="$(command -v chromium)"
  export MESOS_TEST_CHROMIUM
elif [ "${CI:-}" = true ]; then
  echo "chromium.sh: chromium is missing and could not be installed" >&2
  return 1 2>/dev/null || exit 1
else
  echo "chromium.sh: chromium is missing (apt-get install chromium as root); the web UI's browser tests will fail" >&2
fi
# Playwright never fetches browsers of its own: the tests launch the one above.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
