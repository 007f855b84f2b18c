# Sourced by the contract scripts: starts `askel serve --demo` on a free port with a fresh SQLite
# file, waits until it is ready, and sets BASE, SERVER_PID and TOKENS (the demo roles' tokens in
# the order the demo prints them: admin, manager, worker, reporter, referral_handler, manager,
# worker).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ASKEL=${ASKEL:-$ROOT/target/debug/askel}
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
ASKEL_BIND=127.0.0.1:$PORT \
ASKEL_DATABASE_URL="sqlite://$WORK/askel.db?mode=rwc" \
ASKEL_RATE_LIMIT=0 \
ASKEL_AUTH_FAILURE_LIMIT=0 \
ASKEL_IDENTITY_LOOKUP_LIMIT=0 \
ASKEL_LOG=warn \
ASKEL_JWT_SECRET=contract-test-secret-contract-test-secret-42 \
ASKEL_DATA_KEY=Y29udHJhY3QtdGVzdC1kYXRhLWtleS0zMi1ieXRlcyE= \
    "$ASKEL" serve --demo > "$WORK/out.log" 2> "$WORK/err.log" &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 600); do
    if grep -q '^  ey' "$WORK/out.log" 2>/dev/null && curl -fs "$BASE/health/ready" > /dev/null; then
        break
    fi
    if ! kill -0 $SERVER_PID 2>/dev/null; then
        cat "$WORK/err.log" >&2
        echo "the server did not start" >&2
        exit 1
    fi
    sleep 0.1
done
mapfile -t TOKENS < <(grep '^  ey' "$WORK/out.log" | sed 's/^ *//')
if [ "${#TOKENS[@]}" -lt 5 ]; then
    echo "the demo printed ${#TOKENS[@]} tokens, expected 6" >&2
    exit 1
fi
