#!/usr/bin/env bash
# Compile cost of a generated client: generate one from a synthetic spec of N actions (default
# 1000) plus the shipped specs (spec/*.yaml) into a temporary crate outside the repository, then
# time `cargo check` (and, without --check-only, `cargo build`, dev profile) of it, and report the
# generated lines per action.
#
#   bash tests/bench/compile-cost.sh [--check-only] [--shared-inline | --rest | --vserver] [--openapi-generator] [N]
#
# The temporary crate is what the generator writes with `--out-dir` (Cargo.toml, src/lib.rs,
# src/generated/), depending on the runtime crate by path with its default features, as
# ncloud-client does. It has its own target directory, so every build starts clean; the
# workspace's Cargo.lock pins the dependencies. It is removed on exit.
#
# The generated client is a dependency of its users' crates, and cargo compiles dependencies
# without incremental compilation, so the timings compile it that way too (CARGO_INCREMENTAL=0);
# two more timings show it as a workspace member, compiled incrementally. The timings:
#
#   check (clean)            `cargo check` from nothing: dependencies and the generated crate;
#   check (crate)            `cargo check` of the generated crate alone, dependencies checked;
#   check (crate, incr.)     the same with incremental compilation, as a workspace member;
#   check (incr., 1 change)  then one action's summary changes, the generator runs again, and
#                            `cargo check` runs incrementally again;
#   check (vserver alone, clean / crate)  `--no-default-features --features reqwest,vserver`:
#                            what a user of one family compiles (the synthetic family is left out);
#   build (clean / crate)    `cargo build` from nothing, and of the generated crate alone.
#
# `--check-only` skips the builds (at 1000 actions a dev build of the generated crate needs more
# time and memory than a 2-core machine shared with others should give it).
# `--shared-inline` uses the synthetic spec of list actions that share their inline schemas;
# `--rest` the REST one (copies of the widgets fixture: N rounded up to a multiple of 9);
# `--vserver` copies of spec/vserver.yaml's four actions, renamed per copy (the document the
# performance issues measure).
# `SPEC_FILE=PATH` measures that document instead of a synthetic one (N still divides the
# lines per action), and `ROOT=PATH` another checkout's generator and runtime (an older commit,
# to compare on one document: its generator is built there, in its own target folder).
# `--openapi-generator` also generates openapi-generator's `rust` client from the same synthetic
# document (as JSON: its YAML reader refuses documents over 3 M code points) and times its
# generation and a clean `cargo check` (dependencies included, its own target directory, its own
# default features) in the same run. Needs `openapi-generator-cli` (`pip install
# openapi-generator-cli`, which needs java).
#
# Validates the spec with openapi-spec-validator from the virtualenv `.ci/run` makes
# (`${CARGO_TARGET_DIR:-target}/ci-venv`), else from python3; without it the validation is
# skipped with a note.
set -euo pipefail

check_only=false
kind=""
ogen=false
while [ $# -gt 0 ]; do
    case "$1" in
        --check-only) check_only=true ;;
        --shared-inline | --rest | --vserver) kind="$1" ;;
        --openapi-generator) ogen=true ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
    shift
done
n="${1:-1000}"
root="$(cd "${ROOT:-$(dirname "$0")/../..}" && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/ncloud-compile-cost.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# Elapsed wall-clock seconds and peak memory of one command, printed as "SECONDS MAX_RSS_MIB".
timed() {
    local start end
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%M" -o "$tmp/rss" "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; return 1; }
    else
        "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; return 1; }
        echo 0 >"$tmp/rss"
    fi
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v r="$(tail -n1 "$tmp/rss")" 'BEGIN { printf "%.1f %d\n", e - s, r / 1024 }'
}

echo "== building the generator and synth-spec (release, in \${CARGO_TARGET_DIR:-target})"
(cd "$root" && cargo build --quiet --release -p generator -p ncloud-tests --bin generator --bin synth-spec)
bin="$(cd "$root" && cd "${CARGO_TARGET_DIR:-target}" && pwd)/release"

mkdir -p "$tmp/spec"
if [ -n "${SPEC_FILE:-}" ]; then
    echo "== spec: $SPEC_FILE (as synth.yaml), counted as $n actions"
    cp "$SPEC_FILE" "$tmp/spec/synth.yaml"
else
    echo "== synthetic spec: $n actions ${kind}"
    "$bin/synth-spec" $kind "$n" "$tmp/spec/synth.yaml"
