#!/usr/bin/env bash
# Every test: the lints, unit and integration tests on SQLite and PostgreSQL, then the Playwright journeys
# against the real binary in sandbox mode. Installs what it needs on a fresh machine.
source "$(dirname "$0")/lib.sh"
setup
ensure_postgres
drop_stale_test_databases
log "lints (rustfmt, clippy with warnings as errors)"
cargo fmt --all --check
cargo clippy --all-targets -- -D warnings
build
# The bundle splitter is outside the default members (built in release by `build`).
cargo clippy -p prospecta_wasm_split -- -D warnings
log "unit and integration tests (SQLite and PostgreSQL)"
cargo test
cargo test --release -q -p prospecta_wasm_split
log "end-to-end journeys (Playwright, Debian's Chromium)"
mkdir -p end2end/screenshots
playwright test -c end2end/playwright.config.ts
