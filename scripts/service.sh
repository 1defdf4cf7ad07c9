#!/usr/bin/env bash
# Starts and stops StyleSync services as background processes for `make demo` / `make stop`.
#   service.sh start <module> <port> [live]  start the module's jar, wait until /actuator/health/readiness is UP
#                                      (live: until liveness is UP, for inference-service before a champion exists)
#   service.sh start-mlflow [port]      start a local MLflow tracking server (SQLite + artifact proxy) from .venv
#   service.sh stop-all                stop every service this script started
set -euo pipefail
STATE=.stylesync
JAVA="${JAVA_HOME:-$(scripts/java-home.sh)}/bin/java"
mkdir -p "$STATE/pids" "$STATE/logs"

start() {
  local module=$1 port=$2 probe=${3:-readiness} pidfile="$STATE/pids/$1.pid"
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "$module already running (pid $(cat "$pidfile"))"; return
  fi
  local built; built=$(ls "$module"/target/"$module"-*.jar | grep -v plain | head -1)
  # Run a copy: a rebuild replacing target/*.jar under a running JVM breaks its class loading.
  mkdir -p "$STATE/run"; local jar="$STATE/run/$module.jar"; cp "$built" "$jar"
  echo "== Starting $module on :$port (log: $STATE/logs/$module.log)"
  OPT_OUT_TRACKING=true nohup "$JAVA" -XX:+UseG1GC -Xmx2g -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
    -jar "$jar" --server.port="$port" >"$STATE/logs/$module.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/actuator/health/$probe" >/dev/null 2>&1; then echo "   $module is up ($probe)"; return; fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$module exited; see $STATE/logs/$module.log" >&2; tail -20 "$STATE/logs/$module.log" >&2; exit 1; fi
    sleep 1
  done
  echo "$module: $probe not UP in 120 s; see $STATE/logs/$module.log" >&2; exit 1
}

start_mlflow() {
  local port=${1:-5000} pidfile="$STATE/pids/mlflow.pid"
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "mlflow already running"; return; fi
  mkdir -p "$STATE/mlflow"
  echo "== Starting MLflow on :$port (log: $STATE/logs/mlflow.log)"
  setsid nohup .venv/bin/mlflow server --host 127.0.0.1 --port "$port" --workers 1 \
    --backend-store-uri "sqlite:///$PWD/$STATE/mlflow/mlflow.db" --artifacts-destination "$PWD/$STATE/mlflow/artifacts" \
    >"$STATE/logs/mlflow.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 90); do
    if curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then echo "   MLflow is ready"; return; fi
    sleep 1
  done
  echo "MLflow did not start; see $STATE/logs/mlflow.log" >&2; exit 1
}

stop_all() {
  shopt -s nullglob
  for pidfile in "$STATE"/pids/*.pid; do
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      echo "Stopping $(basename "$pidfile" .pid) (pid $pid)"; kill -- -"$pid" 2>/dev/null || kill "$pid"
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) start "$2" "$3" "$( [[ ${4:-} == live ]] && echo liveness || echo readiness )" ;;
  start-mlflow) start_mlflow "${2:-5000}" ;;
  stop-all) stop_all ;;
  *) echo "usage: $0 start <module> <port> [live] | start-mlflow [port] | stop-all" >&2; exit 2 ;;
esac
