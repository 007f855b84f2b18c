#!/usr/bin/env bash
# Typed round trips with clients generated from the contract, against `serve --demo`: the
# TypeScript one (openapi-typescript + openapi-fetch, compiled by tsc) and the Python one
# (openapi-python-client with literal_enums). PYTHON is a Python with openapi-python-client.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
source "$HERE/serve-demo.sh"
# Tokens: [1] Socom's manager (Esko's administrator), [6] Saimaan Virta's worker.
(cd "$HERE" && npx openapi-typescript ../../openapi/openapi.json -o generated/askel.d.ts > /dev/null && npm run -s roundtrip)
node "$HERE/generated/roundtrip.js" "$BASE" "${TOKENS[6]}" "${TOKENS[1]}"
CLIENT="$WORK/python"
mkdir -p "$CLIENT"
printf 'literal_enums: true\nproject_name_override: askel-client\npackage_name_override: askel_client\n' > "$WORK/pyclient.yaml"
"$(dirname "$PYTHON")/openapi-python-client" generate --path "$HERE/../../openapi/openapi.json" \
    --output-path "$CLIENT/askel_client" --meta none --config "$WORK/pyclient.yaml" > "$WORK/pyclient.log" 2>&1 \
    || { cat "$WORK/pyclient.log" >&2; exit 1; }
"$PYTHON" "$HERE/roundtrip.py" "$CLIENT" "$BASE" "${TOKENS[6]}" "${TOKENS[1]}"
