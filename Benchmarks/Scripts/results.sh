#!/usr/bin/env bash
# The one command of the benchmarks: replays the attack gallery against the peer libraries (vapor/jwt-kit, and
# PyJWT, joserfc and pyseto from the project's Python environment), then measures Tessera, the raw C limit and
# jwt-kit interleaved in one process, prints one table of ratios and writes Benchmarks/RESULTS.md with both.
#
# Usage: bash Benchmarks/Scripts/results.sh [SECONDS PER CONTENDER PER ROUND, default 0.1] [more Ratios options]
# Release builds; a missed target is reported, never an error.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/packages.sh
ensure_system_packages

swift build -c release --package-path Benchmarks --product PeerVerdicts
swift build -c release --package-path Benchmarks --product Ratios
bin="$(swift build -c release --package-path Benchmarks --show-bin-path)"

peers="$(mktemp)"
trap 'rm -f "$peers"' EXIT
if require_python_packages; then
    "$bin/PeerVerdicts" --python "$PYTHON" --markdown "$peers" > /dev/null
else
    "$bin/PeerVerdicts" --markdown "$peers" > /dev/null
fi
"$bin/Ratios" "$@" --peer-verdicts "$peers"
