#!/usr/bin/env bash
# The booking benchmark (see bench/booking/README.md): on a throwaway local
# PostgreSQL cluster, measures the SQL ceiling of a booking with pgbench
# (the store's bookFast statement) and then the HTTP path, POST
# /sessions/{id}/book on bin/hubbook serve, with vegeta; hot (one session)
# and spread (many sessions); then prints a summary table. Needs bin/hubbook
# (make build), PostgreSQL's server binaries with pgbench and psql, jq, and
# for the HTTP part vegeta (go install github.com/tsenart/vegeta/v12@v12.13.0).
#
#   bench/booking/run.sh
#   DURATION=20 CLIENTS=20 PARTS=sql bench/booking/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$PWD/bench/booking

DURATION=${DURATION:-10}               # seconds per measured phase
CLIENTS=${CLIENTS:-20}                 # pgbench clients, and the server's DB_MAX_OPEN_CONNS
THREADS=${THREADS:-$(nproc)}           # pgbench threads
QUERY_MODE=${QUERY_MODE:-extended}     # pgbench -M: extended is what lib/pq does (no reused prepared statement)
SPREAD=${SPREAD:-1000}                 # sessions in the spread scenario
WORKERS=${WORKERS:-$CLIENTS}           # vegeta's requests in flight when finding the maximum rate
FULL_RATE=${FULL_RATE:-100}            # posts/s to the full session
TARGETS=${TARGETS:-100000}             # distinct booking posts generated per HTTP phase
PARTS=${PARTS:-sql,http}               # which parts to run
KEEP=${KEEP:-}                         # set to keep the working directory (logs, pgbench and vegeta output)
WAIT_QUIET=${WAIT_QUIET:-0}            # on a shared machine: seconds to wait before each phase for the others to stop
RETRIES=${RETRIES:-0}                  # on a shared machine: how many times to run again a phase that other work disturbed
HUBBOOK=${HUBBOOK:-bin/hubbook}        # the hubbook binary
if [ -z "${PGBIN:-}" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1)
fi
VEGETA=${VEGETA:-$(command -v vegeta || echo "$(go env GOPATH)/bin/vegeta")}

die() { echo "bench/booking: $*" >&2; exit 2; }
[ -x "$HUBBOOK" ] || die "no $HUBBOOK: run make build first"
[ -x "$PGBIN/pgbench" ] && [ -x "$PGBIN/psql" ] || die "no pgbench and psql in PGBIN=$PGBIN (Debian: apt-get install postgresql)"
command -v jq >/dev/null || die "install jq (apt-get install jq)"
want() { case ",$PARTS," in *",$1,"*) return 0 ;; esac; return 1; }
if want http && [ ! -x "$VEGETA" ]; then
  die "no vegeta: go install github.com/tsenart/vegeta/v12@v12.13.0 (or PARTS=sql)"
fi
if want http; then command -v curl >/dev/null || die "install curl"; fi

dir=$(mktemp -d /tmp/hubbook-bench-XXXXXX)
chmod 755 "$dir" # the local cluster may run as the postgres user
export HUBBOOK_DATA_DIR="$dir" HUBBOOK_ADDR=127.0.0.1:0
unset DATABASE_URL
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; fi
  "$HUBBOOK" stop-db 2>/dev/null || true
  if [ -n "$KEEP" ]; then echo "bench/booking: kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT

# The cluster: started and migrated by hubbook itself, as make run does
# (durable: fsync and synchronous_commit on). psql and pgbench reach it
# through the PG* variables, from the state file next to its data.
"$HUBBOOK" migrate 2>>"$dir/hubbook.log" || { cat "$dir/hubbook.log"; die "migrate failed"; }
state="$dir/postgres/hubbook-cluster.json"
export PGHOST=127.0.0.1 PGUSER=hubbook PGDATABASE=hubbook PGSSLMODE=disable
PGPORT=$(jq -r .port "$state") PGPASSWORD=$(jq -r .password "$state")
export PGPORT PGPASSWORD
sql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -At "$@"; }
sql -v spread="$SPREAD" -f "$here/fixtures.sql"
pg_version=$(sql -c 'SHOW server_version' | cut -d' ' -f1)
echo "bench/booking: $(nproc) cores, PostgreSQL $pg_version, $CLIENTS connections, ${DURATION}s phases, $SPREAD spread sessions (working in $dir)"

