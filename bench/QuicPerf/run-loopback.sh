#!/usr/bin/env bash
# One loopback measurement run: QuicPerf (server and client as two processes on 127.0.0.1)
# download, upload, handshakes/s and request/response, then the peer baseline — ngtcp2's
# gtlsserver -> gtlsclient downloading a file of the same size — and prints one result line each.
# Usage: bench/QuicPerf/run-loopback.sh [bytes]   (default 100000000; env PORT, NGTCP2_PORT)
set -euo pipefail

BYTES="${1:-100000000}"
PORT="${PORT:-14433}"
NGTCP2_PORT="${NGTCP2_PORT:-14434}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$(mktemp -d)"
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

dotnet build "$HERE/QuicPerf.csproj" -c Release -o "$WORK/quicperf" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
QUICPERF="$WORK/quicperf/quicperf"

# The server prints "server port=P" once it listens; wait (bounded) for that line.
start_server() {
    "$@" >"$WORK/server.out" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 200); do
        grep -q '^server port=' "$WORK/server.out" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "server did not start:"; cat "$WORK/server.out"; exit 1
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# QuicPerf: one server process, one client process per scenario.
start_server "$QUICPERF" server --port "$PORT" --seconds 600
"$QUICPERF" client --target 127.0.0.1 --port "$PORT" --scenario download --bytes "$BYTES" || true
"$QUICPERF" client --target 127.0.0.1 --port "$PORT" --scenario upload --bytes "$BYTES" || true
"$QUICPERF" client --target 127.0.0.1 --port "$PORT" --scenario handshakes --connections 4 --duration 5 || true
"$QUICPERF" client --target 127.0.0.1 --port "$PORT" --scenario rr --connections 8 --duration 5 || true
stop_server

# Peer baseline: ngtcp2 0.12 (GnuTLS) over HTTP/3, same size, file written to a temp dir.
mkdir -p "$WORK/htdocs" "$WORK/download"
head -c "$BYTES" /dev/urandom >"$WORK/htdocs/big"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/key.pem" \
    -out "$WORK/cert.pem" -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1
/usr/sbin/gtlsserver -q -d "$WORK/htdocs" 127.0.0.1 "$NGTCP2_PORT" "$WORK/key.pem" "$WORK/cert.pem" >"$WORK/gtlsserver.out" 2>&1 &
SERVER_PID=$!
sleep 0.5
start=$(date +%s.%N)
timeout 120 /usr/bin/gtlsclient -q --exit-on-all-streams-close 127.0.0.1 "$NGTCP2_PORT" \
    "https://127.0.0.1:$NGTCP2_PORT/big" --download="$WORK/download" >/dev/null 2>&1 || true
end=$(date +%s.%N)
stop_server
got=$(stat -c %s "$WORK/download/big" 2>/dev/null || echo 0)
if [ "$got" = "$BYTES" ]; then
    awk -v b="$BYTES" -v s="$start" -v e="$end" \
        'BEGIN { t = e - s; printf "ngtcp2-download bytes=%d seconds=%.3f gbps=%.3f\n", b, t, b * 8 / t / 1e9 }'
else
    echo "ngtcp2-download bytes=$BYTES error=incomplete received=$got"
fi
