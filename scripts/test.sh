#!/usr/bin/env bash
# Runs every test: unit tests (surefire, *Test) and integration tests (failsafe, *IT) against real
# PostgreSQL, ClickHouse and Elasticsearch. Which servers:
#   - the ones named by READMODEL_POSTGRES_URL / READMODEL_CLICKHOUSE_URL / READMODEL_ELASTIC_URL, if set;
#   - otherwise, with a Docker engine, Testcontainers starts pinned images;
#   - otherwise scripts/stores.sh starts local servers (Debian/Ubuntu, root) and stops them afterwards.
# Fails if any integration test was skipped or none ran. Extra arguments go to Maven.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

if [ -z "${READMODEL_POSTGRES_URL:-}${READMODEL_CLICKHOUSE_URL:-}${READMODEL_ELASTIC_URL:-}" ] \
    && ! docker info >/dev/null 2>&1; then
  scripts/stores.sh up >/dev/null
  trap 'scripts/stores.sh down' EXIT
  # shellcheck source=/dev/null
  source .stores/env
fi

mvn -B -ntp clean verify "$@"

tests=0; skipped=0; failed=0
while IFS= read -r report; do
  line=$(grep -m1 -o '<testsuite[^>]*>' "$report")
  t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$line")
  s=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$line")
  f=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$line")
  e=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$line")
  tests=$((tests + ${t:-0})); skipped=$((skipped + ${s:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done < <(find . -path '*/target/failsafe-reports/TEST-*.xml' | sort)
echo "Integration tests: $tests run, $skipped skipped, $failed failed"
if [ "$tests" -eq 0 ]; then
  echo "No integration test ran: the real-store suites must run." >&2
  exit 1
fi
if [ "$skipped" -gt 0 ]; then
  echo "Integration tests were skipped: every one must run against its real server." >&2
  grep -l '<skipped' $(find . -path '*/target/failsafe-reports/TEST-*.xml') >&2 || true
  exit 1
fi
if [ -s target/reliability-summary.tsv ]; then
  scripts/reliability-summary.sh target/reliability-summary.tsv
fi
[ "$failed" -eq 0 ]
