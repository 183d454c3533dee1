#!/usr/bin/env bash
# The main job: the examples on the embedded in-memory default (no servers), printing answers to
# real questions. Arguments go to the examples CLI: 'scripts/demo.sh --help' lists the commands;
# without a command it runs 'demo'; 'scripts/demo.sh serve' serves the read models over HTTP, with the
# operations dashboard at <url>/dashboard (a token for it is generated unless READMODEL_SERVER_OPERATIONS_TOKEN is set). Set READMODEL_POSTGRES_URL (or pass --postgres-url) to use PostgreSQL.
#
# It builds the examples and the modules they need with 'mvn package' into each module's target/ (never
# 'install': nothing goes to ~/.m2/repository/dev/readmodel), and only when a file of those modules
# changed since the last build. A lock (.build/demo.lock) keeps invocations from racing: one builds,
# the others wait and then find the build fresh; a build also waits for demos that run from the jars it
# replaces.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MODULES=(pom.xml core testkit store-postgres store-clickhouse store-elastic micrometer server examples)
STAMP=examples/target/demo-build.stamp # lists the files built; its time is when that build started
mkdir -p .build

# what the demo runs is built from these; tests are compiled too, but no change to them alone matters
files() {
  find "${MODULES[@]}" \( -name target -o -path '*/src/test' \) -prune -o -type f "$@" -print
}

sources() {
  files | LC_ALL=C sort
}

fresh() {
  [ -f "$STAMP" ] && sources | cmp -s - "$STAMP" \
    && [ -z "$(files -newer "$STAMP" | head -n 1)" ]
}

build() {
  echo "building the examples (sources changed since the last build)" >&2
  sources > .build/demo-build.next # written first: a file changed during the build is newer than the stamp
  rm -rf examples/target/lib       # no jar of an older dependency version stays on the class path
  mvn -q -B -ntp -Dstyle.color=never -pl examples -am -DskipTests package >&2
  mv .build/demo-build.next "$STAMP"
}

if command -v flock > /dev/null; then
  exec 9>> .build/demo.lock # held shared while this demo runs (java inherits it), exclusive to build
  flock -s 9
  if ! fresh; then
    flock -u 9
    flock -n -x 9 || { echo "waiting for another build, or for demos running from the jars it replaces" >&2; flock -x 9; }
    fresh || build
    flock -s 9
  fi
else
  # no flock (macOS): a directory serializes the builds; a demo running meanwhile is not waited for
  until mkdir .build/demo.lock.d 2> /dev/null; do
    echo "waiting for another build (remove .build/demo.lock.d if none runs)" >&2
    sleep 2
  done
  trap 'rmdir .build/demo.lock.d' EXIT
  fresh || build
  rmdir .build/demo.lock.d
  trap - EXIT
fi

if [ $# -eq 0 ] || [[ "$1" == --* && "$1" != --help && "$1" != --version ]]; then
  set -- demo "$@"
fi
# 'serve' without an operations token gets one for this run, so that its operations and dashboard work
if [ "$1" = serve ] && [ -z "${READMODEL_SERVER_OPERATIONS_TOKEN:-}" ] && [[ " $* " != *" --operations-token"* ]]; then
  READMODEL_SERVER_OPERATIONS_TOKEN=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  export READMODEL_SERVER_OPERATIONS_TOKEN
  echo "operations token for this run (the dashboard asks for it): $READMODEL_SERVER_OPERATIONS_TOKEN" >&2
  echo "  for the curl lines below: export READMODEL_SERVER_OPERATIONS_TOKEN=$READMODEL_SERVER_OPERATIONS_TOKEN" >&2
  echo "  to choose your own, set READMODEL_SERVER_OPERATIONS_TOKEN (16+ characters) before scripts/demo.sh serve" >&2
fi
# the class path holds the examples' classes and the jars the build copied into examples/target/lib:
# the reactor modules' own jars from their target/ folders, and the third-party ones
exec java -XX:+UseParallelGC -Xmx${READMODEL_HEAP:-2g} -cp "examples/target/classes:examples/target/lib/*" \
  dev.readmodel.examples.cli.App "$@"
