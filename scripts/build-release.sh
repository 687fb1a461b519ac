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
log "building the browser bundle (wasm-release profile), split at its lazy routes"
cargo build -p prospecta_frontend --lib --target wasm32-unknown-unknown --profile wasm-release
BUNDLE="$STAGE/bundle"
mkdir -p "$BUNDLE"
split_and_bind "$TARGET_DIR/wasm32-unknown-unknown/wasm-release/prospecta_frontend.wasm" "$BUNDLE"
log "optimising the WASM ($(wasm-opt --version): -Oz until it converges, names and debug sections stripped)"
# The main module and every chunk. The features rustc's wasm32 target emits by default;
# wasm-opt must be told it may keep them.
for file in "$BUNDLE"/*.wasm; do
  wasm-opt -Oz --converge --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$file" -o "$file"
done
# One hash names the glue, the main module, the loader, the manifest and the chunks: a chunk
# only works with the main module it was cut from.
BUNDLE_HASH=$("$TARGET_DIR/release/prospecta-wasm-split" finalize "$BUNDLE" prospecta)
log "building the stylesheet"
tailwindcss -i style/main.css -o "$STAGE/prospecta.css" --minify 2>/dev/null

log "naming the bundle after its content, with brotli and gzip twins"
rm -rf "$DIST"
mkdir -p "$DIST/site/pkg"
cp -r public/. "$DIST/site/"
copy_vendor "$DIST/site"
hash_of() { sha256sum "$1" | cut -c1-20; }
CSS_HASH=$(hash_of "$STAGE/prospecta.css")
cp "$BUNDLE"/*".$BUNDLE_HASH".* "$DIST/site/pkg/"
cp "$STAGE/prospecta.css" "$DIST/site/pkg/prospecta.$CSS_HASH.css"
if grep -lF '______________________' "$DIST"/site/pkg/*.js "$DIST"/site/pkg/*.wasm "$DIST"/site/pkg/*.json; then
  echo "a bundle file still names the unhashed loader" >&2
  exit 1
fi
for file in "$DIST"/site/pkg/*; do
  brotli -q 11 -k -f "$file"
  gzip -9 -k -f "$file"
done
printf 'js: %s\nwasm: %s\ncss: %s\nsplit: %s\nmanifest: %s\n' \
  "$BUNDLE_HASH" "$BUNDLE_HASH" "$CSS_HASH" "$BUNDLE_HASH" "$BUNDLE_HASH" >"$DIST/hash.txt"
cp "$TARGET_DIR/release/prospecta" "$DIST/prospecta"

log "dist/ ready"
ls -l "$DIST/site/pkg" | awk 'NR > 1 { printf "  %9d  %s\n", $5, $9 }'
