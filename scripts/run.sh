#!/usr/bin/env bash
# Build and run Prospecta in sandbox mode on SQLite at http://127.0.0.1:3000.
source "$(dirname "$0")/lib.sh"
setup
build
export PROSPECTA_MODE="${PROSPECTA_MODE:-sandbox}"
log "Prospecta runs at http://127.0.0.1:3000 (Ctrl-C to stop)"
exec "$PROSPECTA_BIN" serve
