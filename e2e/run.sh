#!/usr/bin/env bash
# Runs the browser tests: starts hubbook with demo data on a throwaway local
# PostgreSQL cluster and a free port, runs e2e/*.test.js with node's test
# runner in headless Chromium, and cleans up. Needs bin/hubbook (make build).
# Arguments name test files to run instead of all (e2e/feeds.test.js).
# Without Chromium it says so and skips, unless E2E_REQUIRED is set (as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$CHROMIUM" ]; then
  echo "e2e: no Chromium found (Debian: apt-get install chromium; or set CHROMIUM=/path/to/chrome)"
  [ -n "${E2E_REQUIRED:-}" ] && exit 1
  echo "e2e: skipped"
  exit 0
fi
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)

dir=$(mktemp -d /tmp/hubbook-e2e-XXXXXX)
chmod 755 "$dir" # the local cluster may run as the postgres user
export HUBBOOK_DATA_DIR="$dir" HUBBOOK_ADDR=127.0.0.1:0
unset DATABASE_URL
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  bin/hubbook stop-db || true
  rm -rf "$dir"
}
trap cleanup EXIT

bin/hubbook migrate 2>>"$dir/hubbook.log"
bin/hubbook seed 2>>"$dir/hubbook.log"
bin/hubbook serve 2>>"$dir/hubbook.log" &
pid=$!
url=
for _ in $(seq 1 100); do
  url=$(grep -o 'url=http://[0-9.:]*' "$dir/hubbook.log" | head -n 1 | cut -d= -f2 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "e2e: hubbook did not start:"; cat "$dir/hubbook.log"; exit 1
fi

BASE_URL="$url" CHROMIUM="$CHROMIUM" node --test --test-concurrency=1 "${@:-e2e/}"