fi
cp "$root"/spec/*.yaml "$tmp/spec/"
python="$(cd "$root" && cd "${CARGO_TARGET_DIR:-target}" && pwd)/ci-venv/bin/python"
[ -x "$python" ] || python=python3
if "$python" -c "import openapi_spec_validator" 2>/dev/null; then
    "$python" -m openapi_spec_validator "$tmp/spec/synth.yaml"
else
    echo "(openapi-spec-validator not installed: spec validation skipped)"
fi

echo "== generating (the generator binary, wall clock)"
generate=("$bin/generator" --spec-dir "$tmp/spec" --out-dir "$tmp/crate"
    --crate-name synth-client --runtime-path "$root/runtime")
read -r gen_s gen_rss < <(timed "${generate[@]}")
generated="$tmp/crate/src/generated/synth.rs"
lines=$(wc -l <"$generated")
bytes=$(wc -c <"$generated")

# Outside any workspace: an empty one of its own, below the generated part of Cargo.toml.
printf '\n[workspace]\n' >>"$tmp/crate/Cargo.toml"
cp "$root/Cargo.lock" "$tmp/crate/Cargo.lock"

export CARGO_TARGET_DIR="$tmp/target"
echo "== cargo check / cargo build (target dir: $CARGO_TARGET_DIR)"
export CARGO_INCREMENTAL=0
(
    cd "$tmp/crate"
    one_family=(--no-default-features --features reqwest,vserver)
    read -r t r < <(timed cargo check --quiet "${one_family[@]}"); echo "family_clean $t $r"
    cargo clean --quiet -p synth-client
    read -r t r < <(timed cargo check --quiet "${one_family[@]}"); echo "family_crate $t $r"
    cargo clean --quiet
    read -r t r < <(timed cargo check --quiet); echo "check_clean $t $r"
    cargo clean --quiet -p synth-client
    read -r t r < <(timed cargo check --quiet); echo "check_crate $t $r"
    cargo clean --quiet -p synth-client
    read -r t r < <(CARGO_INCREMENTAL=1 timed cargo check --quiet); echo "check_incr $t $r"
    # One action's summary changes (the first one), and the generator runs again.
    sed -i '0,/      summary: /s//      summary: Changed. /' "$tmp/spec/synth.yaml"
    "${generate[@]}" >/dev/null
    read -r t r < <(CARGO_INCREMENTAL=1 timed cargo check --quiet); echo "check_incr_change $t $r"
    if [ "$check_only" = false ]; then
        cargo clean --quiet
        read -r t r < <(timed cargo build --quiet); echo "build_clean $t $r"
        cargo clean --quiet -p synth-client
        read -r t r < <(timed cargo build --quiet); echo "build_crate $t $r"
    fi
) >"$tmp/results"
rm -rf "$tmp/target"

if [ "$ogen" = true ]; then
    echo "== openapi-generator's rust client of the same synthetic document"
    python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"))' \
        "$tmp/spec/synth.yaml" "$tmp/synth.json"
    read -r t r < <(timed openapi-generator-cli generate -g rust -i "$tmp/synth.json" -o "$tmp/ogen" \
        --skip-validate-spec)
    echo "ogen_generate $t $r" >>"$tmp/results"
    ogen_lines=$(cat "$tmp/ogen"/src/apis/*.rs "$tmp/ogen"/src/models/*.rs | wc -l)
    printf '\n[workspace]\n' >>"$tmp/ogen/Cargo.toml"
    (
        cd "$tmp/ogen"
        cargo generate-lockfile --quiet
        read -r t r < <(timed cargo check --quiet); echo "ogen_check_clean $t $r"
        cargo clean --quiet -p openapi
        read -r t r < <(timed cargo check --quiet); echo "ogen_check_crate $t $r"
    ) >>"$tmp/results"
fi

get() { awk -v k="$1" '$1 == k { printf "%6.1f s   peak RSS %5d MiB", $2, $3 }' "$tmp/results"; }
echo
echo "compile cost of a client generated from $n synthetic actions ${kind}(+ the shipped specs)"
echo "($(date -u +%Y-%m-%d), $(nproc) cores, $(rustc --version))"
printf '  generated synth.rs:         %d lines, %d bytes: %d lines per action\n' "$lines" "$bytes" "$((lines / n))"
printf '  generation:                 %6.1f s   peak RSS %5d MiB (generator binary, cold, wall clock)\n' "$gen_s" "$gen_rss"
printf '  check (clean):              %s\n' "$(get check_clean)"
printf '  check (crate):              %s\n' "$(get check_crate)"
printf '  check (crate, incremental): %s\n' "$(get check_incr)"
printf '  check (incr., one change):  %s\n' "$(get check_incr_change)"
printf '  check vserver alone (clean):%s\n' "$(get family_clean)"
printf '  check vserver alone (crate):%s\n' "$(get family_crate)"
if [ "$check_only" = false ]; then
    printf '  build (clean):              %s\n' "$(get build_clean)"
    printf '  build (crate):              %s\n' "$(get build_crate)"
else
    echo "  build:                      skipped (--check-only)"
fi
if [ "$ogen" = true ]; then
    printf '  openapi-generator rust:     %d lines (apis + models): %d lines per action\n' "$ogen_lines" "$((ogen_lines / n))"
    printf '    generation:               %s\n' "$(get ogen_generate)"
    printf '    check (clean):            %s\n' "$(get ogen_check_clean)"
    printf '    check (crate):            %s\n' "$(get ogen_check_crate)"
    awk '$1 == "check_clean" { a = $2 } $1 == "ogen_check_clean" { b = $2 }
        END { if (b > 0) printf "  ratio check (clean), ours / openapi-generator: %.2f\n", a / b }' "$tmp/results"
fi
