# The decompressors the fetcher runs for .tar.bz2 and .tar.xz archives, which its tests extract
# (sourced by test.sh). Installs bzip2 and xz-utils when either program is missing.

. tests/deps/lib/apt-install.sh

if ! { command -v bzip2 >/dev/null 2>&1 && command -v xz >/dev/null 2>&1; } && ! mesos_test_apt_install archivers.sh bzip2 xz-utils; then
  if [ "${CI:-}" = true ]; then
    echo "archivers.sh: the archivers the fetcher's tests need are missing" >&2
    exit 1
  fi
fi
unset -f mesos_test_apt_install
