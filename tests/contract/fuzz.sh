#!/usr/bin/env bash
# Fuzzes every operation of the served contract with schemathesis, once per demo role: no
# response may be a 5xx, and every response must match its documented status codes, content
# type, headers and schema. Prints the number of generated requests.
#   SCHEMATHESIS=path/to/schemathesis EXAMPLES=10 bash tests/contract/fuzz.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/serve-demo.sh"
ST=${SCHEMATHESIS:-schemathesis}
EXAMPLES=${EXAMPLES:-5}
ROLES=(admin manager worker reporter referral_handler county-manager)
total=0
for i in "${!TOKENS[@]}"; do
    role=${ROLES[$i]:-role-$i}
    log=$(mktemp)
    if ! "$ST" run "$BASE/openapi.json" \
        -H "Authorization: Bearer ${TOKENS[$i]}" \
        --max-examples "$EXAMPLES" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,unsupported_method \
        --seed 20261123 --workers 1 --no-color > "$log" 2>&1; then
        cat "$log"
        echo "schemathesis found failures as $role" >&2
        exit 1
    fi
    generated=$(grep -oE '[0-9]+ generated' "$log" | grep -oE '[0-9]+' | tail -1)
    echo "$role: ${generated:-0} requests, no failures"
    total=$((total + ${generated:-0}))
    rm -f "$log"
done
echo "schemathesis: $total generated requests over ${#TOKENS[@]} roles, no failures"
