#!/usr/bin/env bash
# Container health probe without curl or wget (the JRE image has neither): an HTTP/1.0 GET over
# bash's /dev/tcp; healthy only on a 200 (readiness answers 503 while the service is not ready).
#   healthcheck.sh [path]   (default /actuator/health/readiness, on $MANAGEMENT_SERVER_PORT, else $SERVER_PORT)
port=${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}} path=${1:-/actuator/health/readiness}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ $status =~ ^HTTP/1\.[01]\ 200 ]]
