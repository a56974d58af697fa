#!/usr/bin/env bash
# Compile cost of a generated client: generate one from a synthetic spec of N actions (default
# 1000) into a temporary crate outside the repository, then time `cargo check` and `cargo build`
# (dev profile) of it, and report the generated lines per action.
#
#   bash tests/bench/compile-cost.sh [--check-only] [N]
#
# The temporary crate is what the generator writes with `--out-dir` (Cargo.toml, src/lib.rs,
# src/generated/), depending on the runtime crate by path with its default features, as
# ncloud-client does. It has its own target directory, so every build starts clean; the
# workspace's Cargo.lock pins the dependencies. It is removed on exit.
#
# The generated client is a dependency of its users' crates, and cargo compiles dependencies
# without incremental compilation, so the timings compile it that way too (CARGO_INCREMENTAL=0);
# one more timing shows it as a workspace member, compiled incrementally from nothing. The timings:
#
#   check (clean)   `cargo check` from nothing: dependencies and the generated crate;
#   check (crate)   `cargo check` of the generated crate alone, dependencies already checked;
#   check (crate, incremental)  the same with incremental compilation, as a workspace member;
#   build (clean)   `cargo build` from nothing: dependencies and the generated crate;
#   build (crate)   `cargo build` of the generated crate alone, dependencies already built.
#
# `--check-only` skips the two builds (at 1000 actions a dev build of the generated crate needs
# more time and memory than a 2-core, 24 GiB machine shared with others should give it).
#
# Needs python3 with openapi-spec-validator (as CI installs it) to validate the spec; without it
# the validation is skipped with a note.
set -euo pipefail

check_only=false
if [ "${1:-}" = "--check-only" ]; then
    check_only=true
    shift
fi
n="${1:-1000}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/ncloud-compile-cost.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# Elapsed wall-clock seconds and peak memory of one command, printed as "SECONDS MAX_RSS_MIB".
timed() {
    local start end
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%M" -o "$tmp/rss" "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log"; return 1; }
    else
        "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log"; return 1; }
        echo 0 >"$tmp/rss"
    fi
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v r="$(tail -n1 "$tmp/rss")" 'BEGIN { printf "%.1f %d\n", e - s, r / 1024 }'
}

echo "== building the generator and synth-spec (release, workspace target/)"
cargo build --quiet --release --manifest-path "$root/Cargo.toml" -p generator -p ncloud-tests --bin generator --bin synth-spec
bin="$root/target/release"

echo "== synthetic spec: $n actions"
mkdir -p "$tmp/spec"
"$bin/synth-spec" "$n" "$tmp/spec/synth.yaml"
if python3 -c "import openapi_spec_validator" 2>/dev/null; then
    python3 -m openapi_spec_validator "$tmp/spec/synth.yaml"
else
    echo "(openapi-spec-validator not installed: spec validation skipped)"
fi

echo "== generating (the generator binary, wall clock)"
read -r gen_s _ < <(timed "$bin/generator" --spec-dir "$tmp/spec" --out-dir "$tmp/crate" \
    --crate-name synth-client --runtime-path "$root/runtime")
generated="$tmp/crate/src/generated/synth.rs"
lines=$(wc -l <"$generated")
bytes=$(wc -c <"$generated")

# Outside any workspace: an empty one of its own, below the generated part of Cargo.toml.
printf '\n[workspace]\n' >>"$tmp/crate/Cargo.toml"
cp "$root/Cargo.lock" "$tmp/crate/Cargo.lock"

export CARGO_TARGET_DIR="$tmp/target"
cd "$tmp/crate"
echo "== cargo check / cargo build (target dir: $CARGO_TARGET_DIR)"
export CARGO_INCREMENTAL=0
read -r check_clean check_clean_rss < <(timed cargo check --quiet)
cargo clean --quiet -p synth-client
read -r check_crate check_crate_rss < <(timed cargo check --quiet)
cargo clean --quiet -p synth-client
read -r check_incr check_incr_rss < <(CARGO_INCREMENTAL=1 timed cargo check --quiet)
if [ "$check_only" = false ]; then
    cargo clean --quiet
    read -r build_clean build_clean_rss < <(timed cargo build --quiet)
    cargo clean --quiet -p synth-client
    read -r build_crate build_crate_rss < <(timed cargo build --quiet)
fi

echo
echo "compile cost of a client generated from $n synthetic actions ($(date -u +%Y-%m-%d), $(nproc) cores, $(rustc --version))"
printf '  generated:      %d lines, %d bytes: %d lines per action\n' "$lines" "$bytes" "$((lines / n))"
printf '  generation:     %6.1f s (generator binary, wall clock)\n' "$gen_s"
printf '  check (clean):  %6.1f s   peak RSS %d MiB\n' "$check_clean" "$check_clean_rss"
printf '  check (crate):  %6.1f s   peak RSS %d MiB\n' "$check_crate" "$check_crate_rss"
printf '  check (crate, incremental): %6.1f s   peak RSS %d MiB\n' "$check_incr" "$check_incr_rss"
if [ "$check_only" = false ]; then
    printf '  build (clean):  %6.1f s   peak RSS %d MiB\n' "$build_clean" "$build_clean_rss"
    printf '  build (crate):  %6.1f s   peak RSS %d MiB\n' "$build_crate" "$build_crate_rss"
else
    echo "  build:          skipped (--check-only)"
fi
