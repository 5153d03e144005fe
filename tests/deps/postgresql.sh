# PostgreSQL for the master registry's tests: a server of our own, initialized in a temporary
# directory and listening on a free loopback port, stopped when the test run ends. Debian's
# postgresql is installed when missing (as root). Exports MESOS_TEST_POSTGRES, an Npgsql connection
# string to its superuser database; when no server can be made, MESOS_TEST_POSTGRES_MISSING says why
# and the tests that need one fail with that message. With CI=true that stops the run instead.
# Sourced by test.sh (under set -euo pipefail): every command that may fail is checked.

mesos_postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

mesos_postgres_install() {
  [ "$(id -u)" = 0 ] || return 1
  command -v apt-get >/dev/null 2>&1 || return 1
  local try
  # Another install may hold dpkg's lock for a while: wait for it rather than fail.
  for try in 1 2 3 4 5 6 7 8 9 10 11 12; do
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1; then return 0; fi
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1 || true
    sleep 10
  done
  return 1
}

mesos_postgres_free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 10000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
}

mesos_postgres_start() {
  local bin dir port as
  bin=$(mesos_postgres_bin)
  if [ -z "$bin" ]; then
    mesos_postgres_install || true
    bin=$(mesos_postgres_bin)
  fi
  if [ -z "$bin" ]; then
    MESOS_TEST_POSTGRES_MISSING="PostgreSQL is not installed, and it could not be (that needs root and apt-get): run 'apt-get install -y postgresql', then ./test.sh again"
    return 1
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/mesos-test-postgres.XXXXXX") || return 1
  # initdb refuses to run as root: as root the server runs as Debian's postgres user.
  as=()
  if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      MESOS_TEST_POSTGRES_MISSING="PostgreSQL cannot run as root and there is no postgres user to run it as"
      return 1
    fi
    chown postgres "$dir"
    as=(runuser -u postgres --)
  fi
  if ! "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U mesos -E UTF8 --no-sync >"$dir/initdb.log" 2>&1; then
    MESOS_TEST_POSTGRES_MISSING="initdb failed: $(tail -n 3 "$dir/initdb.log" | tr '\n' ' ')"
    return 1
  fi
  port=$(mesos_postgres_free_port)
  if ! "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null 2>&1; then
    MESOS_TEST_POSTGRES_MISSING="PostgreSQL did not start: $(tail -n 3 "$dir/server.log" 2>/dev/null | tr '\n' ' ')"
    return 1
  fi
  # The server goes when the test run that started it ends.
  local owner=$$
  (
    trap '' HUP
    while kill -0 "$owner" 2>/dev/null; do sleep 5; done
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir"
  ) </dev/null >/dev/null 2>&1 &
  disown || true
  export MESOS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=mesos;Database=postgres"
  echo "PostgreSQL for the tests: 127.0.0.1:$port (data in $dir)"
  return 0
}

if [ -z "${MESOS_TEST_POSTGRES:-}" ]; then
  if ! mesos_postgres_start; then
    export MESOS_TEST_POSTGRES_MISSING
    echo "tests/deps/postgresql.sh: $MESOS_TEST_POSTGRES_MISSING" >&2
    if [ "${CI:-}" = "true" ]; then return 1; fi
  fi
fi
