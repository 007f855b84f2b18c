#!/usr/bin/env bash
# The contract checks CI runs: installs what they need (npm packages from the lock file, Debian's
# Chromium, schemathesis in a virtualenv under target/), then lints the committed contract,
# compiles a TypeScript client generated from it, checks the docs page in Chromium, runs the
# county's FHIR loop with real FHIR tooling and fuzzes
# every operation as every demo role.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$HERE"

echo "-- installing: npm packages, Chromium, schemathesis"
npm ci --no-audit --no-fund --loglevel=error
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
fi
VENV=$ROOT/target/contract-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q -r requirements.txt
(cd "$ROOT" && cargo build -q --bin askel)

echo "-- Redocly lint of openapi/openapi.json"
npm run -s lint
echo "-- TypeScript client (openapi-typescript) compiled against usage.ts"
npm run -s client
echo "-- typed round trips with the generated TypeScript and Python clients against the demo"
PYTHON=$VENV/bin/python bash "$HERE/clients.sh"
echo "-- the docs page in headless Chromium"
bash "$HERE/docs.sh"
echo "-- CORS in headless Chromium: an allowed origin reads, another is blocked"
bash "$HERE/cors.sh"
echo "-- partners' own sign-in against a real OpenID provider (oidc-provider)"
bash "$HERE/oidc.sh" 2> >(grep -v "oidc-provider \(WARNING\|NOTICE\)" >&2)
echo "-- the example partner frontend in headless Chromium: PKCE sign-in, list, record a step"
bash "$HERE/frontend.sh"
echo "-- the FHIR facade: the county's loop by fhir-kit-client (every resource validated as R4), then by the Python recipes (requests, fhirpy)"
PYTHON=$VENV/bin/python bash "$HERE/fhir.sh"
echo "-- Prometheus metrics under load, checked by promtool"
bash "$HERE/metrics.sh"
echo "-- schemathesis against a live server, every demo role"
SCHEMATHESIS=$VENV/bin/schemathesis bash "$HERE/fuzz.sh"
