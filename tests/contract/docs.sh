#!/usr/bin/env bash
# The docs page in headless Chromium against `askel serve --demo`; screenshot under target/.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/serve-demo.sh"
mkdir -p "$ROOT/target/contract"
node "$HERE/docs-in-browser.mjs" "$BASE" "${TOKENS[1]}" "$ROOT/target/contract/docs.png"
