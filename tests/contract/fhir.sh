#!/usr/bin/env bash
# The FHIR facade with real FHIR tooling: the county's loop run by fhir-kit-client against the
# demo server, every resource validated by the npm `fhir` validator and FHIRPath invariants.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/serve-demo.sh"
# Tokens: [2] a Laptuote worker (the sender), [4] Eksote's referral handler (the county),
# [5] Pohjois-Savo's manager (a foreign organisation).
node "$HERE/fhir-loop.mjs" "$BASE" "${TOKENS[2]}" "${TOKENS[4]}" "${TOKENS[5]}"
# The Python recipes of docs/FHIR.md, as a county would run them: each takes one of the demo's
# waiting Tasks at Eksote through to completed.
for way in requests fhirpy; do
    "${PYTHON:-python3}" "$HERE/../../examples/fhir_county_loop.py" "$way" "$BASE" "${TOKENS[4]}"
done
