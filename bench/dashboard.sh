#!/usr/bin/env bash
# Dashboard SSR benchmark: release build, fresh SQLite database seeded with one signed-up client,
# then `wrk` (Debian) hammers /app with that client's session cookie. Prints p50, p99, req/s.
# Usage: bench/dashboard.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-15}"
CONNECTIONS="${2:-16}"
PORT=3200
DB=/tmp/prospecta-bench.db
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release -p prospecta_server -q
rm -f "$DB" "$DB-wal" "$DB-shm"
PROSPECTA_BIND="127.0.0.1:$PORT" DATABASE_URL="sqlite://$DB?mode=rwc" RUST_LOG=warn \
  LEPTOS_SITE_ROOT="$TARGET_DIR/site" "$TARGET_DIR/release/prospecta" serve &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -f "$DB" "$DB-wal" "$DB-shm"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# Seed: one organisation, signed in (the session cookie is what a browser would send).
COOKIE=$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/api/accounts/signup" \
  -H 'accept: application/json' \
  --data-urlencode email=bench@prospecta.fr --data-urlencode password=mot-de-passe-bench \
  --data-urlencode company='Bench SARL' --data-urlencode first_name=Banc --data-urlencode last_name=Essai |
  sed -n 's/^set-cookie: \(prospecta_session=[^;]*\).*/\1/ip' | head -n1)
[ -n "$COOKIE" ] || { echo "sign-up failed: no session cookie" >&2; exit 1; }
curl -sf -o /dev/null -H "cookie: $COOKIE" "http://127.0.0.1:$PORT/app" || { echo "dashboard not reachable" >&2; exit 1; }

echo "GET /app (signed in, accept-encoding: ${ACCEPT_ENCODING:-identity}), ${DURATION}s, ${CONNECTIONS} connections, 2 threads"
# ACCEPT_ENCODING=br measures what a browser gets: the page compressed on the fly.
OUT=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "cookie: $COOKIE" \
  -H "accept-encoding: ${ACCEPT_ENCODING:-identity}" "http://127.0.0.1:$PORT/app")
echo "$OUT" | awk '
  /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 } /^Requests\/sec/ { rps=$2 } /Non-2xx/ { errors=$NF }
  END { printf "dashboard SSR: p50 %s, p99 %s, %s requests/s%s\n", p50, p99, rps, (errors ? ", NON-2XX: " errors : "") }'