# fresh makes every phase start alike: the sessions' places back to none
# (bookings already made stay: their emails and tokens are all distinct),
# the dead row versions of the last phase vacuumed, and a checkpoint done.
fresh() {
  sql -c "UPDATE programme_sessions SET places_booked = 0 WHERE public_id ~ '^bench[0-9]{7}\$'"
  sql -c 'VACUUM ANALYZE programme_sessions, bookings, booking_events' -c 'CHECKPOINT'
}

# booked prints the places booked on sessions first..last.
booked() {
  sql -c "SELECT coalesce(sum(places_booked), 0) FROM programme_sessions
          WHERE public_id IN (SELECT 'bench' || lpad(n::text, 7, '0') FROM generate_series($1, $2) AS n)"
}

# connections prints how many connections the database has accepted so far.
connections() { sql -c "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"; }

# percentile P reads numbers one a line and prints the P-th percentile.
percentile() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; print v[i] }'; }

declare -A result
disturbed=

ms() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'; }

# cpu prints the time and the CPU time used so far, in clock ticks: by the
# machine (busy: not idle or waiting for the disk), by PostgreSQL (the
# postmaster, its children and the children it has reaped), by hubbook
# serve, and by this script's finished children (so, read around a
# pgbench or vegeta run, by the load generator).
cpu() {
  local machine pg=0 web=0 gen pm p
  machine=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)
  pm=$(head -n 1 "$dir/postgres/postmaster.pid")
  for p in "$pm" $(pgrep -P "$pm" || true); do
    pg=$((pg + $(awk '{ sub(/.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  if [ -n "$pid" ]; then web=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat"); fi
  gen=$(awk '{ sub(/.*\) /, ""); print $14 + $15 }' "/proc/$$/stat")
  echo "$EPOCHREALTIME $machine $pg $web $gen"
}

# cpu_per BEFORE AFTER N prints where the CPU went between two cpu readings,
# per request (N of them), in ms, and how busy the machine was.
cpu_per() {
  awk -v b="$1" -v a="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" 'BEGIN {
    split(b, x, " "); split(a, y, " ")
    secs = y[1] - x[1]; m = (y[2] - x[2]) * 1000 / hz; pg = (y[3] - x[3]) * 1000 / hz
    web = (y[4] - x[4]) * 1000 / hz; gen = (y[5] - x[5]) * 1000 / hz; rest = m - pg - web - gen
    if (n < 1) n = 1
    if (rest < 0) rest = 0
    printf "CPU per request: PostgreSQL %.2f ms", pg / n
    if (web > 0) printf ", hubbook %.2f ms", web / n
    printf ", load generator %.2f ms, anything else %.2f ms; machine %.0f%% busy", gen / n, rest / n, 100 * m / (secs * 1000 * cores)
    if (rest > 0.1 * secs * 1000 * cores) printf " (WARNING: %.0f%% by other work: the figures are low)", 100 * rest / (secs * 1000 * cores)
  }'
}

# report_cpu PHASE BEFORE AFTER N prints cpu_per's line, and remembers
# PHASE for the summary when other work took the CPU.
report_cpu() {
  local line
  line=$(cpu_per "$2" "$3" "$4")
  echo "   $line"
  if [[ $line == *WARNING* ]]; then disturbed=$1; fi
}

# busy_share prints the share of the machine busy over the next second, in %.
busy_share() {
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  sleep 1
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%d", 100 * (y[1] - x[1]) / (y[1] - x[1] + y[2] - x[2] + 1) }'
}

# phase runs a phase (a function and its arguments), after waiting up to
# WAIT_QUIET seconds for two quiet seconds in a row, and runs it again, up
# to RETRIES times, when other work took the CPU during it.
phase() {
  local try quiet waited
  for try in $(seq 0 "$RETRIES"); do
    quiet=0 waited=0
    while [ "$quiet" -lt 2 ] && [ "$waited" -lt "$WAIT_QUIET" ]; do
      if [ "$(busy_share)" -lt 10 ]; then quiet=$((quiet + 1)); else quiet=0; fi
      waited=$((waited + 1))
    done
    disturbed=
    "$@"
    [ -z "$disturbed" ] && return
    [ "$try" -lt "$RETRIES" ] && echo "   (other work took the CPU: again)"
  done
  result[busy]="${result[busy]:-}${result[busy]:+, }$disturbed"
}

# idle_check warns when the machine is already busy before the run.
idle_check() {
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  sleep 2
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ")
    busy = (y[1] - x[1]) / (y[1] - x[1] + y[2] - x[2])
    if (busy > 0.1) printf "bench/booking: WARNING the machine is %.0f%% busy before the run: figures will be low\n", 100 * busy }'
}

