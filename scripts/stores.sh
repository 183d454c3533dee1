#!/usr/bin/env bash
# Starts and stops the real stores the integration tests, benchmarks and examples use, on machines
# without Docker (Debian or Ubuntu, as root): PostgreSQL, ClickHouse and Elasticsearch, on loopback,
# with ports, data folders and users of their own so they never clash with servers you already run.
#
#   scripts/stores.sh up      install what is missing, start all three in parallel, wait until each
#                             answers, write the settings to .stores/env and print them
#   scripts/stores.sh down    stop exactly the processes 'up' started (by the ids it recorded)
#   scripts/stores.sh status  say which are running and answering
#   scripts/stores.sh stop NAME / start NAME
#                             stop or start one of them (postgres, clickhouse, elasticsearch) after 'up':
#                             the reliability suite's outage drills use these
#
# Settings (environment): READMODEL_STORES_DIR (default: <repo>/.stores), READMODEL_PG_PORT (15432),
# READMODEL_CH_HTTP_PORT (18123), READMODEL_CH_TCP_PORT (19000), READMODEL_ES_PORT (19200),
# READMODEL_ES_HEAP (1g), READMODEL_ES_VERSION (8.19.7).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${READMODEL_STORES_DIR:-$ROOT/.stores}
PG_PORT=${READMODEL_PG_PORT:-15432}
CH_HTTP_PORT=${READMODEL_CH_HTTP_PORT:-18123}
CH_TCP_PORT=${READMODEL_CH_TCP_PORT:-19000}
CH_INTERSERVER_PORT=$((CH_TCP_PORT + 9))
ES_PORT=${READMODEL_ES_PORT:-19200}
ES_TRANSPORT_PORT=$((ES_PORT + 100))
ES_HEAP=${READMODEL_ES_HEAP:-1g}
ES_VERSION=${READMODEL_ES_VERSION:-8.19.7}
ES_USER=readmodel-es
PG_USER=readmodel
PG_PASSWORD=readmodel
PG_DB=readmodel

log() { printf '[stores] %s\n' "$*" >&2; }
die() { printf '[stores] ERROR: %s\n' "$*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "run as root: the stores run as their own users (postgres, clickhouse, $ES_USER)"
}

apt_install() {
  log "installing $*"
  if [ ! -f "$DIR/.apt-updated" ]; then
    apt-get update -qq >&2
    touch "$DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# A pid file names a live process whose command line contains the expected text (guards against reuse).
alive() {
  local pidfile=$1 expect=$2 pid
  [ -s "$pidfile" ] || return 1
  pid=$(head -n1 "$pidfile")
  [ -d "/proc/$pid" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$expect"
}

wait_until() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
  log "$what answers"
}

java_home() {
  if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
  local java
  java=$(readlink -f "$(command -v java)")
  dirname "$(dirname "$java")"
}

# ---------------------------------------------------------------- PostgreSQL
pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$bin" ] && echo "$bin"
}

pg_ready() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

pg_up() {
  local data=$DIR/postgres/data bin
  if [ -z "$(pg_bin)" ]; then apt_install postgresql; fi
  bin=$(pg_bin)
  if [ -f "$data/postmaster.pid" ] && alive "$data/postmaster.pid" "postgres" && pg_ready; then
    log "postgres already running on $PG_PORT"; return 0
  fi
  mkdir -p "$DIR/postgres"
  chown postgres: "$DIR/postgres"
  if [ ! -f "$data/PG_VERSION" ]; then
    printf '%s\n' "$PG_PASSWORD" >"$DIR/postgres/pwfile"
    chown postgres: "$DIR/postgres/pwfile"
    runuser -u postgres -- "$bin/initdb" -D "$data" -U "$PG_USER" --pwfile="$DIR/postgres/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$DIR/postgres/initdb.log" 2>&1 \
      || die "initdb failed: see $DIR/postgres/initdb.log"
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$DIR/postgres'
max_connections = 200
shared_buffers = 256MB
max_wal_size = 2GB
CONF
  fi
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$DIR/postgres/server.log" -w -t 60 start >/dev/null \
    || die "postgres did not start: see $DIR/postgres/server.log"
  wait_until postgres 60 pg_ready || die "postgres does not answer on $PG_PORT"
  PGPASSWORD=$PG_PASSWORD "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1 \
    || PGPASSWORD=$PG_PASSWORD "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
}

