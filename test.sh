#!/usr/bin/env bash
# Runs every test of the solution in Release. First installs the Debian packages the
# interop tests drive (ngtcp2's gtlsclient/gtlsserver, Chromium, h2load) when missing.
# Ends with a totals line: "N passed, N failed[, N skipped]". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

packages=(ngtcp2-client ngtcp2-server chromium nghttp2-client)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q \
    && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" \
    || { echo "could not install ${missing[*]}"; exit 1; }
fi

# Peer processes the tests start must all be gone when they end.
peers='^(/usr/s?bin/)?(gtlsserver|gtlsclient|chromium)( |$)'
peers_before=$(pgrep -c -f "$peers")

mkdir -p test-artifacts
log=test-artifacts/test-output.log
dotnet test QuicKestrel.sln -c Release "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{s += $2} END {print s + 0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
totals="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && totals="$totals, $skipped skipped"
echo
grep -E "^\s+Failed " "$log" | sed 's/^ */failed: /'
echo "$totals"
if [ "$rc" -eq 0 ] && [ "$failed" -gt 0 ]; then rc=1; fi
if [ "$rc" -eq 0 ] && [ "$passed" -eq 0 ]; then echo "no tests ran"; rc=1; fi
sleep 1
peers_after=$(pgrep -c -f "$peers")
if [ "$peers_after" -gt "$peers_before" ]; then
  echo "tests left $((peers_after - peers_before)) peer process(es) running:"
  pgrep -a -f "$peers"
  rc=1
fi
exit "$rc"
