#!/usr/bin/env bash
# Starts and stops the real stores the integration tests, benchmarks and examples use, on machines
# without Docker (Debian or Ubuntu, as root), on loopback, with ports, data folders and users of their
# own so they never clash with servers you already run:
#   postgres               PostgreSQL (the distribution's package)                 15432
#   clickhouse             ClickHouse 18.16 (the distribution's package)           18123
#   clickhouse-current     the ClickHouse 26.7 engine (npm package chdb) behind this project's minimal
#                          HTTP front, scripts/clickhouse-engine/server.js (not a full server)  18124
#   elasticsearch          Elasticsearch 8.19.7 (Maven Central's integ-test-zip)   19200
#   elasticsearch-current  Elasticsearch 9.2.4 (the same, on a Java 21+ JDK)       19201
#   kafka                  Kafka 4.4 in KRaft mode, one combined broker+controller (Maven Central's
#                          kafka_2.13, fetched with scripts/kafka/pom.xml)          19092 (controller 19093)
#
#   scripts/stores.sh up [NAME...]      install what is missing, start the named servers (default: all) in
#                                       parallel, wait until each answers, write the settings of every
#                                       running server to .stores/env and print them
#   scripts/stores.sh down [NAME...]    stop the named servers (default: all), by the ids recorded at start
#   scripts/stores.sh status [NAME...]  say which are running and answering (exit 3 if one is not)
#   scripts/stores.sh stop NAME / start NAME
#                                       stop or start one server after 'up' (the outage drills use these)
#   scripts/stores.sh env [NAME...]     print the export lines of the named servers (default: running ones)
# 'elastic' and 'elastic-current' are accepted for the Elasticsearch names.
#
# The servers run as their own users (postgres, clickhouse, readmodel-es, readmodel-ch, readmodel-kafka) with their data in
# READMODEL_STORES_DIR, so that folder must be reachable by those users: a checkout under a folder only
# root may enter (such as /root) needs READMODEL_STORES_DIR=/var/tmp/readmodel-stores; 'up' refuses
# otherwise, saying so. Every server is detached from the caller (own session, stdin from /dev/null,
# output to its log), so 'scripts/stores.sh up | tee up.log' returns.
#
# Settings (environment): READMODEL_STORES_DIR (default: <repo>/.stores), READMODEL_PG_PORT (15432),
# READMODEL_CH_HTTP_PORT (18123), READMODEL_CH_TCP_PORT (19000), READMODEL_CH_CURRENT_PORT (18124),
# READMODEL_ES_PORT (19200), READMODEL_ES_HEAP (1g), READMODEL_ES_VERSION (8.19.7),
# READMODEL_ES_CURRENT_PORT (19201), READMODEL_ES_CURRENT_HEAP (512m), READMODEL_ES_CURRENT_VERSION (9.2.4),
# READMODEL_ES_CURRENT_JAVA_HOME (default: the newest JDK 21+ under /usr/lib/jvm), READMODEL_KAFKA_PORT
# (19092), READMODEL_KAFKA_CONTROLLER_PORT (19093), READMODEL_KAFKA_HEAP (512m), READMODEL_KAFKA_VERSION
# (4.4.0). Transport ports are the HTTP ports + 100.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=$(realpath -m "${READMODEL_STORES_DIR:-$ROOT/.stores}")
PG_PORT=${READMODEL_PG_PORT:-15432}
CH_HTTP_PORT=${READMODEL_CH_HTTP_PORT:-18123}
CH_TCP_PORT=${READMODEL_CH_TCP_PORT:-19000}
CH_INTERSERVER_PORT=$((CH_TCP_PORT + 9))
CHC_PORT=${READMODEL_CH_CURRENT_PORT:-18124}
CHC_USER=readmodel-ch
ES_USER=readmodel-es
PG_USER=readmodel
PG_PASSWORD=readmodel
PG_DB=readmodel
KAFKA_PORT=${READMODEL_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${READMODEL_KAFKA_CONTROLLER_PORT:-19093}
KAFKA_HEAP=${READMODEL_KAFKA_HEAP:-512m}
KAFKA_VERSION=${READMODEL_KAFKA_VERSION:-4.4.0}
KAFKA_USER=readmodel-kafka
ALL=(postgres clickhouse clickhouse-current elasticsearch elasticsearch-current kafka)

log() { printf '[stores] %s\n' "$*" >&2; }
die() { printf '[stores] ERROR: %s\n' "$*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "run as root: the stores run as their own users (postgres, clickhouse, $ES_USER, $CHC_USER, $KAFKA_USER)"
}

apt_install() {
  log "installing $*"
  if [ ! -f "$DIR/.apt-updated" ]; then
    apt-get update -qq >&2
    touch "$DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

system_user() {
  id -u "$1" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$1"
}

# The servers run as their own users and keep their data under $DIR: each must be able to reach it.
check_reachable() {
  local user=$1
  runuser -u "$user" -- test -x "$DIR" && return 0
  die "user '$user' cannot reach the stores folder $DIR (a parent folder is closed to other users, as /root is): the servers run as their own users with their data there. Use a folder they can reach: READMODEL_STORES_DIR=/var/tmp/readmodel-stores scripts/stores.sh $COMMAND"
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

# Starts a long-running server detached from the caller: its own session (no terminal, no signals from
# the caller's), stdin from /dev/null, stdout and stderr to its log. Nothing it leaves running holds the
# caller's pipes, so 'stores.sh up | cat' ends when stores.sh does.
detach() {
  local out=$1; shift
  setsid "$@" </dev/null >>"$out" 2>&1 &
}

# The pid of the process (not a runuser/setsid wrapper) whose command line contains $1.
server_pid() {
  local pattern=$1 deadline=$((SECONDS + 30)) pid=""
  while [ -z "$pid" ] && [ $SECONDS -lt $deadline ]; do
    pid=$(pgrep -f -- "$pattern" | while read -r p; do
      tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -Eqv '^(runuser|setsid|\S*/?env) ' && echo "$p"; done | head -n1 || true)
    [ -n "$pid" ] || sleep 0.2
  done
  [ -n "$pid" ] && echo "$pid"
}

stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 120); do [ -d "/proc/$pid" ] || return 0; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- PostgreSQL
pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$bin" ] && echo "$bin"
}

pg_ready() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }
pg_running() { [ -n "$(pg_bin)" ] && alive "$DIR/postgres/data/postmaster.pid" postgres; }
pg_pid() { head -n1 "$DIR/postgres/data/postmaster.pid"; }
pg_install() { [ -n "$(pg_bin)" ] || apt_install postgresql; }

