"""How good sampled betweenness and closeness are: estimates against exact scores.

For each size it computes both metrics exactly and from sampled sources (256 by default, as
`graphkit rank` does on a large graph) and prints: time for each, how many of the exact top 10 and
top 100 the estimate also ranks there, the median relative error of the top 10 scores, and how
often the error stays within two standard errors (what `rank` shows beside each score).

Usage: python bench/bench_estimates.py [--sizes 10k,100k] [--samples 256]
Not a test: it prints figures (and writes bench/results/estimates.md) and exits 0.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:1] = [str(ROOT)]  # the repository, not bench/ (where bench.py would shadow the package)

from bench.synthetic import ensure_dataset, parse_size  # noqa: E402
from graphkit.core.engine import load_index  # noqa: E402


def compare(index, metric: str, samples: int) -> dict:
    started = time.perf_counter()
    exact = index.estimate(metric, exact=True)
    exact_s = time.perf_counter() - started
    started = time.perf_counter()
    found = index.estimate(metric, exact=False, samples=samples)
    sampled_s = time.perf_counter() - started
    truth, guess, stderr = exact["scores"], found["scores"], found["stderr"]
    row = {"metric": metric, "exact_s": exact_s, "sampled_s": sampled_s}
    for top in (10, 100):
        best = np.argsort(-truth, kind="stable")[:top]
        row[f"top{top}_overlap"] = len(set(best) & set(np.argsort(-guess, kind="stable")[:top])) / top
    leaders = np.argsort(-truth, kind="stable")[:10]
    row["top10_median_rel_error"] = float(np.median(np.abs(guess[leaders] / truth[leaders] - 1)))
    row["top10_within_2se"] = float(np.mean(np.abs(guess[leaders] - truth[leaders]) <= 2 * stderr[leaders]))
    scored = np.flatnonzero(truth > 0)
    row["all_median_rel_error"] = float(np.median(np.abs(guess[scored] / truth[scored] - 1)))
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--samples", type=int, default=256)
    args = parser.parse_args()
    os.environ.setdefault("GRAPHKIT_CACHE", tempfile.mkdtemp(prefix="graphkit-bench-"))
    lines = ["| claims | entities | metric | exact | sampled | top-10 found | top-100 found | "
             "top-10 median error | top-10 within 2 SE | median error, all scored |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for size in args.sizes.split(","):
        index = load_index(ensure_dataset(parse_size(size)))
        for metric in ("betweenness", "closeness"):
            r = compare(index, metric, args.samples)
            lines.append(f"| {size} | {index.n:,} | {metric} | {r['exact_s']:.2f} s | {r['sampled_s']:.2f} s | "
                         f"{r['top10_overlap']:.0%} | {r['top100_overlap']:.0%} | "
                         f"{r['top10_median_rel_error']:.1%} | {r['top10_within_2se']:.0%} | "
                         f"{r['all_median_rel_error']:.1%} |")
            print(lines[-1], flush=True)
    out = ROOT / "bench" / "results" / "estimates.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"# Sampled betweenness and closeness against exact scores ({args.samples} samples)\n\n"
                   + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
