#!/usr/bin/env bash
# Rebuilds static/vendor/noble/ from the npm registry: @noble/curves and @noble/hashes at the pinned
# versions, bundled by a pinned esbuild into one ES module, with their licences. The same versions give
# the same bytes; README.md there records the bundle's SHA-256. Needs npm; nothing else runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

CURVES=2.4.0
HASHES=2.4.0
ESBUILD=0.28.2
OUT=static/vendor/noble
BUNDLE="noble-$CURVES.min.js"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/entry.js" <<'JS'
export { ristretto255, ristretto255_hasher } from "@noble/curves/ed25519.js";
export { sha256 } from "@noble/hashes/sha2.js";
export { hmac } from "@noble/hashes/hmac.js";
export { hkdf } from "@noble/hashes/hkdf.js";
JS
echo '{"private": true}' >"$work/package.json"
(cd "$work" && npm install --silent --no-audit --no-fund --ignore-scripts --save-exact \
  "@noble/curves@$CURVES" "@noble/hashes@$HASHES" "esbuild@$ESBUILD")

installed() { node -p "require('$work/node_modules/$1/package.json').version"; }
[ "$(installed @noble/curves)" = "$CURVES" ] && [ "$(installed @noble/hashes)" = "$HASHES" ] || {
  echo "npm installed other versions than the pinned ones" >&2
  exit 1
}

mkdir -p "$OUT"
"$work/node_modules/.bin/esbuild" "$work/entry.js" --bundle --format=esm --minify --target=es2020 \
  --legal-comments=none \
  --banner:js="/*! @noble/curves $CURVES and @noble/hashes $HASHES, MIT licence, (c) 2022 Paul Miller: see LICENSE-curves and LICENSE-hashes beside this file. */" \
  --log-level=warning --outfile="$OUT/$BUNDLE"
cp "$work/node_modules/@noble/curves/LICENSE" "$OUT/LICENSE-curves"
cp "$work/node_modules/@noble/hashes/LICENSE" "$OUT/LICENSE-hashes"

if grep -Eq 'eval\(|Function\(|WebAssembly' "$OUT/$BUNDLE"; then
  echo "the bundle uses eval, Function or WebAssembly, which the site's CSP forbids" >&2
  exit 1
fi
sha256sum "$OUT/$BUNDLE"