pg_down() {
  local data=$DIR/postgres/data
  if [ -f "$data/postmaster.pid" ] && alive "$data/postmaster.pid" "postgres"; then
    runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null && log "postgres stopped"
  fi
}

# ---------------------------------------------------------------- ClickHouse
ch_ready() { curl -fsS "http://127.0.0.1:$CH_HTTP_PORT/ping" | grep -q Ok; }

ch_up() {
  local home=$DIR/clickhouse
  command -v clickhouse-server >/dev/null || apt_install clickhouse-server clickhouse-client
  if alive "$home/server.pid" clickhouse && ch_ready; then
    log "clickhouse already running on $CH_HTTP_PORT"; return 0
  fi
  mkdir -p "$home"/{data,tmp,user_files,format_schemas,log}
  cat >"$home/config.xml" <<CONF
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>warning</level>
        <log>$home/log/server.log</log>
        <errorlog>$home/log/server.err.log</errorlog>
        <size>100M</size>
        <count>2</count>
    </logger>
    <http_port>$CH_HTTP_PORT</http_port>
    <tcp_port>$CH_TCP_PORT</tcp_port>
    <interserver_http_port>$CH_INTERSERVER_PORT</interserver_http_port>
    <listen_host>127.0.0.1</listen_host>
    <max_connections>512</max_connections>
    <keep_alive_timeout>10</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <mark_cache_size>268435456</mark_cache_size>
    <path>$home/data/</path>
    <tmp_path>$home/tmp/</tmp_path>
    <user_files_path>$home/user_files/</user_files_path>
    <format_schema_path>$home/format_schemas/</format_schema_path>
    <users_config>$home/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
</yandex>
CONF
  cat >"$home/users.xml" <<'CONF'
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>4000000000</max_memory_usage>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
CONF
  chown -R clickhouse: "$home"
  (cd "$home" && nohup runuser -u clickhouse -- "$(command -v clickhouse-server)" --config-file="$home/config.xml" \
      >"$home/log/stdout.log" 2>&1 & echo $! >"$home/runuser.pid")
  # runuser execs the server as a child; record the server's own pid
  local deadline=$((SECONDS + 30)) pid=""
  while [ -z "$pid" ] && [ $SECONDS -lt $deadline ]; do
    pid=$(pgrep -f -- "--config-file=$home/config.xml" | while read -r p; do
      tr '\0' ' ' <"/proc/$p/cmdline" | grep -qv '^runuser' && echo "$p"; done | head -n1 || true)
    [ -n "$pid" ] || sleep 0.2
  done
  [ -n "$pid" ] || die "clickhouse did not start: see $home/log/"
  echo "$pid" >"$home/server.pid"
  wait_until clickhouse 60 ch_ready || die "clickhouse does not answer on $CH_HTTP_PORT: see $home/log/"
}

ch_down() {
  local home=$DIR/clickhouse pid
  if alive "$home/server.pid" clickhouse; then
    pid=$(cat "$home/server.pid")
    kill "$pid"
    for _ in $(seq 1 120); do [ -d "/proc/$pid" ] || break; sleep 0.25; done
    [ -d "/proc/$pid" ] && kill -9 "$pid"
    log "clickhouse stopped"
  fi
  rm -f "$home/server.pid" "$home/runuser.pid"
}

