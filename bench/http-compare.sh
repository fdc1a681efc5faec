#!/usr/bin/env bash
# HTTP/3 on QuicKestrel beside Kestrel's HTTP/2 over TLS, same app, same run: samples/WebApp in
# Release on one loopback port (TCP for HTTP/2, UDP for HTTP/3), then
#   GET /hello requests/s   HTTP/2: h2load (nghttp2-client)   HTTP/3: bench/H3Load
#   10 MB download time     HTTP/2: curl --http2 and h2load   HTTP/3: bench/H3Load and gtlsclient
# The app logs at Warning (per-request Information logs would dominate both protocols). Lines
# also give CPU seconds of the server (/proc) and of the client processes. Every load is
# bounded in requests and time; the app is stopped on exit.
# Usage: bench/http-compare.sh [--no-build]
# Environment: PORT (default: a free one), REQUESTS (20000), CONNECTIONS (10), STREAMS (10 per
# connection), WARMUP (2000 requests before each protocol's measured run), BYTES (10000000),
# DOWNLOADS (5 timed downloads per client after untimed ones; lines give the median and fastest).
set -euo pipefail
cd "$(dirname "$0")/.."

requests=${REQUESTS:-20000}
connections=${CONNECTIONS:-10}
streams=${STREAMS:-10}
warmup=${WARMUP:-2000}
bytes=${BYTES:-10000000}
downloads=${DOWNLOADS:-5}
app_dll=samples/WebApp/bin/Release/net10.0/WebApp.dll
h3load_dll=bench/H3Load/bin/Release/net10.0/H3Load.dll

for tool in h2load curl gtlsclient dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y nghttp2-client curl ngtcp2-client)" >&2; exit 1; }
done

if [ "${1:-}" != "--no-build" ]; then
  dotnet build samples/WebApp -c Release -v quiet -nologo >/dev/null
  dotnet build bench/H3Load -c Release -v quiet -nologo >/dev/null
fi

# A loopback port free for both TCP and UDP (bounded number of tries).
free_port() {
  for _ in $(seq 1 50); do
    local p=$((20000 + RANDOM % 40000))
    if [ -z "$(ss -Htaun "( sport = :$p )" 2>/dev/null)" ]; then echo "$p"; return; fi
  done
  echo "no free port" >&2; exit 1
}
port=${PORT:-$(free_port)}
base=https://127.0.0.1:$port
work=$(mktemp -d)
app_pid=""
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

dotnet "$app_dll" --urls "$base" --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 600); do
  grep -q "Now listening on" "$work/app.log" && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "Now listening on" "$work/app.log" || { echo "WebApp did not start within 60 s" >&2; cat "$work/app.log" >&2; exit 1; }

results=()
report() { echo "$1"; results+=("$1"); }
seconds_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.3f", e - s }'; }

