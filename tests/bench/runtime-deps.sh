#!/usr/bin/env bash
# What every user of a generated client compiles before the client itself: `cargo check` of the
# runtime crate from nothing (dependencies included), once per transport choice, the choices
# interleaved, wall clock and peak RSS, with cargo's --timings report of each run kept.
#
#   [CHOICES="default native-tls none"] bash tests/bench/runtime-deps.sh [RUNS]      (2 runs by default)
#
# Each run copies runtime/, Cargo.lock and a one-member workspace into an empty folder with its
# own target directory (CARGO_INCREMENTAL=0), so that nothing is reused between runs. The
# choices: the default features (`reqwest`: rustls with ring), `--no-default-features
# --features native-tls` (the platform's TLS; needs OpenSSL's headers on Linux) and
# `--no-default-features` (no transport). The --timings reports are left in
# ${TMPDIR:-/tmp}/ncloud-runtime-deps.*/ (the folder is printed) for the per-unit times.
set -euo pipefail

runs="${1:-2}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mktemp -d "${TMPDIR:-/tmp}/ncloud-runtime-deps.XXXXXX")"
echo "runtime: cargo check from nothing, $runs runs of each choice, interleaved ($(date -u +%Y-%m-%d), $(nproc) cores)"
echo "reports: $out"

# `CHOICES="default none"` (say) runs only those, e.g. in an older checkout without native-tls.
read -r -a choices <<<"${CHOICES:-default native-tls none}"
args_of() {
    case "$1" in
        default) ;;
        native-tls) echo "--no-default-features --features native-tls" ;;
        none) echo "--no-default-features" ;;
    esac
}

for run in $(seq "$runs"); do
    for choice in "${choices[@]}"; do
        work="$out/$choice-$run"
        mkdir -p "$work"
        cp -r "$root/runtime" "$work/runtime"
        cp "$root/Cargo.lock" "$work/Cargo.lock"
        # The workspace's shared settings, which runtime/Cargo.toml inherits.
        python3 - "$root/Cargo.toml" "$work/Cargo.toml" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"members = \[[^\]]*\]", 'members = ["runtime"]', text, count=1)
open(sys.argv[2], "w").write(text)
EOF
        start=$(date +%s.%N)
        # shellcheck disable=SC2046
        (cd "$work" && CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0 /usr/bin/time -f "%M" -o "$work/rss" \
            cargo check --quiet --timings -p ncloud-runtime $(args_of "$choice") >"$work/log" 2>&1) ||
            { echo "$choice: cargo check failed:"; cat "$work/log"; exit 1; }
        end=$(date +%s.%N)
        # The units of cargo's report: how many, the sum of their times, the largest.
        units=$(python3 - "$work"/target/cargo-timings/cargo-timing-*.html <<'EOF'
import json, re, sys
text = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", text, re.S).group(1))
largest = sorted(units, key=lambda u: -u["duration"])[:8]
print(f"{len(units)} units, sum {sum(u['duration'] for u in units):.1f} s;",
      ", ".join(f"{u['name']}{' (build script)' if 'build-script' in u.get('target', '') else ''}"
                f" {u['duration']:.1f}" for u in largest))
EOF
)
        awk -v c="$choice" -v r="$run" -v s="$start" -v e="$end" -v m="$(tail -n1 "$work/rss")" -v u="$units" \
            'BEGIN { printf "  %-11s run %d: %5.1f s, peak RSS %4d MiB, %s\n", c, r, e - s, m / 1024, u }'
        rm -rf "$work/target/debug"
    done
done
