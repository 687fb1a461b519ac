#!/usr/bin/env bash
# Enrichment quality benchmark: the real pipeline on the labelled sandbox corpus whose ground
# truth is truth.jsonl beside this script. Prints fill, precision, wrong-site and wrong-e-mail
# rates, LLM tokens per company and companies per minute. `--write-truth` regenerates the truth.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec cargo bench -p prospecta_server --bench enrichment -- "$@"
