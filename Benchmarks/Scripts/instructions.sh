#!/usr/bin/env bash
# Counts instructions per operation under callgrind for rows of the Ratios table, Tessera against its baseline (the
# raw C limit): a count does not move with the machine's load, so it settles rows whose wall-clock ratio does.
#
# Usage: bash Benchmarks/Scripts/instructions.sh [OPERATIONS, default 200] ["ROW" ...]
#   OPERATIONS  counted per row (and as many run before, uncounted); P-384 and P-521 rows, at about ten million
#               instructions an operation, count a tenth as many (at least 10), which is as precise and ten times
#               quicker under callgrind
#   ROW  a row's exact name in the table (default: every row with a target against the raw C path, and ES384 issue,
#        whose jwt-kit target depends on whether Tessera stands at the raw path's floor)
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-200}"
shift || true
rows=("$@")
if [ ${#rows[@]} -eq 0 ]; then
    rows=("v4.local issue" "v4.local verify" "v4.public verify" "HS256 issue" "HS256 verify" "RS256 verify"
        "PS256 verify" "ES256 verify" "ES384 issue" "ES384 verify" "ES512 verify" "EdDSA verify")
fi
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

swift build -c release --package-path Benchmarks --product Instructions >&2
bin="$(swift build -c release --package-path Benchmarks --show-bin-path)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the DWARF 5 debug information Swift's toolchain writes ("possibly corrupted debuginfo"):
# count on a copy without it. The symbol table stays, so the counted loop is still found by name.
objcopy --strip-debug "$bin/Instructions" "$work/Instructions"

printf '| operation | Tessera instructions/op | baseline instructions/op | baseline ÷ Tessera |\n|---|---|---|---|\n'
for row in "${rows[@]}"; do
    case "$row" in
    ES384* | ES512*) operations=$((count / 10 > 10 ? count / 10 : 10)) ;;
    *) operations="$count" ;;
    esac
    declare -A per_op=() label=()
    for role in tessera baseline; do
        out="$work/$role.out"
        if ! valgrind --tool=callgrind --toggle-collect='*instructionCountedLoop*' --callgrind-out-file="$out" \
            "$work/Instructions" "$row" "$role" "$operations" > "$work/$role.stdout" \
            2> "$work/$role.log"; then
            echo "callgrind failed on $row ($role):" >&2
            tail -20 "$work/$role.log" >&2
            exit 1
        fi
        total="$(sed -n 's/^totals: *\([0-9][0-9]*\).*/\1/p' "$out")"
        [ -n "$total" ] || { echo "no totals in callgrind's output for $row ($role)" >&2; exit 1; }
        per_op[$role]=$((total / operations))
        label[$role]="$(cut -f2 "$work/$role.stdout")"
    done
    ratio="$(awk -v b="${per_op[baseline]}" -v t="${per_op[tessera]}" 'BEGIN { printf "%.3f", b / t }')"
    printf '| %s | %d | %d (%s) | %s× |\n' "$row" "${per_op[tessera]}" "${per_op[baseline]}" "${label[baseline]}" \
        "$ratio"
done
