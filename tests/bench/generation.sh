#!/usr/bin/env bash
# Generation time of the generator binary on synthetic specs of 10, 100 and 1,000 actions (or the
# sizes given), as `cargo run -p generator` runs it: cold and warm, wall clock, median of 5 runs.
#
#   bash tests/bench/generation.sh [--shared-inline | --rest | --vserver] [N...]
#
# For each size, the spec and the output crate are folders under the target folder
# (`${CARGO_TARGET_DIR:-target}/generation-bench/N/`), which the script makes a workspace of its
# own (a `Cargo.toml` with `[workspace]`) and runs the generator in, so that the generator uses
# its cache of formatted parts (in the target folder) as it does for generated-client/. The runs:
#
#   cold, no cache      output folder removed, `--no-cache`: every part emitted and formatted;
#   cold                output folder and cache removed: every part emitted, formatted and cached;
#   warm, no change     nothing changed since the last run;
#   warm, one action    one action's `summary:` line changed (a different text each run).
#
# Each line gives the median wall-clock time of 5 runs, the fastest and slowest, and the median
# peak RSS (/usr/bin/time). `GENERATOR=PATH` times another generator binary (an older build, to
# compare) instead of the one built from this checkout.
set -euo pipefail

# `--shared-inline`, `--rest` or `--vserver`: the other kinds of synthetic spec (see `synth-spec`).
kind=""
if [ "${1:-}" = "--shared-inline" ] || [ "${1:-}" = "--rest" ] || [ "${1:-}" = "--vserver" ]; then
    kind="$1"
    shift
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cargo build --quiet --release -p generator -p ncloud-tests --bin generator --bin synth-spec
target="${CARGO_TARGET_DIR:-target}"
target="$(mkdir -p "$target" && cd "$target" && pwd)"
bin="$target/release"
# The generator puts its cache in $CARGO_TARGET_DIR (else the workspace's target/): here, always
# the target folder, whichever workspace it runs in.
export CARGO_TARGET_DIR="$target"
bench="$target/generation-bench"
mkdir -p "$bench"
printf '[workspace]\n' >"$bench/Cargo.toml"
generator="$(realpath "${GENERATOR:-$bin/generator}")"
cd "$bench"
runs=5

# Wall-clock seconds and peak RSS (MiB) of one run of the generator: "SECONDS MIB".
one() {
    local start end rss
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$work/rss" "$generator" --spec-dir "$work/spec" --out-dir "$work/out" \
        --crate-name synth-client --runtime-version 0.1.0 "$@" >/dev/null
    end=$(date +%s.%N)
    rss=$(tail -n1 "$work/rss")
    awk -v s="$start" -v e="$end" -v r="$rss" 'BEGIN { printf "%.3f %.0f\n", e - s, r / 1024 }'
}

# Median, min and max of the times and the median RSS of lines "SECONDS MIB" on stdin.
summary() {
    local lines
    lines=$(cat)
    local rss
    rss=$(echo "$lines" | awk '{ print $2 }' | sort -n | awk '{ r[NR] = $1 } END { print r[int((NR + 1) / 2)] }')
    echo "$lines" | sort -n | awk -v rss="$rss" '{ t[NR] = $1 } END {
        printf "median %.3f s (min %.3f, max %.3f), peak RSS %d MiB\n", t[int((NR + 1) / 2)], t[1], t[NR], rss }'
}

cache_dir() { echo "$target/ncloud-generator-cache"; }

echo "generation, generator binary, wall clock, $runs runs each ($(date -u +%Y-%m-%d), $(nproc) cores)"
for n in "${sizes[@]}"; do
    work="$bench/$n"
    rm -rf "$work"
    mkdir -p "$work/spec"
    "$bin/synth-spec" $kind "$n" "$work/spec/synth.yaml" >/dev/null
    echo "== $n actions $kind"
    printf '  cold, no cache:   '
    for _ in $(seq $runs); do rm -rf "$work/out"; one --no-cache; done | summary
    printf '  cold:             '
    for _ in $(seq $runs); do rm -rf "$work/out" "$(cache_dir)"; one; done | summary
    printf '  warm, no change:  '
    for _ in $(seq $runs); do one; done | summary
    printf '  warm, one action: '
    for i in $(seq $runs); do
        sed -i "0,/      summary: /s//      summary: Change $i. /" "$work/spec/synth.yaml"
        one
    done | summary
done
