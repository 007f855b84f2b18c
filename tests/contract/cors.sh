#!/usr/bin/env bash
# CORS in headless Chromium: the same page served from the allowed origin reads the API; served
# from another origin, the browser blocks it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PAGE_PORT=$(free_port)
OTHER_PORT=$(free_port)
export ASKEL_CORS_ORIGINS="http://127.0.0.1:$PAGE_PORT"
source "$HERE/serve-demo.sh"
python3 -m http.server "$PAGE_PORT" --bind 127.0.0.1 --directory "$HERE/cors-page" > /dev/null 2>&1 &
PAGE_PID=$!
python3 -m http.server "$OTHER_PORT" --bind 127.0.0.1 --directory "$HERE/cors-page" > /dev/null 2>&1 &
OTHER_PID=$!
trap 'kill $SERVER_PID $PAGE_PID $OTHER_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for port in "$PAGE_PORT" "$OTHER_PORT"; do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/" > /dev/null && break; sleep 0.1; done
done
node "$HERE/cors-in-browser.mjs" "$BASE" "${TOKENS[1]}" "http://127.0.0.1:$PAGE_PORT/index.html" "http://127.0.0.1:$OTHER_PORT/index.html"
