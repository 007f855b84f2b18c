#!/usr/bin/env bash
# Partners' own sign-in against a real OpenID provider (npm oidc-provider) started here.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
IDP_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Laptuote-säätiö, Esko's co-implementer in the demo data.
LAPTUOTE=01941f29-7c02-7502-8000-000000000002
export ASKEL_OIDC_ISSUERS="http://127.0.0.1:$IDP_PORT|org=$LAPTUOTE|audience=askel-api|claim=groups|map=askel-workers:worker"
export ASKEL_OIDC_ALLOW_HTTP_LOOPBACK=true
export ASKEL_OIDC_REFRESH_MIN_SECONDS=0
source "$HERE/serve-demo.sh"
node "$HERE/oidc-e2e.mjs" "$BASE" "$IDP_PORT" "${TOKENS[1]}"
