#!/usr/bin/env bash
# Instructions per decode, counted by callgrind: reproducible where wall-clock medians are noisy
# (two cores shared with other builds). For each payload and format, runs the `client` bench
# binary under `valgrind --tool=callgrind`, collecting only inside the decoder function, and
# prints instructions per call for the generated decoder, the baseline, and their ratio.
#
#   bash tests/bench/instructions.sh [FILTER]     # FILTER: a grep pattern on the case, e.g. 'xml'
#
# Needs valgrind. Takes about a minute (each case runs for 1 s of valgrind time, twice).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
filter="${1:-.}"
bin=$(cargo bench --quiet --manifest-path "$root/Cargo.toml" -p ncloud-tests --bench client --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys; print([m["executable"] for m in map(json.loads, sys.stdin) if m.get("reason")=="compiler-artifact" and m.get("executable") and m["target"]["name"]=="client"][-1])')
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Instructions per call of function $2 (a symbol of the bench binary) while running benchmark $1.
per_call() {
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect="client::$2" \
        "$bin" --bench --profile-time 1 "^$1\$" >/dev/null 2>&1
    # Names are compressed: `fn=(id) name` the first time, `fn=(id)` after. The first `calls=`
    # line in the function's own block counts the calls of its first callee: once per decode.
    awk -v fn="client::$2" '
        /^summary:/ { total = $2 }
        /^c?fn=\(/ {
            id = $1; sub(/^c?fn=/, "", id)
            name = $0; sub(/^c?fn=\([0-9]+\) ?/, "", name)
            if (name == fn) want = id
        }
        /^fn=/ { infn = (want != "" && index($0, "fn=" want) == 1) }
        infn && /^calls=/ && !calls { split($1, c, "="); calls = c[2] }
        END { if (calls) printf "%d\n", total / calls; else print "?" }' "$out/cg"
}

printf '| payload/format | generated (Ir/call) | baseline (Ir/call) | ratio |\n|---|---:|---:|---:|\n'
for case in a/xml:block_storage_xml a/json:block_storage_json b/xml:block_storage_xml b/json:block_storage_json \
    c/xml:block_storage_xml c/json:block_storage_json d/xml:nas_xml d/json:nas_json d_ja/xml:nas_xml \
    d_ja/json:nas_json; do
    name=${case%%:*}
    fn=${case#*:}
    echo "$name" | grep -q -- "$filter" || continue
    base_fn="baseline_$fn"
    [ "$name" = d_ja/json ] && base_fn=baseline_nas_json_numeric_code
    generated=$(per_call "decode/$name/generated" "$fn")
    baseline=$(per_call "decode/$name/baseline" "$base_fn")
    ratio=$(awk -v g="$generated" -v b="$baseline" 'BEGIN { if (b > 0) printf "%.2f", g / b; else print "?" }')
    printf '| %s | %s | %s | %s× |\n' "$name" "$generated" "$baseline" "$ratio"
done
