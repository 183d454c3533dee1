#!/usr/bin/env bash
# Prints the reliability suite's summary table from the file its drills write (one tab-separated line
# per fault kind and store: kind, store, faults, recoveries, lost, duplicated, detail).
set -euo pipefail
file=${1:-target/reliability-summary.tsv}
if [ ! -s "$file" ]; then
  echo "No reliability summary in $file: the drills did not run." >&2
  exit 1
fi
awk -F'\t' '
  BEGIN { printf "%-24s %-11s %7s %11s %5s %11s  %s\n", "fault", "store", "faults", "recoveries", "lost", "duplicated", "detail" }
  { printf "%-24s %-11s %7d %11d %5d %11d  %s\n", $1, $2, $3, $4, $5, $6, $7; f += $3; r += $4; l += $5; d += $6 }
  END { printf "%-24s %-11s %7d %11d %5d %11d\n", "total", "", f, r, l, d; exit (l + d > 0) }
' "$file"
