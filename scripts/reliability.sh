#!/usr/bin/env bash
# Runs the reliability suite against real PostgreSQL, ClickHouse and Elasticsearch and prints a summary:
# faults injected per kind and store, recoveries, events lost, events applied twice.
#   scripts/reliability.sh          the CI size (20 kills and 3 lease takeovers per store)
#   scripts/reliability.sh --soak   200 kills and 20 takeovers per store
# Servers are chosen as in scripts/test.sh. Extra arguments go to Maven.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

kills=20
takeovers=3
if [ "${1:-}" = "--soak" ]; then
  kills=200
  takeovers=20
  shift
fi
# shellcheck source=lib/servers.sh
source scripts/lib/servers.sh
need_servers postgres clickhouse clickhouse-current elasticsearch

rm -f target/reliability-summary.tsv
mvn -B -ntp verify -pl reliability -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='CrashDrillIT,OutageDrillIT,LeaseTakeoverIT,PoisonAndMalformedIT,PostgresCrashIT,PostgresGapSafetyIT,PostgresDeadLetterIT,PostgresQuerySafetyIT,PostgresProjectionLockIT,ClickHouseIdempotencyIT,ClickHouseEscapingIT,ClickHouseRowBinaryIT,ElasticLoadFailureIT' \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dreadmodel.reliability.kills="$kills" \
  -Dreadmodel.reliability.takeovers="$takeovers" "$@"
scripts/reliability-summary.sh target/reliability-summary.tsv
