#!/usr/bin/env bash
# A short, bounded load run with hey (Debian package `hey`) against a
# hubbook already serving on loopback (make run). Prints hey's summary for
# the programme page and the API. Only loopback addresses are allowed.
#
#   bench/load.sh                      # http://127.0.0.1:8080, 2,000 requests, 8 at a time
#   BASE=http://127.0.0.1:8080 N=5000 C=16 bench/load.sh
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:8080}
N=${N:-2000}
C=${C:-8}
case "$BASE" in
  http://127.*|http://localhost*|http://\[::1\]*) ;;
  *) echo "bench/load.sh: only loopback addresses (127.0.0.0/8, localhost, [::1])" >&2; exit 2 ;;
esac
command -v hey >/dev/null || { echo "bench/load.sh: install hey (apt-get install hey)" >&2; exit 2; }
curl -fsS "$BASE/readyz" >/dev/null || { echo "bench/load.sh: nothing ready at $BASE (run make run first)" >&2; exit 2; }
for path in "/" "/api/v1/sessions"; do
  echo "== GET $path ($N requests, $C at a time)"
  hey -n "$N" -c "$C" -t 10 "$BASE$path" | sed -n '/Summary:/,/Requests\/sec/p;/Latency distribution:/,/99%/p;/Status code distribution:/,/^$/p'
done
