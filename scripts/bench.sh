#!/usr/bin/env bash
# Runs the benchmarks against the real stores and prints one table of figures, raw limits and ratios.
# Uses the stores named by READMODEL_*_URL if set; otherwise starts local ones with scripts/stores.sh
# and stops them afterwards. Arguments go to the benchmark program (--help lists them).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ -z "${READMODEL_POSTGRES_URL:-}" ]; then
  scripts/stores.sh up >/dev/null
  trap 'scripts/stores.sh down' EXIT
  # shellcheck source=/dev/null
  source .stores/env
fi
mvn -q -B -ntp -pl benchmarks -am -DskipTests package
java -XX:+UseParallelGC -Xms${READMODEL_BENCH_HEAP:-4g} -Xmx${READMODEL_BENCH_HEAP:-4g} -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.readmodel.benchmarks.Benchmarks "$@"
