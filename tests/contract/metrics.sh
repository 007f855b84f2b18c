#!/usr/bin/env bash
# Prometheus metrics checked by promtool (Debian's prometheus package) against a scrape taken
# under load.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
if ! command -v promtool > /dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends prometheus > /dev/null 2>&1 \
    || { apt-get update -q > /dev/null && apt-get install -y -q --no-install-recommends prometheus > /dev/null; }
fi
METRICS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export ASKEL_METRICS_BIND="127.0.0.1:$METRICS_PORT"
source "$HERE/serve-demo.sh"
# Load: many reads and some refused requests at once, while scraping.
LOAD=()
for _ in $(seq 1 4); do
  (for i in $(seq 1 100); do
     curl -s -o /dev/null -H "Authorization: Bearer ${TOKENS[1]}" "$BASE/v1/projects?limit=5"
     curl -s -o /dev/null "$BASE/v1/projects"
   done) &
  LOAD+=($!)
done
sleep 1
curl -fs "http://127.0.0.1:$METRICS_PORT/metrics" > "$WORK/scrape.txt"
wait "${LOAD[@]}"
promtool check metrics < "$WORK/scrape.txt"
series=$(grep -c '^http_server_request_duration_seconds_count' "$WORK/scrape.txt")
echo "metrics: promtool found no problems in a scrape under load ($series request series)"
