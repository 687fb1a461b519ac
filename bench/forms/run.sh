#!/usr/bin/env bash
# Form pool benchmark: the real FormPool and headless Chromium submitting the contact-form
# corpus (../shared/fixtures/contact-forms, served on loopback) with 1, 2 and 4 tabs. Prints
# forms per minute, the speed-up over one tab, peak browser memory and memory per extra tab.
# `--debug` runs the unoptimised build (minutes instead of a 10–15 min release build); other
# arguments go to the bench (`--rounds N`, `--sizes 1,2,4`).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${1:-}" == "--debug" ]]; then
  shift
  exec cargo test -p prospecta_server --bench forms -- "$@"
fi
exec cargo bench -p prospecta_server --bench forms -- "$@"