pg_up() {
  local data=$DIR/postgres/data bin
  pg_install
  bin=$(pg_bin)
  if pg_running && pg_ready; then
    log "postgres already running on $PG_PORT"; return 0
  fi
  ! pg_ready || die "another server answers on port $PG_PORT: stop it or set READMODEL_PG_PORT"
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
  # pg_ctl starts the postmaster with its output in server.log; -w waits until it accepts connections
  setsid -w runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$DIR/postgres/server.log" -w -t 60 start \
    </dev/null >>"$DIR/postgres/pg_ctl.log" 2>&1 || die "postgres did not start: see $DIR/postgres/server.log"
  wait_until postgres 60 pg_ready || die "postgres does not answer on $PG_PORT"
  PGPASSWORD=$PG_PASSWORD "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1 \
    || PGPASSWORD=$PG_PASSWORD "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
}

pg_down() {
  if pg_running; then
    runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$DIR/postgres/data" -m fast -w -t 60 stop </dev/null >/dev/null \
      && log "postgres stopped"
  fi
}

pg_env() {
  cat <<ENV
export READMODEL_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB
export READMODEL_POSTGRES_USER=$PG_USER
export READMODEL_POSTGRES_PASSWORD=$PG_PASSWORD
ENV
}

# ---------------------------------------------------------------- ClickHouse 18.16
ch_ready() { curl -fsS 2>/dev/null "http://127.0.0.1:$CH_HTTP_PORT/ping" | grep -q Ok; }
ch_running() { alive "$DIR/clickhouse/server.pid" clickhouse; }
ch_pid() { cat "$DIR/clickhouse/server.pid"; }
ch_install() { command -v clickhouse-server >/dev/null || apt_install clickhouse-server clickhouse-client; }

