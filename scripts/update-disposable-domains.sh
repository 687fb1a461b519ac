#!/usr/bin/env bash
# Regenerates server/data/disposable_domains.txt, the disposable e-mail domain list embedded in the
# server (enrichment::email_check), from the PyPI package `disposable-email-domains`, a mirror of
# https://github.com/disposable-email-domains/disposable-email-domains (list: CC0 1.0; package: MIT).
# PyPI is used because this project's machines only reach package registries.
#
# Usage: ./scripts/update-disposable-domains.sh [VERSION]   (default: the newest on PyPI)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/server/data/disposable_domains.txt"
spec="disposable-email-domains${1:+==$1}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 -m pip download --quiet --no-deps --only-binary :all: -d "$tmp" "$spec"
wheel="$(ls "$tmp"/disposable_email_domains-*.whl)"
version="$(basename "$wheel" | cut -d- -f2)"

# The package ships the list as a Python set literal; read it with `ast` (never executed).
python3 - "$wheel" "$version" "$out" <<'PY'
import ast, sys, zipfile, datetime
wheel, version, out = sys.argv[1:4]
source = zipfile.ZipFile(wheel).read("disposable_email_domains/__init__.py").decode()
domains = None
for node in ast.parse(source).body:
    if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "blocklist" for t in node.targets):
        domains = ast.literal_eval(node.value)
if not domains:
    sys.exit("blocklist not found in the package")
domains = sorted({d.strip().lower().rstrip(".") for d in domains if d.strip()})
with open(out, "w") as f:
    f.write(f"""# Disposable (throw-away) e-mail domains, one per line; subdomains of a listed domain also match.
# Source: https://github.com/disposable-email-domains/disposable-email-domains (CC0 1.0),
# via its PyPI mirror `disposable-email-domains` {version} (MIT), fetched {datetime.date.today()}.
# Do not edit by hand: regenerate with ./scripts/update-disposable-domains.sh
""")
    f.write("\n".join(domains) + "\n")
print(f"{len(domains)} domains written to {out}")
PY
