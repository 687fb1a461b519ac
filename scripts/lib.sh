# Shared by run.sh and test.sh: idempotent set-up and the build. Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
WASM_BINDGEN_VERSION=0.2.130
# CI keeps the target directory outside the fresh clone so successive runs build incrementally.
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export PROSPECTA_BIN="$TARGET_DIR/debug/prospecta"
export LEPTOS_SITE_ROOT="$TARGET_DIR/site"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup() {
  for component in clippy rustfmt; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" || {
      log "adding the $component component"; rustup component add "$component"; }
  done
  rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown || {
    log "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (once, ~2 min)"
    # Not --locked: its lockfile names a crate version this registry mirror lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if [ ! -x node_modules/.bin/tailwindcss ] || [ ! -d node_modules/@playwright/test ] || [ ! -f "$CHART_JS" ] || [ ! -d node_modules/world-atlas ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages (Tailwind CLI, Playwright, Chart.js)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  fi
  # An image's build stage (deploy/Containerfile) builds only: no browser, no system user.
  [ -n "${PROSPECTA_BUILD_ONLY:-}" ] && return 0
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Debian's chromium (end-to-end tests, form engine)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium
  fi
  # The mailbox tests talk to real mail servers on loopback: Dovecot (IMAP) and aiosmtpd (SMTP,
  # run by Debian's Python). Only the binaries are used; the system's own Dovecot stays stopped.
  if [ ! -x /usr/sbin/dovecot ] || ! /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null; then
    log "installing Debian's dovecot-imapd and python3-aiosmtpd (mailbox tests)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq dovecot-imapd python3-aiosmtpd
  fi
  # The meetings tests book in a real CalDAV server on loopback: Debian's Radicale.
  if ! /usr/bin/python3 -c "import radicale" 2>/dev/null; then
    log "installing Debian's radicale (meetings tests)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq radicale
  fi
  # The invoice tests check the Factur-X XML against its official schema (xmllint) and read
  # the PDFs back (pdftotext, pdfdetach, pdfinfo).
  if ! command -v xmllint >/dev/null || ! command -v pdfdetach >/dev/null; then
    log "installing Debian's libxml2-utils and poppler-utils (invoice tests)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq libxml2-utils poppler-utils
  fi
  # Chromium opens pages attackers can choose: it keeps its own sandbox, which it refuses to run
  # as root, so a root process runs it as this unprivileged system user (see
  # server/src/outreach/forms/chromium.rs). Nothing to do for a non-root user.
  local chromium_user="${CHROMIUM_USER:-prospecta-chromium}"
  if [ "$(id -u)" = 0 ] && ! id -u "$chromium_user" >/dev/null 2>&1; then
    log "creating the system user $chromium_user (Chromium never runs as root)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$chromium_user"
  fi
}

# Split rustc's WASM ($1) at the lazy routes into $2 (chunks, their loader, the manifest), then
# run wasm-bindgen on the main module only (it keeps the exports the chunks link against).
split_and_bind() {
  cargo build --release -q -p prospecta_wasm_split
  local main="$TARGET_DIR/prospecta_split.wasm"
  "$TARGET_DIR/release/prospecta-wasm-split" split "$1" "$2" "$main" prospecta
  wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
    --out-dir "$2" --out-name prospecta "$main"
}

build() {
  log "building the server"
  cargo build -p prospecta_server
  log "building the browser bundle (wasm)"
  cargo build -p prospecta_frontend --lib --target wasm32-unknown-unknown
  mkdir -p "$LEPTOS_SITE_ROOT/pkg"
  # The unhashed names are the ones Leptos expects without a hash.txt.
  split_and_bind "$TARGET_DIR/wasm32-unknown-unknown/debug/prospecta_frontend.wasm" "$LEPTOS_SITE_ROOT/pkg"
  log "building the stylesheet"
  tailwindcss -i style/main.css -o "$LEPTOS_SITE_ROOT/pkg/prospecta.css" --minify 2>/dev/null
  cp -r public/. "$LEPTOS_SITE_ROOT/"
  copy_vendor "$LEPTOS_SITE_ROOT"
}

# The browser libraries the pages load, from the npm packages (never committed): Chart.js,
# Leaflet and the clients map's offline base layer (Natural Earth, through world-atlas).
CHART_JS="$ROOT/node_modules/chart.js/dist/chart.umd.min.js"
copy_vendor() {
  mkdir -p "$1/vendor"
  cp "$CHART_JS" "$1/vendor/chart.umd.js"
  cp "$ROOT/node_modules/leaflet/dist/leaflet.js" "$ROOT/node_modules/leaflet/dist/leaflet.css" "$1/vendor/"
  node "$ROOT/scripts/base-map.mjs" "$1/vendor/base-map.js"
}

# The integration tests need the PostgreSQL at 127.0.0.1:5432 (trust auth, database `test`).
ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  if [ -d /etc/postgresql ]; then
    log "starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return; sleep 1; done
  echo "PostgreSQL is not reachable at 127.0.0.1:5432; the PostgreSQL twins of the tests need it." >&2
  exit 1
}

# Test databases of a run that was killed are dropped before the next run.
drop_stale_test_databases() {
  psql -h 127.0.0.1 -U postgres -d test -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'prospecta_t_%'" 2>/dev/null |
    while read -r name; do psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1 || true; done
}
