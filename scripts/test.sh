#!/usr/bin/env bash
# Runs every test: unit tests (surefire, *Test) and integration tests (failsafe, *IT) against real
# PostgreSQL, ClickHouse (18.16 and current), Elasticsearch (8.19 and 9.x) and Kafka 4. For each of those
# servers:
#   - the one named by its READMODEL_*_URL (POSTGRES, CLICKHOUSE, CLICKHOUSE_CURRENT, ELASTIC,
#     ELASTIC_CURRENT) or READMODEL_KAFKA_BOOTSTRAP, if set;
#   - otherwise, with a Docker engine, Testcontainers starts the image pinned in the parent pom;
#   - otherwise scripts/stores.sh starts a local one (Debian/Ubuntu, root) and stops it afterwards
#     (a local one that is already running is used and left running).
# Fails if any integration test was skipped or none ran. Extra arguments go to Maven.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# shellcheck source=lib/servers.sh
source scripts/lib/servers.sh
need_servers postgres clickhouse clickhouse-current elasticsearch elasticsearch-current kafka
# the dashboard's browser test (DashboardBrowserIT) drives the system's Chromium through its chromedriver
scripts/browser.sh

# the summary below is printed whatever Maven's outcome; a failed build fails the script at the end
# -Prelease: the sources and javadoc jars of the published modules are built too, so a Javadoc error
# fails here rather than at release time
maven=0
mvn -B -ntp -Prelease clean verify "$@" || maven=$?

# One count per report folder: failsafe-reports (the default run of each module) and the
# failsafe-reports-<server> folders of the executions against a second server release.
declare -A per=()
tests=0; skipped=0; failed=0
while IFS= read -r report; do
  folder=$(basename "$(dirname "$report")")
  group=${folder#failsafe-reports}; group=${group#-}; group=${group:-default}
  line=$(grep -m1 -o '<testsuite[^>]*>' "$report" || true) # a report cut short by a killed fork has none
  t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$line")
  s=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$line")
  f=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$line")
  e=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$line")
  tests=$((tests + ${t:-0})); skipped=$((skipped + ${s:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
  per[$group]=$(( ${per[$group]:-0} + ${t:-0} ))
done < <(find . -path '*/target/failsafe-reports*/TEST-*.xml' | sort)
parts=()
for group in $(printf '%s\n' "${!per[@]}" | grep -vx default | sort) default; do
  [ -n "${per[$group]:-}" ] && parts+=("$group: ${per[$group]}")
done
counts=$(printf '%s, ' "${parts[@]}")
echo "Integration tests: $tests run, $skipped skipped, $failed failed${counts:+ (${counts%, })}"
if [ "$maven" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "The build failed (mvn exit $maven)." >&2
  exit "$maven"
fi
if [ "$tests" -eq 0 ]; then
  echo "No integration test ran: the real-store suites must run." >&2
  exit 1
fi
if [ "$skipped" -gt 0 ]; then
  echo "Integration tests were skipped: every one must run against its real server." >&2
  find . -path '*/target/failsafe-reports*/TEST-*.xml' -exec grep -l '<skipped' {} + >&2 || true
  exit 1
fi
if [ -s target/reliability-summary.tsv ]; then
  scripts/reliability-summary.sh target/reliability-summary.tsv
fi
[ "$failed" -eq 0 ] && [ "$maven" -eq 0 ]