ch_up() {
  local home=$DIR/clickhouse pid
  ch_install
  if ch_running && ch_ready; then
    log "clickhouse already running on $CH_HTTP_PORT"; return 0
  fi
  ! ch_ready || die "another server answers on port $CH_HTTP_PORT: stop it or set READMODEL_CH_HTTP_PORT"
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
  # (--daemon fails on its pid file in 18.16, so it runs in the foreground, detached)
  (cd "$home" && detach "$home/log/stdout.log" runuser -u clickhouse -- "$(command -v clickhouse-server)" \
    --config-file="$home/config.xml")
  pid=$(server_pid "--config-file=$home/config.xml") || die "clickhouse did not start: see $home/log/"
  echo "$pid" >"$home/server.pid"
  wait_until clickhouse 60 ch_ready || die "clickhouse does not answer on $CH_HTTP_PORT: see $home/log/"
}

ch_down() {
  if ch_running; then
    stop_pid "$(ch_pid)"
    log "clickhouse stopped"
  fi
  rm -f "$DIR/clickhouse/server.pid"
}

ch_env() {
  cat <<ENV
export READMODEL_CLICKHOUSE_URL=http://127.0.0.1:$CH_HTTP_PORT
export READMODEL_CLICKHOUSE_USER=default
export READMODEL_CLICKHOUSE_PASSWORD=
ENV
}

# ---------------------------------------------------------------- ClickHouse 26.7 engine (chDB) + HTTP front
# The engine comes from the npm registry: package.json pins chdb and package-lock.json its integrity.
# 'npm ci' refuses this lock (chdb's optional packages for other platforms are not on the registry, so
# npm could not record them), so it is 'npm install --no-save', which installs exactly what the lock names.
chc_home() { echo "$DIR/clickhouse-current"; }
chc_ready() { curl -fsS 2>/dev/null "http://127.0.0.1:$CHC_PORT/ping" | grep -q Ok; }
chc_running() { alive "$(chc_home)/server.pid" "$(chc_home)/engine/server.js --port=$CHC_PORT"; }
chc_pid() { cat "$(chc_home)/server.pid"; }

chc_install() {
  local engine src=$ROOT/scripts/clickhouse-engine
  engine=$(chc_home)/engine
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
  mkdir -p "$engine"
  # a copy next to the data: the server's user may not be able to read the checkout
  cp "$src/server.js" "$src/package.json" "$src/package-lock.json" "$engine/"
  if ! cmp -s "$engine/package-lock.json" "$engine/node_modules/.readmodel-lock.json" 2>/dev/null; then
    log "installing the ClickHouse engine (npm chdb, about 550 MB; once per stores folder)"
    (cd "$engine" && npm install --ignore-scripts --no-save --no-audit --no-fund --loglevel=error </dev/null >&2) \
      || die "npm could not install chdb into $engine"
    cp "$engine/package-lock.json" "$engine/node_modules/.readmodel-lock.json"
  fi
}

chc_up() {
  local home pid
  home=$(chc_home)
  chc_install
  if chc_running && chc_ready; then
    log "clickhouse-current already running on $CHC_PORT"; return 0
  fi
  ! chc_ready || die "another server answers on port $CHC_PORT: stop it or set READMODEL_CH_CURRENT_PORT"
  system_user "$CHC_USER"
  mkdir -p "$home/data"
  chown -R "$CHC_USER:" "$home/data"
  touch "$home/server.log" && chown "$CHC_USER:" "$home/server.log"
  (cd "$home" && detach "$home/stdout.log" runuser -u "$CHC_USER" -- env NODE_PATH="$home/engine/node_modules" TZ=UTC \
    node "$home/engine/server.js" --port="$CHC_PORT" --data="$home/data" --log="$home/server.log")
  pid=$(server_pid "$home/engine/server.js --port=$CHC_PORT") || die "clickhouse-current did not start: see $home/stdout.log"
  echo "$pid" >"$home/server.pid"
  wait_until clickhouse-current 60 chc_ready || die "clickhouse-current does not answer on $CHC_PORT: see $home/server.log"
}

chc_down() {
  if chc_running; then
    stop_pid "$(chc_pid)"
    log "clickhouse-current stopped"
  fi
  rm -f "$(chc_home)/server.pid"
}

chc_env() {
  cat <<ENV
export READMODEL_CLICKHOUSE_CURRENT_URL=http://127.0.0.1:$CHC_PORT
ENV
}

