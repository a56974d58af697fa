#!/usr/bin/env bash
# What hostile specs cost the generator before it refuses them: wall clock and peak RSS of the
# release binary, median of 3 runs each (issue 22, point 2). Each input is made here:
#
#   aliases     50 KB: `x-a: &a [x × 15,000]`, `x-b: [*a × 1,500]` (22.5 million values expanded)
#   brackets    50 KB: `[` × 50,000
#   huge-enum   1.2 MB: a 100,000-value enum and 2,000 acceptors naming a value it lacks
#
#   bash tests/bench/hostile.sh
#
# `GENERATOR=PATH` times another generator binary (an older build, to compare).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --release -p generator --bin generator
generator="${GENERATOR:-$target/release/generator}"
work="$target/hostile-bench"
rm -rf "$work"
mkdir -p "$work"

make_spec() { # make_spec NAME: writes $work/NAME/spec/NAME.yaml
    local dir="$work/$1/spec"
    mkdir -p "$dir"
    python3 - "$1" "$dir/$1.yaml" <<'PY'
import sys
name, path = sys.argv[1], sys.argv[2]
head = "openapi: 3.0.3\ninfo: {title: Hostile, version: '1'}\n"
if name == "aliases":
    text = head + "x-a: &a [" + ", ".join(["x"] * 15000) + "]\nx-b: [" + ", ".join(["*a"] * 1500) + "]\n"
elif name == "brackets":
    text = "[" * 50000
else:
    acceptors = "\n".join(f"          - {{state: success, path: status, any: [NOPE{i}]}}" for i in range(2000))
    values = ", ".join(f"V{i}" for i in range(100000))
    text = head + f"""servers:
  - {{url: 'https://ncloud.apigw.ntruss.com/huge/v1', x-ncp-site: public}}
paths:
  /getThing:
    get:
      operationId: getThing
      x-ncp-waiters:
        ready:
          acceptors:
{acceptors}
      responses:
        '200':
          description: ok
          content:
            application/xml:
              schema: {{$ref: '#/components/schemas/GetThingResponse'}}
            application/json:
              schema:
                type: object
                properties:
                  getThingResponse: {{$ref: '#/components/schemas/GetThingResponse'}}
components:
  schemas:
    GetThingResponse:
      type: object
      properties:
        status: {{type: string, enum: [{values}]}}
"""
open(path, "w").write(text)
PY
}

echo "hostile specs, release generator, median of 3 ($(date -u +%Y-%m-%d), $(nproc) cores)"
for name in aliases brackets huge-enum; do
    make_spec "$name"
    spec="$work/$name/spec"
    size=$(du -k "$spec/$name.yaml" | cut -f1)
    results=$(for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$work/time" "$generator" --spec-dir "$spec" --out-dir "$work/$name/out" \
            --crate-name hostile --runtime-version 0.1.0 >"$work/out.txt" 2>&1 || true
        tail -n1 "$work/time"
    done | sort -n)
    median=$(echo "$results" | sed -n 2p)
    lines=$(wc -l <"$work/out.txt")
    bytes=$(wc -c <"$work/out.txt")
    first=$(grep -m1 '^error' "$work/out.txt" | cut -c1-160)
    printf '%-10s %5d KB: %s s, peak RSS %s MiB; %s lines (%s bytes) of output\n    %s\n' \
        "$name" "$size" "$(echo "$median" | cut -d' ' -f1)" "$(( $(echo "$median" | cut -d' ' -f2) / 1024 ))" "$lines" "$bytes" "$first"
done