# sql_phase NAME FIRST LAST SCRIPT: pgbench runs SCRIPT, which books one
# place on one of sessions FIRST..LAST, with CLIENTS clients for DURATION
# seconds.
sql_phase() {
  local name=$1 first=$2 last=$3 script=$4 out=$dir/sql-$1
  fresh
  echo "== SQL $name: pgbench -c $CLIENTS -j $THREADS -M $QUERY_MODE -T $DURATION -f $(basename "$script"), sessions $first..$last"
  local before after
  before=$(cpu)
  (cd "$dir" && "$PGBIN/pgbench" -n -M "$QUERY_MODE" -c "$CLIENTS" -j "$THREADS" -T "$DURATION" \
    -D first="$first" -D last="$last" -D run="$name" -f "$script" \
    -l --log-prefix="$out") >"$out.txt" 2>&1 || { cat "$out.txt"; die "pgbench failed"; }
  after=$(cpu)
  local tps tx places p50 p99
  tps=$(awk '/^tps =/ { printf "%.0f", $3 }' "$out.txt")
  tx=$(awk -F': ' '/actually processed/ { print $2 }' "$out.txt")
  places=$(booked "$first" "$last")
  p50=$(cat "$out".[0-9]* | awk '$3 ~ /^[0-9]+$/ { print $3 }' | percentile 50)
  p99=$(cat "$out".[0-9]* | awk '$3 ~ /^[0-9]+$/ { print $3 }' | percentile 99)
  result[sql_$name]=$tps
  result[sql_${name}_lat]=$(awk -v a="$p50" -v b="$p99" 'BEGIN { printf "%.1f / %.1f", a / 1000, b / 1000 }')
  echo "   $tx transactions, $tps tx/s, latency p50 / p99 ${result[sql_${name}_lat]} ms, $places places booked"
  report_cpu "SQL $name" "$before" "$after" "$tx"
  if [ "$places" != "$tx" ]; then
    result[sql_${name}_note]="only $places of $tx transactions booked: the session filled, lower DURATION"
    echo "   WARNING: ${result[sql_${name}_note]}"
  fi
}