# ---------------------------------------------------------------- Elasticsearch 8.19 and 9.x
# es_use 8|current sets the variables of one of the two; the functions below read them.
es_use() {
  if [ "$1" = current ]; then
    ES_NAME=elasticsearch-current
    ES_BASE=$DIR/elasticsearch-current
    ES_PORT=${READMODEL_ES_CURRENT_PORT:-19201} ES_PORT_VAR=READMODEL_ES_CURRENT_PORT
    ES_HEAP=${READMODEL_ES_CURRENT_HEAP:-512m}
    ES_VERSION=${READMODEL_ES_CURRENT_VERSION:-9.2.4}
  else
    ES_NAME=elasticsearch
    ES_BASE=$DIR/elasticsearch
    ES_PORT=${READMODEL_ES_PORT:-19200} ES_PORT_VAR=READMODEL_ES_PORT
    ES_HEAP=${READMODEL_ES_HEAP:-1g}
    ES_VERSION=${READMODEL_ES_VERSION:-8.19.7}
  fi
  ES_TRANSPORT_PORT=$((ES_PORT + 100))
  ES_HOME=$ES_BASE/elasticsearch-$ES_VERSION
}

# 8.x runs on Java 17+, 9.x on Java 21+ (the integ-test-zip brings no JDK of its own).
es_java_home() {
  local major=${ES_VERSION%%.*} jdk
  if [ "$major" -lt 9 ]; then
    if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
    return
  fi
  if [ -n "${READMODEL_ES_CURRENT_JAVA_HOME:-}" ]; then echo "$READMODEL_ES_CURRENT_JAVA_HOME"; return; fi
  for jdk in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    if [ -x "$jdk/bin/java" ] && "$jdk/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
      echo "${jdk%/}"; return
    fi
  done
  die "Elasticsearch $ES_VERSION needs a Java 21+ JDK: none under /usr/lib/jvm; set READMODEL_ES_CURRENT_JAVA_HOME"
}

es_ready() { curl -fsS 2>/dev/null "http://127.0.0.1:$ES_PORT/_cluster/health" | grep -q '"status"'; }
es_running() { alive "$ES_BASE/es.pid" org.elasticsearch; }
es_pid() { cat "$ES_BASE/es.pid"; }

es_install() {
  local zip=$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip
  [ -x "$ES_HOME/bin/elasticsearch" ] && return 0
  if [ ! -f "$zip" ]; then
    log "fetching Elasticsearch $ES_VERSION from Maven Central (once; kept in ~/.m2)"
    mvn -q -B -Dstyle.color=never dependency:get -Dtransitive=false \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" </dev/null >&2
  fi
  command -v unzip >/dev/null || apt_install unzip
  mkdir -p "$ES_BASE"
  unzip -q -o "$zip" -d "$ES_BASE"
}

es_up() {
  local java
  es_install
  if es_running && es_ready; then
    log "$ES_NAME already running on $ES_PORT"; return 0
  fi
  ! es_ready || die "another server answers on port $ES_PORT: stop it or set $ES_PORT_VAR"
  java=$(es_java_home)
  system_user "$ES_USER"
  mkdir -p "$ES_BASE/data" "$ES_BASE/logs"
  # The defaults otherwise, as in the Docker images the tests use elsewhere (wildcards in destructive
  # calls refused, for one).
  cat >"$ES_HOME/config/elasticsearch.yml" <<CONF
cluster.name: readmodel-test
node.name: readmodel-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
discovery.type: single-node
xpack.security.enabled: false
path.data: $ES_BASE/data
path.logs: $ES_BASE/logs
cluster.routing.allocation.disk.threshold_enabled: false
CONF
  chown -R "$ES_USER:" "$ES_BASE"
  rm -f "$ES_BASE/es.pid"
  # -d: the launcher waits until the node runs, then leaves it as a daemon that writes the pid file
  setsid -w runuser -u "$ES_USER" -- env ES_JAVA_HOME="$java" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_BASE/es.pid" </dev/null >"$ES_BASE/start.log" 2>&1 \
    || die "$ES_NAME did not start: see $ES_BASE/start.log and logs/"
  wait_until "$ES_NAME" 120 es_ready || die "$ES_NAME does not answer on $ES_PORT: see $ES_BASE/logs/"
}

es_down() {
  if es_running; then
    stop_pid "$(es_pid)"
    log "$ES_NAME stopped"
  fi
  rm -f "$ES_BASE/es.pid"
}

