#!/usr/bin/env bash
# The SIMD import benchmark (see bench/simd/README.md): generates a lookup
# of ROWS postcodes (230,000 by default, about the size of the real file)
# in the Scottish Government's columns, then runs `hubbook simd import` on
# it RUNS times against a throwaway local PostgreSQL cluster, under GNU
# time: the first run loads an empty lookup, the others load the same file
# again; then a "new release" (every zone's figures changed) replaces it.
# Prints each run's wall time, the process's peak memory (maximum resident
# set size) and its CPU time (user and system: reading and sending the
# file; the rest of the wall time is PostgreSQL's). Needs bin/hubbook (make build), PostgreSQL's server
# binaries and GNU time (/usr/bin/time; Debian: apt-get install time).
#
#   bench/simd/run.sh
#   ROWS=50000 RUNS=1 bench/simd/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROWS=${ROWS:-230000}            # postcodes in the generated lookup
RUNS=${RUNS:-3}                 # imports of it, one after another
HUBBOOK=${HUBBOOK:-bin/hubbook} # the hubbook binary
KEEP=${KEEP:-}                  # set to keep the working directory (the CSV, logs)

die() { echo "bench/simd: $*" >&2; exit 2; }
[ -x "$HUBBOOK" ] || die "no $HUBBOOK: run make build first"
[ -x /usr/bin/time ] || die "no /usr/bin/time: install GNU time (apt-get install time)"

dir=$(mktemp -d /tmp/hubbook-simd-bench-XXXXXX)
chmod 755 "$dir" # the local cluster may run as the postgres user
export HUBBOOK_DATA_DIR="$dir"
unset DATABASE_URL
cleanup() {
  "$HUBBOOK" stop-db 2>/dev/null || true
  if [ -n "$KEEP" ]; then echo "bench/simd: kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT

"$HUBBOOK" migrate 2>>"$dir/hubbook.log" || { cat "$dir/hubbook.log"; die "migrate failed"; }

# The lookups: unique postcodes over 16 postcode areas, about 33 to a data
# zone across all 6,976 (S01006506 to S01013481), each zone's rank a
# permutation of 1..6976, the vigintile, decile and quintile worked out from
# it, and the seven domain ranks and the intermediate zone and council
# columns the real file has, which the import ignores.
generate() { # generate MULTIPLIER: the zones' ranks are zone * MULTIPLIER mod 6976, plus 1
awk -v rows="$ROWS" -v mult="$1" 'BEGIN {
  split("AB DD DG EH FK G HS IV KA KW KY ML PA PH TD ZE", area, " ")
  letters = "ABDEFGHJLNPQRSTUWXYZ"
  OFS = ","
  print "Postcode", "DZ", "SIMD2020v2_Rank", "SIMD2020v2_Vigintile", "SIMD2020v2_Decile", "SIMD2020v2_Quintile",
        "SIMD2020v2_Income_Domain_Rank", "SIMD2020_Employment_Domain_Rank", "SIMD2020_Health_Domain_Rank",
        "SIMD2020_Education_Domain_Rank", "SIMD2020_Access_Domain_Rank", "SIMD2020_Crime_Domain_Rank",
        "SIMD2020_Housing_Domain_Rank", "IZcode", "IZname", "LAcode", "LAname"
  for (i = 0; i < rows; i++) {
    unit = substr(letters, int(i / 20) % 20 + 1, 1) substr(letters, i % 20 + 1, 1)
    pc = area[int(i / 160000) % 16 + 1] (int(i / 4000) % 40 + 1) " " (int(i / 400) % 10) unit
    zone = int(i / 33) % 6976
    rank = (zone * mult) % 6976 + 1
    print pc, sprintf("S0%07d", 1006506 + zone), rank,
          int((rank - 1) * 20 / 6976) + 1, int((rank - 1) * 10 / 6976) + 1, int((rank - 1) * 5 / 6976) + 1,
          (rank * 7) % 6976 + 1, (rank * 11) % 6976 + 1, (rank * 13) % 6976 + 1, (rank * 17) % 6976 + 1,
          (rank * 19) % 6976 + 1, (rank * 23) % 6976 + 1, (rank * 29) % 6976 + 1,
          sprintf("S0%07d", 2001236 + int(zone / 5)), "Intermediate zone " int(zone / 5),
          sprintf("S120000%02d", zone % 32 + 5), "Council " (zone % 32 + 1)
  }
}'
}
generate 2963 >"$dir/lookup.csv"
generate 3001 >"$dir/changed.csv" # the same postcodes and zones, all but two zones ranked anew: a new release
size=$(du -h "$dir/lookup.csv" | cut -f1)
echo "bench/simd: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $ROWS postcodes in a $size CSV (working in $dir)"

# What any subcommand costs: the binary and a database connection.
/usr/bin/time -f '%e %M' -o "$dir/time.status" "$HUBBOOK" simd status >/dev/null 2>>"$dir/hubbook.log"
read -r _ base_kb <"$dir/time.status"

printf '%-4s %-22s %10s %14s %12s\n' run "lookup before" "wall time" "peak memory" "hubbook CPU"
for run in $(seq 1 "$RUNS"); do
  before=$([ "$run" = 1 ] && echo empty || echo "$ROWS postcodes")
  /usr/bin/time -f '%e %M %U %S' -o "$dir/time.$run" "$HUBBOOK" simd import "$dir/lookup.csv" >"$dir/out.$run" 2>>"$dir/progress.log" ||
    { cat "$dir/progress.log"; die "import $run failed"; }
  read -r secs kb user sys <"$dir/time.$run"
  printf '%-4s %-22s %9ss %11s MB %11ss\n' "$run" "$before" "$secs" "$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }')" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
done
# A new release: the same postcodes with every zone's figures changed, so
# every row of the lookup is rewritten.
/usr/bin/time -f '%e %M %U %S' -o "$dir/time.changed" "$HUBBOOK" simd import "$dir/changed.csv" >"$dir/out.changed" 2>>"$dir/progress.log" ||
  { cat "$dir/progress.log"; die "import of the changed lookup failed"; }
read -r secs kb user sys <"$dir/time.changed"
printf '%-4s %-22s %9ss %11s MB %11ss\n' new "every figure changed" "$secs" "$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }')" \
  "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
echo "bench/simd: $(cat "$dir/out.$RUNS")"
echo "bench/simd: load average now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench/simd: for comparison, hubbook simd status peaks at $(awk -v kb="$base_kb" 'BEGIN { printf "%.1f", kb / 1024 }') MB"
echo "bench/simd: progress as logged (stderr not a terminal):"
sed 's/^/  /' "$dir/progress.log" | tail -n 6
