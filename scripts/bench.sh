#!/usr/bin/env bash
# Runs the benchmarks against the real stores and prints one table of figures, raw limits and ratios.
# Uses the stores named by READMODEL_*_URL if set; otherwise starts local ones with scripts/stores.sh
# and stops those it started afterwards (see scripts/lib/servers.sh). The clickhouse scenario runs on
# 18.16 and on the current engine. Arguments go to the benchmark program (--help lists them).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/servers.sh
source scripts/lib/servers.sh
need_servers --local postgres clickhouse clickhouse-current elasticsearch
mvn -q -B -ntp -pl benchmarks -am -DskipTests package
java -XX:+UseParallelGC -Xms${READMODEL_BENCH_HEAP:-4g} -Xmx${READMODEL_BENCH_HEAP:-4g} -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.readmodel.benchmarks.Benchmarks "$@"
