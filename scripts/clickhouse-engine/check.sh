#!/usr/bin/env bash
# Checks a ClickHouse HTTP endpoint with the real Java client-v2 (see check/ClientCheck.java):
#   scripts/clickhouse-engine/check.sh [URL] [CLIENT_VERSION]
# URL defaults to READMODEL_CLICKHOUSE_CURRENT_URL, then http://127.0.0.1:18124; CLIENT_VERSION to 0.9.4.
# It creates databases 'probe' and 'probe2' there.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
URL=${1:-${READMODEL_CLICKHOUSE_CURRENT_URL:-http://127.0.0.1:18124}}
VERSION=${2:-0.9.4}
CP=$(mktemp)
trap 'rm -f "$CP"' EXIT
mvn -q -B -ntp -f "$HERE/check/pom.xml" dependency:build-classpath -Dclickhouse.version="$VERSION" \
  -Dmdep.outputFile="$CP" >&2
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$(cat "$CP")" "$HERE/check/ClientCheck.java" "$URL"