# attack NAME RATE FILE: vegeta posts FILE's targets at RATE (0: as fast as
# WORKERS concurrent requests go) for DURATION seconds, redirects not
# followed; writes NAME.json, vegeta's report.
attack() {
  local name=$1 rate=$2 targets=$3 conns
  local -a how=(-rate="$rate/1s")
  if [ "$rate" = 0 ]; then how=(-rate=0 -workers="$WORKERS" -max-workers="$WORKERS"); fi
  local before after
  conns=$(connections)
  before=$(cpu)
  "$VEGETA" attack -format=json -targets="$targets" "${how[@]}" -duration="${DURATION}s" \
    -redirects=-1 -timeout=30s >"$dir/$name.bin"
  after=$(cpu)
  "$VEGETA" report -type=json <"$dir/$name.bin" >"$dir/$name.json"
  echo "   $(jq -r '"\(.requests) requests, status \(.status_codes | to_entries | map("\(.key): \(.value)") | join(", ")), p50 \(.latencies."50th" / 1e6 * 10 | floor / 10) ms, p99 \(.latencies."99th" / 1e6 * 10 | floor / 10) ms"' "$dir/$name.json"), $(($(connections) - conns)) new database connections"
  report_cpu "$name" "$before" "$after" "$(jq .requests "$dir/$name.json")"
}

# per_second NAME CODE prints how many CODE answers NAME got a second.
per_second() { jq -r --arg c "$2" '(.status_codes[$c] // 0) / ((.duration + .wait) / 1e9) | floor' "$dir/$1.json"; }

# targets NAME ARGS...: NAME.targets, TARGETS booking posts (see targets.go),
# their emails unlike any made before.
made=0
targets() {
  local name=$1; shift
  made=$((made + 1))
  "$dir/targets" -base "$base" -tag "$name-$made" -n "$TARGETS" "$@" >"$dir/$name.targets"
}

# http_phase NAME FIRST LAST: the maximum bookings/s on sessions FIRST..LAST
# (WORKERS requests at a time), then latency at half that rate, open loop.
http_phase() {
  local name=$1 first=$2 last=$3 max half
  fresh
  targets "http-$name-max" -first "$first" -last "$last"
  echo "== HTTP $name, maximum: vegeta -rate=0 -max-workers=$WORKERS -duration=${DURATION}s, sessions $first..$last"
  attack "http-$name-max" 0 "$dir/http-$name-max.targets"
  max=$(per_second "http-$name-max" 303)
  result[http_$name]=$max
  half=$((max / 2))
  [ "$half" -ge 1 ] || { result[http_${name}_note]="no bookings made"; return; }
  fresh
  targets "http-$name-half" -first "$first" -last "$last"
  echo "== HTTP $name, half that rate: vegeta -rate=$half/1s -duration=${DURATION}s"
  attack "http-$name-half" "$half" "$dir/http-$name-half.targets"
  result[http_${name}_half]=$half
  result[http_${name}_lat]="$(ms "$(jq '.latencies."50th"' "$dir/http-$name-half.json")") / $(ms "$(jq '.latencies."99th"' "$dir/http-$name-half.json")")"
  local other
  other=$(jq -r '[.status_codes | to_entries[] | select(.key != "303") | "\(.value) × \(.key)"] | join(", ")' "$dir/http-$name-max.json" "$dir/http-$name-half.json" | paste -sd' ')
  if [ -n "${other// /}" ]; then
    result[http_${name}_note]="answers other than 303: $other"
    echo "   WARNING: ${result[http_${name}_note]}"
  fi
}

# http_full: posts to a session that is already full; all should be 409.
http_full() {
  targets http-full -session benchfull0001
  echo "== HTTP session full: vegeta -rate=$FULL_RATE/1s -duration=${DURATION}s"
  attack http-full "$FULL_RATE" "$dir/http-full.targets"
  result[full_lat]="$(ms "$(jq '.latencies."50th"' "$dir/http-full.json")") / $(ms "$(jq '.latencies."99th"' "$dir/http-full.json")")"
  result[full_409]=$(jq '.status_codes["409"] // 0' "$dir/http-full.json")
  result[full_n]=$(jq '.requests' "$dir/http-full.json")
}

