#!/usr/bin/env python3
"""Print the medians of the last criterion run, and the decode ratios generated / baseline.

    python3 tests/bench/summary.py [TARGET_DIR]

Reads TARGET_DIR/criterion/**/new/{benchmark,estimates}.json (TARGET_DIR defaults to
$CARGO_TARGET_DIR, else the workspace's target/), as written by
`cargo bench -p ncloud-tests --bench generator|client`. Prints Markdown tables, ready for
BENCHMARKS.md. Standard library only.
"""

import json
import os
import pathlib
import sys


def human(ns: float) -> str:
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def main() -> int:
    root = pathlib.Path(__file__).resolve().parents[2]
    default = os.environ.get("CARGO_TARGET_DIR") or root / "target"
    target = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else default)
    medians = {}
    for bench in sorted((target / "criterion").glob("**/new/benchmark.json")):
        full_id = json.loads(bench.read_text())["full_id"]
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        medians[full_id] = estimates["median"]["point_estimate"]
    if not medians:
        print(f"no criterion results under {target / 'criterion'}: run the benchmarks first", file=sys.stderr)
        return 1

    print("| benchmark | median |")
    print("|---|---:|")
    for full_id, ns in sorted(medians.items()):
        print(f"| `{full_id}` | {human(ns)} |")

    ratios = []
    for full_id, ns in sorted(medians.items()):
        if full_id.startswith("decode/") and full_id.endswith("/generated"):
            base = medians.get(full_id[: -len("generated")] + "baseline")
            if base:
                ratios.append((full_id[len("decode/") : -len("/generated")], ns, base))
    if ratios:
        print()
        print("| payload/format | generated | baseline | ratio |")
        print("|---|---:|---:|---:|")
        for case, ns, base in ratios:
            print(f"| {case} | {human(ns)} | {human(base)} | {ns / base:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
