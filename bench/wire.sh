#!/usr/bin/env bash
# What a browser downloads and how fast the wire serves it, on the production build
# (scripts/build-release.sh): bundle sizes raw / gzip / brotli, the stylesheet's requests/s
# with keep-alive (wrk, brotli accepted), /healthz for comparison, and a first visit of the
# landing page in Chromium throttled to 10 Mbit/s and 40 ms RTT.
# Usage: bench/wire.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
PORT=3201
DB=/tmp/prospecta-wire.db
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
[ -n "${SKIP_BUILD:-}" ] || ./scripts/build-release.sh >/dev/null
PKG=dist/site/pkg
echo "bundle (bytes: raw / gzip / brotli)"
for f in "$PKG"/prospecta.*.wasm "$PKG"/prospecta.*.js "$PKG"/__wasm_split.*.js "$PKG"/*.css; do
  printf '  %-48s %9d / %8d / %8d\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(stat -c %s "$f.gz")" "$(stat -c %s "$f.br")"
done
# The lazy routes' chunks, fetched page by page: their count, total and largest (brotli).
ls "$PKG"/split_*.wasm "$PKG"/chunk_*.wasm 2>/dev/null | while read -r f; do stat -c %s "$f.br"; done |
  awk '{ n++; total += $1; if ($1 > max) max = $1 } END { printf "  %d chunks of the lazy routes: %d bytes brotli in all, the largest %d\n", n, total, max }'
rm -f "$DB" "$DB-wal" "$DB-shm"
PROSPECTA_BIND="127.0.0.1:$PORT" DATABASE_URL="sqlite://$DB?mode=rwc" RUST_LOG=warn \
  LEPTOS_SITE_ROOT=dist/site dist/prospecta serve &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -f "$DB" "$DB-wal" "$DB-shm"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
CSS=$(basename "$(ls "$PKG"/*.css)")
rate() {
  wrk -t2 -c16 -d"${DURATION}s" --latency -H 'accept-encoding: br, gzip' "$1" |
    awk -v what="$2" '/^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 } /^Requests\/sec/ { rps=$2 } /Non-2xx/ { errors=$NF }
      END { printf "%s: %s requests/s, p50 %s, p99 %s%s\n", what, rps, p50, p99, (errors ? ", NON-2XX: " errors : "") }'
}
rate "http://127.0.0.1:$PORT/pkg/$CSS" "stylesheet ($CSS, brotli twin)"
rate "http://127.0.0.1:$PORT/healthz" "/healthz"
node bench/first-visit.mjs "http://127.0.0.1:$PORT/" 5
