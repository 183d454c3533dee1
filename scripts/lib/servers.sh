# Sourced by scripts/test.sh, reliability.sh and bench.sh: makes sure each server they need is named by
# its READMODEL_*_URL. A server already named is used as it is; otherwise, for tests on a machine with a
# Docker engine, Testcontainers starts the pinned image (nothing to do here); otherwise scripts/stores.sh
# starts a local one, and stops it when the calling script exits. A local one that is already running is
# used and left running.
#
#   need_servers [--local] NAME...   NAME: postgres clickhouse clickhouse-current elasticsearch elasticsearch-current kafka
#                                    --local: start local servers even where Docker runs (the benchmarks)

declare -gA READMODEL_URL_OF=([postgres]=READMODEL_POSTGRES_URL [clickhouse]=READMODEL_CLICKHOUSE_URL
  [clickhouse-current]=READMODEL_CLICKHOUSE_CURRENT_URL [elasticsearch]=READMODEL_ELASTIC_URL
  [elasticsearch-current]=READMODEL_ELASTIC_CURRENT_URL [kafka]=READMODEL_KAFKA_BOOTSTRAP)
declare -ga READMODEL_STARTED=()

need_servers() {
  local local_only=0 name missing=()
  if [ "${1:-}" = --local ]; then local_only=1; shift; fi
  for name in "$@"; do
    [ -n "${READMODEL_URL_OF[$name]:-}" ] || { echo "need_servers: unknown server [$name]" >&2; return 2; }
    [ -n "${!READMODEL_URL_OF[$name]:-}" ] || missing+=("$name")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ $local_only = 0 ] && docker info >/dev/null 2>&1; then
    return 0
  fi
  for name in "${missing[@]}"; do
    scripts/stores.sh status "$name" >/dev/null 2>&1 || READMODEL_STARTED+=("$name")
  done
  if [ ${#READMODEL_STARTED[@]} -gt 0 ]; then
    trap 'scripts/stores.sh down "${READMODEL_STARTED[@]}"' EXIT
    echo "Starting local servers: ${READMODEL_STARTED[*]}" >&2
    scripts/stores.sh up "${READMODEL_STARTED[@]}" >/dev/null
  fi
  local settings
  settings=$(scripts/stores.sh env "${missing[@]}") || { echo "need_servers: no settings for ${missing[*]}" >&2; return 1; }
  eval "$settings"
}