es_env() {
  if [ "$ES_NAME" = elasticsearch ]; then
    echo "export READMODEL_ELASTIC_URL=http://127.0.0.1:$ES_PORT"
  else
    echo "export READMODEL_ELASTIC_CURRENT_URL=http://127.0.0.1:$ES_PORT"
  fi
}

# ---------------------------------------------------------------- Kafka 4 (KRaft, one broker+controller)
# The broker's jars come from Maven Central through scripts/kafka/pom.xml, into a folder per version.
# Replication factor and min ISR 1 for the internal topics: transactions need them on one broker.
kafka_home() { echo "$DIR/kafka"; }
kafka_lib() { echo "$(kafka_home)/lib-$KAFKA_VERSION"; }
kafka_listening() { (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; }
# listening is not enough: the broker answers only once it has registered with its controller
kafka_ready() { kafka_listening && grep -q 'Kafka Server started' "$(kafka_home)/server.log" 2>/dev/null; }
kafka_running() { alive "$(kafka_home)/server.pid" "kafka.Kafka $(kafka_home)/server.properties"; }
kafka_pid() { cat "$(kafka_home)/server.pid"; }

kafka_install() {
  local lib
  lib=$(kafka_lib)
  [ -f "$lib/kafka_2.13-$KAFKA_VERSION.jar" ] && return 0
  log "fetching Kafka $KAFKA_VERSION from Maven Central (once per stores folder; jars kept in ~/.m2)"
  mkdir -p "$lib.tmp"
  mvn -q -B -ntp -Dstyle.color=never -f "$ROOT/scripts/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$lib.tmp" </dev/null >&2 \
    || die "Maven could not fetch Kafka $KAFKA_VERSION (scripts/kafka/pom.xml)"
  rm -rf "$lib" && mv "$lib.tmp" "$lib"
}

kafka_up() {
  local home java pid
  home=$(kafka_home)
  kafka_install
  if kafka_running && kafka_ready; then
    log "kafka already running on $KAFKA_PORT"; return 0
  fi
  ! kafka_listening || die "another server answers on port $KAFKA_PORT: stop it or set READMODEL_KAFKA_PORT"
  java=$(command -v java)
  system_user "$KAFKA_USER"
  mkdir -p "$home/data"
  cat >"$home/server.properties" <<CONF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$home/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
CONF
  chown -R "$KAFKA_USER:" "$home"
  if [ ! -f "$home/data/meta.properties" ]; then
    local cluster
    cluster=$(runuser -u "$KAFKA_USER" -- "$java" -cp "$(kafka_lib)/*" kafka.tools.StorageTool random-uuid 2>>"$home/format.log" | tail -n1)
    runuser -u "$KAFKA_USER" -- "$java" -cp "$(kafka_lib)/*" kafka.tools.StorageTool format -t "$cluster" \
      -c "$home/server.properties" </dev/null >>"$home/format.log" 2>&1 || die "kafka storage format failed: see $home/format.log"
  fi
  # a fresh log each start: readiness reads it
  [ ! -f "$home/server.log" ] || mv -f "$home/server.log" "$home/server.log.1"
  touch "$home/server.log" && chown "$KAFKA_USER:" "$home/server.log"
  (cd "$home" && detach "$home/server.log" runuser -u "$KAFKA_USER" -- "$java" "-Xms$KAFKA_HEAP" "-Xmx$KAFKA_HEAP" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true \
    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS" \
    -cp "$(kafka_lib)/*" kafka.Kafka "$home/server.properties")
  pid=$(server_pid "kafka.Kafka $home/server.properties") || die "kafka did not start: see $home/server.log"
  echo "$pid" >"$home/server.pid"
  wait_until kafka 90 kafka_ready || die "kafka does not answer on $KAFKA_PORT: see $home/server.log"
}

kafka_down() {
  if kafka_running; then
    stop_pid "$(kafka_pid)"
    log "kafka stopped"
  fi
  rm -f "$(kafka_home)/server.pid"
}

kafka_env() {
  echo "export READMODEL_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT"
}

# ---------------------------------------------------------------- one server by name
canonical() {
  case "$1" in
    postgres) echo postgres ;;
    clickhouse) echo clickhouse ;;
    clickhouse-current) echo clickhouse-current ;;
    elasticsearch | elastic) echo elasticsearch ;;
    elasticsearch-current | elastic-current) echo elasticsearch-current ;;
    kafka) echo kafka ;;
    *) die "unknown store '$1': name postgres, clickhouse, clickhouse-current, elasticsearch, elasticsearch-current or kafka" ;;
  esac
}

# run NAME ACTION: ACTION is up, down, running, ready, pid, install or env
run() {
  case "$1" in
    postgres) "pg_$2" ;;
    clickhouse) "ch_$2" ;;
    clickhouse-current) "chc_$2" ;;
    elasticsearch) es_use 8; "es_$2" ;;
    elasticsearch-current) es_use current; "es_$2" ;;
    kafka) "kafka_$2" ;;
  esac
}

user_of() {
  case "$1" in
    postgres) echo postgres ;;
    clickhouse) echo clickhouse ;;
    clickhouse-current) echo "$CHC_USER" ;;
    elasticsearch*) echo "$ES_USER" ;;
    kafka) echo "$KAFKA_USER" ;;
  esac
}

names() {
  local n
  if [ $# -eq 0 ]; then printf '%s\n' "${ALL[@]}"; return; fi
  for n in "$@"; do canonical "$n"; done
}

# ---------------------------------------------------------------- commands
write_env() {
  local n
  {
    for n in "${ALL[@]}"; do ! run "$n" running || run "$n" env; done
    echo "export READMODEL_STORES_SCRIPT=$ROOT/scripts/stores.sh"
  } >"$DIR/env.tmp"
  mv "$DIR/env.tmp" "$DIR/env"
}

up() {
  local selected n i failed=0 pids=() started=()
  mapfile -t selected < <(names "$@")
  need_root
  mkdir -p "$DIR"
  rm -f "$DIR/.apt-updated"
  # apt cannot run twice at once, nor can Debian's Maven fetch into one local repository twice at once:
  # install from packages and from Maven Central first, one after another, then start in parallel
  for n in "${selected[@]}"; do
    case "$n" in postgres | clickhouse | elasticsearch* | kafka) run "$n" install ;; esac
  done
  for n in "${selected[@]}"; do
    case "$n" in
      clickhouse-current)
        command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
        system_user "$CHC_USER" ;;
      elasticsearch*)
        command -v unzip >/dev/null || apt_install unzip
        system_user "$ES_USER" ;;
      kafka) system_user "$KAFKA_USER" ;;
    esac
    check_reachable "$(user_of "$n")"
  done
  for n in "${selected[@]}"; do
    run "$n" up & pids+=($!); started+=("$n")
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { log "${started[$i]} failed to start"; failed=1; }
  done
  write_env
  [ $failed = 0 ] || die "not every store started; 'scripts/stores.sh down' stops the ones that did"
  log "started: ${selected[*]}; settings of every running store in $DIR/env (source it):"
  cat "$DIR/env"
}

down() {
  local n
  for n in $(names "$@"); do run "$n" down || true; done
}

status() {
  local n rc=0
  for n in $(names "$@"); do
    if run "$n" running; then
      printf '%-22s running (pid %s) %s\n' "$n" "$(run "$n" pid)" "$(run "$n" ready && echo answering || echo 'not answering')"
    else
      printf '%-22s stopped\n' "$n"; rc=3
    fi
  done
  return $rc
}

env_lines() {
  local n
  if [ $# -eq 0 ]; then
    for n in "${ALL[@]}"; do ! run "$n" running || run "$n" env; done
  else
    for n in $(names "$@"); do run "$n" env; done
  fi
  echo "export READMODEL_STORES_SCRIPT=$ROOT/scripts/stores.sh"
}

COMMAND=${1:-}
[ $# -gt 0 ] && shift
cd / # the servers' users may not be able to enter the caller's folder
case "$COMMAND" in
  up) up "$@" ;;
  down) down "$@" ;;
  status) status "$@" ;;
  env) env_lines "$@" ;;
  stop | start)
    need_root
    [ $# -eq 1 ] || die "name one store to $COMMAND: ${ALL[*]}"
    name=$(canonical "$1")
    if [ "$COMMAND" = stop ]; then run "$name" down; else check_reachable "$(user_of "$name")"; run "$name" up; fi ;;
  *) echo "usage: scripts/stores.sh up|down|status|env [NAME...] | stop NAME | start NAME  (NAME: ${ALL[*]})" >&2; exit 2 ;;
esac
