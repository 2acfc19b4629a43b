#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests and CI, from Debian's server binaries
# (apt-get install postgresql). It listens on 127.0.0.1 only, on a free port, with its data in a
# temporary directory, and trusts local connections: never use it for real data.
#
#   scripts/pg_cluster.sh start [DIR]   create and start a cluster; prints its URL, then DIR
#   scripts/pg_cluster.sh stop DIR      stop it and delete DIR
#   scripts/pg_cluster.sh run CMD...    start one, run CMD with CEASEFIRE_PG_URL set, stop it
#
# The URL is postgresql+psycopg://ceasefire@127.0.0.1:PORT/ceasefire (superuser "ceasefire").
# initdb refuses to run as root, so as root the cluster runs as the "postgres" system user that
# Debian's package creates (override with CEASEFIRE_PG_USER). Server binaries are looked up in
# $PG_BINDIR, then the newest /usr/lib/postgresql/*/bin, then pg_config --bindir.
set -euo pipefail

die() { echo "pg_cluster: $*" >&2; exit 1; }

bindir() {
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/initdb" ]; then echo "$PG_BINDIR"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  die "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql"
}

# run a server binary as the cluster's owner
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    local user="${CEASEFIRE_PG_USER:-postgres}"
    id "$user" >/dev/null 2>&1 || die "running as root needs a non-root user '$user' to own the cluster"
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

start() {
  local dir="${1:-}" bin port
  bin=$(bindir)
  if [ -z "$dir" ]; then dir=$(mktemp -d "${TMPDIR:-/tmp}/ceasefire-pg.XXXXXX"); fi
  mkdir -p "$dir/data" "$dir/sock"
  if [ "$(id -u)" = 0 ]; then chown -R "${CEASEFIRE_PG_USER:-postgres}" "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U ceasefire --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  # the port is chosen before the server binds it, so another process may take it: retry
  local tries=0
  while :; do
    port=$(free_port)
    # durability is pointless for a throw-away cluster and costs most of the test time
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir/sock \
          -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null 2>&1; then
      break
    fi
    tries=$((tries + 1))
    [ "$tries" -lt 5 ] || { tail -n 20 "$dir/server.log" >&2 || true; die "server did not start"; }
  done
  echo "$port" >"$dir/port"
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U ceasefire ceasefire
  echo "postgresql+psycopg://ceasefire@127.0.0.1:$port/ceasefire"
  echo "$dir"
}

stop() {
  local dir="${1:?usage: pg_cluster.sh stop DIR}" bin
  [ -d "$dir/data" ] || die "$dir is not a cluster made by pg_cluster.sh"
  bin=$(bindir)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  run)
    [ "$#" -gt 0 ] || die "usage: pg_cluster.sh run CMD..."
    out=$(start)
    url=$(echo "$out" | sed -n 1p)
    dir=$(echo "$out" | sed -n 2p)
    trap 'stop "$dir"' EXIT INT TERM
    echo "pg_cluster: PostgreSQL at $url" >&2
    set +e
    CEASEFIRE_PG_URL="$url" "$@"
    rc=$?
    set -e
    exit "$rc"
    ;;
  *)
    echo "usage: pg_cluster.sh start [DIR] | stop DIR | run CMD..." >&2
    exit 2
    ;;
esac
