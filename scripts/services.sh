#!/usr/bin/env bash
# Starts and stops Cheong's throwaway backing services on loopback:
# Elasticsearch (integ-test-zip fetched from Maven Central with mvn), PostgreSQL and Redis
# (Debian packages). Data lives under .run/ and the Elasticsearch zip under .cache/, both
# git-ignored. Elasticsearch and PostgreSQL refuse to run as root, so when we are root they run
# as an unprivileged user (created on demand).
#
# usage: scripts/services.sh start|stop|status [es|pg|redis ...]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$ROOT/.cache"
RUN="${CHEONG_RUN_DIR:-$ROOT/.run}"
ES_VERSION="${ES_VERSION:-8.19.7}"
ES_PORT="${ES_PORT:-9201}"
ES_HEAP="${ES_HEAP:-512m}"
PG_PORT="${PG_PORT:-54329}"
REDIS_PORT="${REDIS_PORT:-63799}"
SERVICE_USER="${SERVICE_USER:-cheong}"
ES_HOME="$CACHE/elasticsearch-$ES_VERSION"

log() { printf '[services] %s\n' "$*" >&2; }

as_service_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$SERVICE_USER" -- "$@"
  else
    "$@"
  fi
}

ensure_user() {
  [ "$(id -u)" = 0 ] || return 0
  id "$SERVICE_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
}

own() {  # give a directory to the service user
  [ "$(id -u)" = 0 ] && chown -R "$SERVICE_USER" "$@" || true
}

wait_for() {  # wait_for NAME SECONDS COMMAND...
  local name=$1 secs=$2; shift 2
  for _ in $(seq 1 "$secs"); do
    if "$@" >/dev/null 2>&1; then log "$name is up"; return 0; fi
    sleep 1
  done
  log "$name did not come up in ${secs}s"; return 1
}

java_home() {
  if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
  for j in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    [ -x "$j/bin/java" ] && { echo "$j"; return; }
  done
  dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

# --- Elasticsearch -------------------------------------------------------------------------
es_fetch() {
  [ -x "$ES_HOME/bin/elasticsearch" ] && return 0
  mkdir -p "$CACHE"
  local artifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
  log "fetching $artifact with mvn"
  mvn -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$CACHE" -Dmdep.overWriteIfNewer=true \
    || mvn -q -B dependency:get -Dartifact="$artifact" -Dtransitive=false
  local zip="$CACHE/elasticsearch-$ES_VERSION.zip"
  [ -f "$zip" ] || zip="$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  (cd "$CACHE" && unzip -q -o "$zip")
}

es_up() { curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s"; }

es_start() {
  if es_up >/dev/null 2>&1; then log "Elasticsearch already up on $ES_PORT"; return 0; fi
  es_fetch
  ensure_user
  mkdir -p "$RUN/es/data" "$RUN/es/logs"
  own "$RUN/es" "$ES_HOME"
  log "starting Elasticsearch $ES_VERSION on 127.0.0.1:$ES_PORT (heap $ES_HEAP)"
  as_service_user env ES_JAVA_HOME="$(java_home)" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$ES_HOME/bin/elasticsearch" -d -p "$RUN/es/es.pid" \
      -E discovery.type=single-node -E network.host=127.0.0.1 -E http.port="$ES_PORT" \
      -E transport.port=$((ES_PORT + 100)) -E path.data="$RUN/es/data" -E path.logs="$RUN/es/logs" \
      -E xpack.security.enabled=false -E cluster.name=cheong-local -E node.name=cheong-$ES_PORT \
      -E cluster.routing.allocation.disk.threshold_enabled=false -E action.destructive_requires_name=false \
      >"$RUN/es/start.log" 2>&1
  wait_for Elasticsearch 120 es_up || { tail -50 "$RUN/es/logs/cheong-local.log" "$RUN/es/start.log" >&2 || true; return 1; }
}

es_stop() {
  if [ -f "$RUN/es/es.pid" ]; then
    local pid; pid=$(cat "$RUN/es/es.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    rm -f "$RUN/es/es.pid"
  fi
}

# --- PostgreSQL ----------------------------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
pg_up() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

pg_start() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] || { log "PostgreSQL is not installed (apt-get install postgresql)"; return 1; }
  if pg_up; then log "PostgreSQL already up on $PG_PORT"; return 0; fi
  ensure_user
  mkdir -p "$RUN/pg"
  own "$RUN/pg"
  if [ ! -f "$RUN/pg/data/PG_VERSION" ]; then
    as_service_user "$bin/initdb" -D "$RUN/pg/data" -U cheong --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_service_user "$bin/pg_ctl" -D "$RUN/pg/data" -l "$RUN/pg/server.log" -w \
    -o "-h 127.0.0.1 -p $PG_PORT -k $RUN/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  wait_for PostgreSQL 30 pg_up
  "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U cheong -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='cheong'" | grep -q 1 \
    || "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U cheong cheong
}

pg_stop() {
  [ -f "$RUN/pg/data/postmaster.pid" ] && as_service_user "$(pg_bin)/pg_ctl" -D "$RUN/pg/data" -m fast stop >/dev/null || true
}

# --- Redis ---------------------------------------------------------------------------------
redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping | grep -q PONG; }

redis_start() {
  command -v redis-server >/dev/null || { log "Redis is not installed (apt-get install redis-server)"; return 1; }
  if redis_up 2>/dev/null; then log "Redis already up on $REDIS_PORT"; return 0; fi
  mkdir -p "$RUN/redis"
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$RUN/redis" \
    --pidfile "$RUN/redis/redis.pid" --logfile "$RUN/redis/redis.log" --save "" --appendonly no
  wait_for Redis 20 redis_up
}

redis_stop() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; }

# --- main ----------------------------------------------------------------------------------
cmd=${1:-status}; shift || true
services=("$@"); [ ${#services[@]} -gt 0 ] || services=(es pg redis)
for s in "${services[@]}"; do
  case "$cmd:$s" in
    start:es) es_start ;; start:pg) pg_start ;; start:redis) redis_start ;;
    stop:es) es_stop ;; stop:pg) pg_stop ;; stop:redis) redis_stop ;;
    fetch:es) es_fetch ;;
    status:es) es_up >/dev/null 2>&1 && echo "es: up ($ES_PORT)" || echo "es: down" ;;
    status:pg) pg_up 2>/dev/null && echo "pg: up ($PG_PORT)" || echo "pg: down" ;;
    status:redis) redis_up 2>/dev/null && echo "redis: up ($REDIS_PORT)" || echo "redis: down" ;;
    *) echo "usage: $0 start|stop|status|fetch [es|pg|redis ...]" >&2; exit 2 ;;
  esac
done