# serve starts bin/hubbook serve on a free port with the pool at CLIENTS
# connections and no booking rate limit; sets base to its address.
serve() {
  DB_MAX_OPEN_CONNS=$CLIENTS BOOKING_RATE_LIMIT=0 "$HUBBOOK" serve 2>>"$dir/hubbook.log" &
  pid=$!
  base=
  for _ in $(seq 1 100); do
    base=$(grep -o 'url=http://[0-9.:]*' "$dir/hubbook.log" | head -n 1 | cut -d= -f2 || true)
    [ -n "$base" ] && break
    sleep 0.1
  done
  [ -n "$base" ] || { cat "$dir/hubbook.log"; die "hubbook did not start"; }
}

idle_check
if want sql; then
  phase sql_phase hot 0 0 "$here/book.pgbench"
  phase sql_phase spread 1 "$SPREAD" "$here/book.pgbench"
fi

if want http; then
  go build -o "$dir/targets" "$here/targets.go"
  serve
  echo "== HTTP: hubbook at $base, DB_MAX_OPEN_CONNS=$CLIENTS, DB_MAX_IDLE_CONNS=${DB_MAX_IDLE_CONNS:-$CLIENTS (default)}"
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-urlencode name=Probe --data-urlencode email=probe@bench.test \
    -d adults=1 -d children=0 "$base/sessions/bench0000001/book")
  if [ "$code" != 303 ]; then
    result[http_skipped]="POST /sessions/{id}/book answered $code, not 303: is the booking endpoint built in (make build)?"
    echo "   SKIPPED: ${result[http_skipped]}"
  else
    targets http-warmup -first 1 -last "$SPREAD"
    echo "== HTTP warm-up: 3s at 100/s (not reported)"
    DURATION=3 attack http-warmup 100 "$dir/http-warmup.targets"
    disturbed=
    phase http_phase hot 0 0
    phase http_phase spread 1 "$SPREAD"
    phase http_full
  fi
fi

# The summary.
n() { echo "${result[$1]:--}"; }
ratio() {
  local s=${result[sql_$1]:-} h=${result[http_$2]:-}
  if [ -n "$s" ] && [ -n "$h" ] && [ "$s" -gt 0 ]; then awk -v s="$s" -v h="$h" 'BEGIN { printf "%.0f%%", 100 * h / s }'; else echo -; fi
}
echo
echo "booking benchmark: $(nproc) cores, PostgreSQL $pg_version, $CLIENTS connections (pgbench clients = DB_MAX_OPEN_CONNS), ${DURATION}s phases, $(date -u +%Y-%m-%d)"
printf '%-22s %10s %16s %12s %10s %22s\n' "" "SQL tx/s" "SQL p50/p99 ms" "HTTP book/s" "HTTP/SQL" "HTTP p50/p99 ms @ rate"
for s in hot spread; do
  label="hot (1 session)"
  [ "$s" = spread ] && label="spread ($SPREAD sessions)"
  at=-
  if [ -n "${result[http_${s}_lat]:-}" ]; then at="$(n http_${s}_lat) @ $(n http_${s}_half)/s"; fi
  printf '%-22s %10s %16s %12s %10s %22s\n' "$label" "$(n sql_$s)" "$(n sql_${s}_lat)" "$(n http_$s)" "$(ratio "$s" "$s")" "$at"
done
if [ -n "${result[full_lat]:-}" ]; then
  echo "session full: $(n full_409) of $(n full_n) answered 409 at $FULL_RATE/s, p50 / p99 $(n full_lat) ms"
fi
for k in sql_hot_note sql_spread_note http_hot_note http_spread_note http_skipped; do
  if [ -n "${result[$k]:-}" ]; then echo "note: ${result[$k]}"; fi
done
if [ -n "${result[busy]:-}" ]; then
  echo "note: other work on the machine took CPU during: ${result[busy]}; those figures are low"
fi
echo "(SQL: pgbench running the store's booking statement; HTTP: the whole POST through hubbook, WORKERS=$WORKERS at a time for the maximum)"
