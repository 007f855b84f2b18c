#!/usr/bin/env bash
# The example partner frontend (examples/partner-frontend), built on the generated TypeScript
# client, served from its own origin and run in headless Chromium against the server and a test
# OpenID provider.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$(cd "$HERE/../../examples/partner-frontend" && pwd)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
IDP_PORT=$(free_port)
PAGE_PORT=$(free_port)
PAGE_ORIGIN="http://127.0.0.1:$PAGE_PORT"
BUILD=$(mktemp -d)
# Built as a partner would: the client's types generated from the contract, the packages beside it.
"$HERE/node_modules/.bin/openapi-typescript" "$HERE/../../openapi/openapi.json" -o "$EXAMPLE/askel.d.ts" > /dev/null
ln -sfn "$HERE/node_modules" "$EXAMPLE/node_modules"
built=0
"$HERE/node_modules/.bin/tsc" -p "$EXAMPLE/tsconfig.json" --outDir "$BUILD" || built=$?
rm -f "$EXAMPLE/askel.d.ts" "$EXAMPLE/node_modules"
[ "$built" = 0 ] || exit 1
mkdir -p "$BUILD/vendor"
cp "$EXAMPLE/index.html" "$BUILD/"
cp "$HERE/node_modules/openapi-fetch/dist/index.mjs" "$BUILD/vendor/openapi-fetch.mjs"
LAPTUOTE=01941f29-7c02-7502-8000-000000000002
export ASKEL_OIDC_ISSUERS="http://127.0.0.1:$IDP_PORT|org=$LAPTUOTE|audience=askel-api|claim=groups|map=askel-workers:worker"
export ASKEL_OIDC_ALLOW_HTTP_LOOPBACK=true
export ASKEL_CORS_ORIGINS="$PAGE_ORIGIN"
source "$HERE/serve-demo.sh"
(cd "$HERE" && node idp.mjs "$IDP_PORT" "$PAGE_ORIGIN" > /dev/null 2>&1) &
IDP_PID=$!
python3 -m http.server "$PAGE_PORT" --bind 127.0.0.1 --directory "$BUILD" > /dev/null 2>&1 &
PAGE_PID=$!
trap 'kill $SERVER_PID $IDP_PID $PAGE_PID 2>/dev/null || true; rm -rf "$WORK" "$BUILD"' EXIT
for url in "http://127.0.0.1:$IDP_PORT/.well-known/openid-configuration" "$PAGE_ORIGIN/index.html"; do
  for _ in $(seq 1 100); do curl -fs "$url" > /dev/null && break; sleep 0.1; done
done
node "$HERE/frontend-in-browser.mjs" "$PAGE_ORIGIN/index.html?api=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], safe=''))" "$BASE")&issuer=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], safe=''))" "http://127.0.0.1:$IDP_PORT")"
