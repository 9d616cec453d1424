#!/usr/bin/env bash
# The one command of the benchmarks: replays the attack gallery against the peer libraries (vapor/jwt-kit, and
# PyJWT, joserfc and pyseto from the project's Python environment), counts instructions per operation under
# callgrind (when valgrind is installed), then measures Tessera, the raw C limit and jwt-kit interleaved in one process
# with `tessera compare` on the benchmark's seven claims just before and after, prints one table of ratios and writes
# Benchmarks/RESULTS.md with the ratios, the comparison set against them, the instruction counts and the peer
# verdicts.
#
# Usage: bash Benchmarks/Scripts/results.sh [SECONDS PER CONTENDER PER ROUND, default 0.1] [more Ratios options]
# Release builds; a missed target is reported, never an error.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/packages.sh
ensure_system_packages

swift build -c release --package-path Benchmarks --product PeerVerdicts
swift build -c release --package-path Benchmarks --product Ratios
swift build -c release --product tessera
bin="$(swift build -c release --package-path Benchmarks --show-bin-path)"
tessera="$(swift build -c release --show-bin-path)/tessera"

peers="$(mktemp)"
instructions="$(mktemp)"
trap 'rm -f "$peers" "$instructions"' EXIT
if require_python_packages; then
    "$bin/PeerVerdicts" --python "$PYTHON" --markdown "$peers" > /dev/null
else
    "$bin/PeerVerdicts" --markdown "$peers" > /dev/null
fi
# The benchmark's claims (Benchmarks/Sources/TokenContests/Fixture.swift), on whole seconds from now, with dates in
# the RFC 3339 form `--claims` reads.
now="$(date +%s)"
rfc3339() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
claims="{\"iss\":\"https://issuer.example\",\"sub\":\"user-42\",\"aud\":\"api.example\","
claims+="\"exp\":\"$(rfc3339 $((now + 3600)))\",\"nbf\":\"$(rfc3339 $((now - 60)))\",\"iat\":\"$(rfc3339 "$now")\","
claims+="\"jti\":\"8d1c3a6e-2f4b-4c39-9a7e-5b0f1d2c3e4f\"}"
if command -v valgrind >/dev/null 2>&1; then
    bash Benchmarks/Scripts/instructions.sh 200 > "$instructions"
else
    echo "valgrind is not installed: RESULTS.md gets no instruction counts (apt-get install valgrind)" >&2
fi
# Ratios runs tessera compare just before its rounds and again just after.
"$bin/Ratios" "$@" --peer-verdicts "$peers" --compare "$tessera" --compare-claims "$claims" \
    --instructions "$instructions"
