#!/usr/bin/env bash
# Differential check of Tessera against PyJWT, joserfc and pyseto (issue 7, part B).
#
# Usage: PYTHON=/path/to/venv/bin/python bash Benchmarks/Differential/run.sh [generate.py options…]
#
# $PYTHON must have pyjwt[crypto], joserfc and pyseto (.ci/packages.sh makes such a virtual environment). The corpus
# is written to Benchmarks/.build/differential.jsonl (git-ignored) while the `Differential` checker builds; the
# checker then verifies every record with Tessera and exits 1 on any disagreement it cannot explain. Extra arguments
# go to generate.py, e.g. `--count 5000` for a longer run or `--seed S` for another corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${PYTHON:?set PYTHON to an interpreter with pyjwt[crypto], joserfc and pyseto}"
corpus="Benchmarks/.build/differential.jsonl"
mkdir -p Benchmarks/.build

started=$SECONDS
"$PYTHON" Benchmarks/Differential/generate.py "$corpus" "$@" &
generator=$!
if ! swift build --package-path Benchmarks --product Differential; then
    kill "$generator" 2>/dev/null || true
    exit 1
fi
wait "$generator"
"$(swift build --package-path Benchmarks --show-bin-path)/Differential" "$corpus"
echo "differential: $((SECONDS - started)) s"
