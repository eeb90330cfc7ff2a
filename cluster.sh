#!/usr/bin/env bash
# A local Sawmill cluster without Docker, on this machine:
#   ./cluster.sh up [N]   Redis, PostgreSQL, a DEVELOPMENT Kafka (librdkafka's in-memory mock cluster: not for production),
#                         N silos (default 3) on http://127.0.0.1:5091..509N and the standalone dashboard on
#                         http://127.0.0.1:5090; prints the URLs. Silo 1 also runs the demo's sample services.
#   ./cluster.sh down     stops everything it started, by PID.
#   ./cluster.sh status   what is running.
# State, logs and data folders are in .cluster/ (deleted by "down"). Installs redis-server and postgresql when missing (apt).
set -euo pipefail
cd "$(dirname "$0")"
state=.cluster
configuration=Release
redis_port=6390
postgres_port=5490

started() { [ -f "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

start() { # name, command...
  local name=$1; shift
  nohup "$@" >"$state/$name.log" 2>&1 &
  echo $! >"$state/$name.pid"
}

wait_for() { # what, seconds, test command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq $((seconds * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "cluster.sh: $what did not come up within ${seconds}s; see $state/*.log" >&2
  return 1
}

up() {
  local silos=${1:-3}
  [[ "$silos" =~ ^[1-9]$ ]] || { echo "cluster.sh: N is 1 to 9 silos (ports 5091..5099)" >&2; exit 2; }
  if [ -d "$state" ] && ls "$state"/*.pid >/dev/null 2>&1; then echo "cluster.sh: already up; ./cluster.sh down first" >&2; exit 1; fi
  mkdir -p "$state"
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    local runner=(); [ "$(id -u)" = 0 ] || runner=(sudo)
    "${runner[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${runner[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  echo "Building (Release)..."
  dotnet build src/Silo -c "$configuration" -nologo -clp:ErrorsOnly -v q
  dotnet build src/DevKafka -c "$configuration" -nologo -clp:ErrorsOnly -v q
  dotnet build src/Dashboard.Host -c "$configuration" -nologo -clp:ErrorsOnly -v q

  start redis redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no
  wait_for "Redis on port $redis_port" 10 redis-cli -p "$redis_port" ping

  # PostgreSQL in a folder of its own under /tmp (the checkout may not be readable by the postgres user, which runs it
  # when this runs as root: PostgreSQL refuses root); .cluster/postgres.dir says where, for "down".
  local pg_bin; pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  local as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  local pg_dir; pg_dir=$(mktemp -d /tmp/sawmill-cluster-postgres.XXXXXX)
  echo "$pg_dir" >"$state/postgres.dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir"
  (cd / && "${as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null)
  (cd / && "${as[@]}" "$pg_bin/pg_ctl" start -w -D "$pg_dir/data" -l "$pg_dir/server.log" \
    -o "-p $postgres_port -k $pg_dir -c listen_addresses=127.0.0.1" >/dev/null)
  head -1 "$pg_dir/data/postmaster.pid" >"$state/postgres.pid"
  (cd / && "${as[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$postgres_port" -U postgres sawmill)
  local database="Host=127.0.0.1;Port=$postgres_port;Username=postgres;Database=sawmill"

  rm -f "$state/kafka.address"
  start kafka dotnet "src/DevKafka/bin/$configuration/net10.0/Sawmill.DevKafka.dll" 4 "$state/kafka.address"
  wait_for "the development Kafka" 20 test -s "$state/kafka.address"
  local kafka; kafka=$(cat "$state/kafka.address")

  for i in $(seq 1 "$silos"); do
    local demo=false; [ "$i" = 1 ] && demo=true
    ASPNETCORE_ENVIRONMENT=Development start "silo$i" dotnet "src/Silo/bin/$configuration/net10.0/Sawmill.Silo.dll" \
      --urls "http://127.0.0.1:509$i" --Otlp:GrpcPort "431$i" --Syslog:Port "551$i" --Silo:DataDirectory "$state/silo$i" --Silo:OrleansPort "1111$i" \
      --Cluster:Redis "127.0.0.1:$redis_port" --Cluster:ClusterId local --Kafka:BootstrapServers "$kafka" \
      --Storage:Postgres:ConnectionString "$database" \
      --Cluster:Membership:ProbeTimeout 00:00:01 --Cluster:Membership:NumMissedProbesLimit 2 \
      --Cluster:Membership:IAmAliveTablePublishTimeout 00:00:02 --Cluster:Membership:TableRefreshTimeout 00:00:01 \
      --Demo:Enabled "$demo"
  done
  for i in $(seq 1 "$silos"); do wait_for "silo $i on http://127.0.0.1:509$i" 120 curl -fs "http://127.0.0.1:509$i/healthz"; done

  ASPNETCORE_ENVIRONMENT=Development start dashboard dotnet "src/Dashboard.Host/bin/$configuration/net10.0/Sawmill.Dashboard.Host.dll" \
    --urls http://127.0.0.1:5090 --Silo:Url http://127.0.0.1:5091
  wait_for "the dashboard on http://127.0.0.1:5090" 60 curl -fs http://127.0.0.1:5090/

  echo
  echo "Sawmill cluster up: $silos silos on Redis 127.0.0.1:$redis_port, PostgreSQL 127.0.0.1:$postgres_port and the development Kafka at $kafka"
  for i in $(seq 1 "$silos"); do echo "  silo $i       http://127.0.0.1:509$i   (Orleans Dashboard: /orleans)"; done
  echo "  dashboard    http://127.0.0.1:5090"
  echo "Logs in $state/*.log; ./cluster.sh down stops it all."
}

down() {
  [ -d "$state" ] || { echo "cluster.sh: nothing is up"; return 0; }
  local stopped=0
  # The silos and the dashboard first (they leave the cluster cleanly), then what they used.
  stop_all "$state"/dashboard.pid "$state"/silo*.pid
  local pg_bin; pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  local pg_dir=""; [ -f "$state/postgres.dir" ] && pg_dir=$(cat "$state/postgres.dir")
  if [ -n "$pg_dir" ] && [ -f "$state/postgres.pid" ] && kill -0 "$(cat "$state/postgres.pid")" 2>/dev/null; then
    local as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
    (cd / && "${as[@]}" "$pg_bin/pg_ctl" stop -D "$pg_dir/data" -m fast -w >/dev/null 2>&1) || true
  fi
  stop_all "$state"/postgres.pid "$state"/kafka.pid "$state"/redis.pid
  [ -n "$pg_dir" ] && [[ "$pg_dir" == /tmp/sawmill-cluster-postgres.* ]] && rm -rf "$pg_dir"
  rm -rf "$state"
  echo "Sawmill cluster down ($stopped processes stopped)."
}

# TERM, up to 15 s for all of them to finish, then KILL whatever is left.
stop_all() {
  local pids=()
  for file in "$@"; do
    [ -f "$file" ] || continue
    local pid; pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null; pids+=("$pid"); fi
    stopped=$((stopped + 1))
  done
  for _ in $(seq 60); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.25
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}

status() {
  [ -d "$state" ] || { echo "nothing is up"; return 0; }
  for file in "$state"/*.pid; do
    local name; name=$(basename "$file" .pid)
    if started "$name"; then echo "$name: running (pid $(cat "$file"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  up) up "${2:-3}" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: ./cluster.sh up [N] | down | status" >&2; exit 2 ;;
esac