# CPU seconds used by the server (from /proc) and by the clients this shell has waited for
# (bash's `times`, so these functions run in this shell, never in a $(...) subshell).
clock_ticks=$(getconf CLK_TCK)
read_cpu() {
  times >"$work/times"
  client_now=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.3f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$work/times")
  server_now=$(awk -v t="$clock_ticks" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$app_pid/stat")
}
cpu_begin() { read_cpu; server0=$server_now; client0=$client_now; }
# cpu_end N req|download: sets $cpu to the CPU used since cpu_begin, with the server's CPU per
# request (µs) or per download (ms) over N of them.
cpu_end() {
  read_cpu
  cpu=$(awk -v s0="$server0" -v s1="$server_now" -v c0="$client0" -v c1="$client_now" -v n="$1" -v kind="$2" 'BEGIN {
    printf "server_cpu_s=%.2f client_cpu_s=%.2f", s1 - s0, c1 - c0
    if (kind == "req") printf " server_cpu_us_per_req=%.0f", (s1 - s0) * 1e6 / n
    else printf " server_cpu_ms_per_download=%.0f", (s1 - s0) * 1e3 / n }')
}

# h2load prints "finished in 1.23s, 16260.16 req/s, ..." (or "...ms") and "requests: N total, ... N succeeded, N failed, ...".
h2load_line() {
  local label=$1 out=$2
  awk -v label="$label" '
    /^finished in/ { t = $3; sub(/,$/, "", t); if (t ~ /ms$/) { sub(/ms$/, "", t); t /= 1000 } else sub(/s$/, "", t); rps = $4 }
    /^requests:/   { total = $2; ok = $8; failed = $10 }
    /^time for request:/ { mean = $6 }
    END { printf "%s requests=%s succeeded=%s failed=%s seconds=%.3f rps=%.0f mean_request=%s", label, total, ok, failed, t, rps, mean }' "$out"
}

# HTTP/2 over TLS (h2load negotiates h2 with ALPN). Warm-up runs first, outside the measurement.
timeout 120 h2load -n "$warmup" -c "$connections" -m "$streams" "$base/hello" >/dev/null
cpu_begin
timeout 300 h2load -n "$requests" -c "$connections" -m "$streams" "$base/hello" >"$work/h2.txt" || true
cpu_end "$requests" req
report "$(h2load_line "h2 hello c=$connections m=$streams:" "$work/h2.txt") $cpu"

# Downloads: seconds from request to last byte (curl: total minus TLS connect), median and fastest.
median_min() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f %.3f\n", v[int((NR + 1) / 2)], v[1] }'; }
timeout 120 curl -sk --http2 -o /dev/null "$base/bytes/$bytes" || true
cpu_begin
: >"$work/curl.txt"
for _ in $(seq 1 "$downloads"); do
  timeout 120 curl -sk --http2 -o /dev/null -w '%{http_version} %{size_download} %{time_appconnect} %{time_total}\n' "$base/bytes/$bytes" >>"$work/curl.txt" || true
done
cpu_end "$downloads" download
read -r h2_median h2_min < <(awk '{ print $4 - $3 }' "$work/curl.txt" | median_min)
report "$(awk -v m="$h2_median" -v f="$h2_min" -v n="$downloads" 'END { printf "h2 download client=curl http=%s bytes=%s seconds=%.3f gbit_s=%.3f timed=%d min_seconds=%.3f", $1, $2, m, $2 * 8 / m / 1e9, n, f }' "$work/curl.txt") $cpu"
timeout 120 h2load -n 1 -c 1 "$base/bytes/$bytes" >"$work/h2dl.txt" || true
report "$(h2load_line "h2 download client=h2load (seconds include TCP+TLS connect):" "$work/h2dl.txt")"

# HTTP/3 on QuicKestrel, with a client of ours and with ngtcp2's. The server is warmed by a
# separate run; the measured H3Load process warms its own JIT with -w requests first, so the
# server CPU per request divides by requests + warm-up.
timeout 120 dotnet "$h3load_dll" load "$base/hello" -c "$connections" -n "$warmup" -m "$streams" -t 100 >/dev/null
cpu_begin
h3_out=$(timeout 300 dotnet "$h3load_dll" load "$base/hello" -c "$connections" -n "$requests" -m "$streams" -w "$warmup" -t 240) || true
cpu_end $((requests + warmup)) req
report "${h3_out/#h3 /h3 hello c=$connections m=$streams: } $cpu"
cpu_begin
h3_out=$(timeout 120 dotnet "$h3load_dll" get "$base/bytes/$bytes" -w 3 -n "$downloads" -t 100) || true
cpu_end $((downloads + 3)) download
report "${h3_out/#h3 download /h3 download client=H3Load (after 3 untimed) } $cpu"
cpu_begin
: >"$work/gtls.txt"
for i in $(seq 1 3); do
  mkdir -p "$work/gtls$i"
  start=$(date +%s.%N)
  timeout 120 gtlsclient -q --exit-on-all-streams-close --no-quic-dump --no-http-dump --timeout=60s \
    --download="$work/gtls$i" 127.0.0.1 "$port" "$base/bytes/$bytes" || true
  seconds_since "$start" >>"$work/gtls.txt"; echo >>"$work/gtls.txt"
  got=$(stat -c %s "$work/gtls$i/$bytes" 2>/dev/null || echo 0)
done
cpu_end 3 download
read -r gt_median gt_min < <(median_min <"$work/gtls.txt")
report "$(awk -v s="$gt_median" -v f="$gt_min" -v b="$got" 'BEGIN { printf "h3 download client=gtlsclient (process start, handshake, disk write included) bytes=%d seconds=%.3f gbit_s=%.3f timed=3 min_seconds=%.3f", b, s, b * 8 / s / 1e9, f }') $cpu"

echo
echo "== results (port $port, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%s\n' "${results[@]}"
