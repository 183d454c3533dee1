#!/usr/bin/env bash
# The main job: the examples on the embedded in-memory default (no servers), printing answers to
# real questions. Arguments go to the examples CLI: 'scripts/demo.sh --help' lists the commands;
# without a command it runs 'demo'. Set READMODEL_POSTGRES_URL (or pass --postgres-url) to use PostgreSQL.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
mvn -q -B -ntp -pl examples -am -DskipTests install >&2
if [ $# -eq 0 ] || [[ "$1" == --* && "$1" != --help && "$1" != --version ]]; then
  set -- demo "$@"
fi
exec java -XX:+UseParallelGC -Xmx${READMODEL_HEAP:-2g} -cp "examples/target/classes:examples/target/lib/*" \
  dev.readmodel.examples.cli.App "$@"