# ---------------------------------------------------------------- Elasticsearch
es_ready() { curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health" | grep -q '"status"'; }

es_home() { echo "$DIR/elasticsearch/elasticsearch-$ES_VERSION"; }

es_fetch() {
  local zip=$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip
  if [ ! -f "$zip" ]; then
    log "fetching Elasticsearch $ES_VERSION from Maven Central (once; kept in ~/.m2)"
    mvn -q -B dependency:get -Dtransitive=false \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" >&2
  fi
  command -v unzip >/dev/null || apt_install unzip
  mkdir -p "$DIR/elasticsearch"
  unzip -q -o "$zip" -d "$DIR/elasticsearch"
}

es_up() {
  local home
  home=$(es_home)
  if alive "$DIR/elasticsearch/es.pid" org.elasticsearch && es_ready; then
    log "elasticsearch already running on $ES_PORT"; return 0
  fi
  [ -x "$home/bin/elasticsearch" ] || es_fetch
  id -u "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  mkdir -p "$DIR/elasticsearch/data" "$DIR/elasticsearch/logs"
  cat >"$home/config/elasticsearch.yml" <<CONF
cluster.name: readmodel-test
node.name: readmodel-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
discovery.type: single-node
xpack.security.enabled: false
path.data: $DIR/elasticsearch/data
path.logs: $DIR/elasticsearch/logs
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
CONF
  chown -R "$ES_USER:" "$DIR/elasticsearch"
  rm -f "$DIR/elasticsearch/es.pid"
  runuser -u "$ES_USER" -- env ES_JAVA_HOME="$(java_home)" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$home/bin/elasticsearch" -d -p "$DIR/elasticsearch/es.pid" >"$DIR/elasticsearch/start.log" 2>&1 \
    || die "elasticsearch did not start: see $DIR/elasticsearch/start.log and logs/"
  wait_until elasticsearch 120 es_ready || die "elasticsearch does not answer on $ES_PORT: see $DIR/elasticsearch/logs/"
}

es_down() {
  local pidfile=$DIR/elasticsearch/es.pid pid
  if alive "$pidfile" org.elasticsearch; then
    pid=$(cat "$pidfile")
    kill "$pid"
    for _ in $(seq 1 120); do [ -d "/proc/$pid" ] || break; sleep 0.25; done
    [ -d "/proc/$pid" ] && kill -9 "$pid"
    log "elasticsearch stopped"
  fi
  rm -f "$pidfile"
}

# ---------------------------------------------------------------- commands
write_env() {
  cat >"$DIR/env" <<ENV
export READMODEL_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB
export READMODEL_POSTGRES_USER=$PG_USER
export READMODEL_POSTGRES_PASSWORD=$PG_PASSWORD
export READMODEL_CLICKHOUSE_URL=http://127.0.0.1:$CH_HTTP_PORT
export READMODEL_CLICKHOUSE_USER=default
export READMODEL_CLICKHOUSE_PASSWORD=
export READMODEL_ELASTIC_URL=http://127.0.0.1:$ES_PORT
export READMODEL_STORES_SCRIPT=$ROOT/scripts/stores.sh
ENV
}

up() {
  need_root
  mkdir -p "$DIR"
  rm -f "$DIR/.apt-updated"
  # apt cannot run twice at once: install what is missing first, then start in parallel
  [ -n "$(pg_bin)" ] || apt_install postgresql
  command -v clickhouse-server >/dev/null || apt_install clickhouse-server clickhouse-client
  local pids=() names=() failed=0
  pg_up & pids+=($!); names+=(postgres)
  ch_up & pids+=($!); names+=(clickhouse)
  es_up & pids+=($!); names+=(elasticsearch)
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { log "${names[$i]} failed to start"; failed=1; }
  done
  [ $failed = 0 ] || die "not every store started; 'scripts/stores.sh down' stops the ones that did"
  write_env
  log "all stores answer; settings in $DIR/env (source it):"
  cat "$DIR/env"
}

down() {
  pg_down || true
  ch_down || true
  es_down || true
}

status() {
  local rc=0
  if [ -n "$(pg_bin)" ] && [ -f "$DIR/postgres/data/postmaster.pid" ] && alive "$DIR/postgres/data/postmaster.pid" postgres; then
    echo "postgres       running (pid $(head -n1 "$DIR/postgres/data/postmaster.pid")) $(pg_ready && echo answering || echo 'not answering')"
  else echo "postgres       stopped"; rc=3; fi
  if alive "$DIR/clickhouse/server.pid" clickhouse; then
    echo "clickhouse     running (pid $(cat "$DIR/clickhouse/server.pid")) $(ch_ready && echo answering || echo 'not answering')"
  else echo "clickhouse     stopped"; rc=3; fi
  if alive "$DIR/elasticsearch/es.pid" org.elasticsearch; then
    echo "elasticsearch  running (pid $(cat "$DIR/elasticsearch/es.pid")) $(es_ready && echo answering || echo 'not answering')"
  else echo "elasticsearch  stopped"; rc=3; fi
  return $rc
}

one() {
  local verb=$1 name=${2:-} action=up
  [ "$verb" = stop ] && action=down
  case "$name" in
    postgres) "pg_$action" ;;
    clickhouse) "ch_$action" ;;
    elasticsearch | elastic) "es_$action" ;;
    *) die "name one store to $verb: postgres, clickhouse or elasticsearch" ;;
  esac
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  stop | start) need_root; one "$1" "${2:-}" ;;
  *) echo "usage: scripts/stores.sh up|down|status|stop NAME|start NAME" >&2; exit 2 ;;
esac
