#!/usr/bin/env bash
# The production build, in dist/: the release server, the WASM built with the `wasm-release`
# profile and shrunk by wasm-opt, the minified stylesheet, every bundle file named after its
# content (hash.txt beside the binary tells the server the names) and stored beside its brotli
# and gzip twins. Run it with:
#   LEPTOS_SITE_ROOT=dist/site dist/prospecta serve
# Installs what it needs on a fresh machine, like run.sh: wasm-opt comes with the npm packages
# (binaryen 132, pinned in package.json: Debian's binaryen 108 mistranslates the reference-types
# tables wasm-bindgen emits, and the page then fails to hydrate), brotli from Debian.
source "$(dirname "$0")/lib.sh"
setup
if ! command -v brotli >/dev/null; then
  log "installing Debian's brotli"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq brotli
fi
DIST="${DIST:-$ROOT/dist}"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

log "building the release server"
cargo build --release -p prospecta_server
log "building the browser bundle (wasm-release profile)"
cargo build -p prospecta_frontend --lib --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --no-typescript --out-dir "$STAGE" --out-name prospecta \
  "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/prospecta_frontend.wasm"
log "optimising the WASM ($(wasm-opt --version): -Oz until it converges, names and debug sections stripped)"
# The features rustc's wasm32 target emits by default; wasm-opt must be told it may keep them.
wasm-opt -Oz --converge --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$STAGE/prospecta_bg.wasm" -o "$STAGE/prospecta_bg.opt.wasm"
log "building the stylesheet"
tailwindcss -i style/main.css -o "$STAGE/prospecta.css" --minify 2>/dev/null

log "naming the bundle after its content, with brotli and gzip twins"
rm -rf "$DIST"
mkdir -p "$DIST/site/pkg"
cp -r public/. "$DIST/site/"
hash_of() { sha256sum "$1" | cut -c1-20; }
JS_HASH=$(hash_of "$STAGE/prospecta.js")
WASM_HASH=$(hash_of "$STAGE/prospecta_bg.opt.wasm")
CSS_HASH=$(hash_of "$STAGE/prospecta.css")
cp "$STAGE/prospecta.js" "$DIST/site/pkg/prospecta.$JS_HASH.js"
cp "$STAGE/prospecta_bg.opt.wasm" "$DIST/site/pkg/prospecta.$WASM_HASH.wasm"
cp "$STAGE/prospecta.css" "$DIST/site/pkg/prospecta.$CSS_HASH.css"
for file in "$DIST"/site/pkg/*; do
  brotli -q 11 -k -f "$file"
  gzip -9 -k -f "$file"
done
printf 'js: %s\nwasm: %s\ncss: %s\n' "$JS_HASH" "$WASM_HASH" "$CSS_HASH" >"$DIST/hash.txt"
cp "$TARGET_DIR/release/prospecta" "$DIST/prospecta"

log "dist/ ready"
ls -l "$DIST/site/pkg" | awk 'NR > 1 { printf "  %9d  %s\n", $5, $9 }'
