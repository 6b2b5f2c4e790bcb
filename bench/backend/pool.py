#!/usr/bin/env python3
"""Pools the paired runs of several bench/backend/run.sh logs into one figure for a ratio.

One run of 100 pairs pins issue 20's figure (native `nexcage run --rm` / the engine's floor) to
about +-1.5 %, as wide as the distance to its 1.05 target; the runs of one build, pooled, narrow
it. Each log's table (one row per rotation, each candidate's time in ms) gives per-row ratios;
the median of all of them is printed with its 95 % confidence interval, free of any assumption
on the distribution (order statistics, as BackendBench's PAIRED_CI line).

Usage: bench/backend/pool.py LOG... [--pair A/B] [--target 1.05]
  --pair     the candidates, as in the PAIRED line (default nexcage_native/raw_docker)
  --target   the limit the verdict compares the interval with (default 1.05)
"""
import argparse
import statistics
import sys


def median_interval(values):
    """The k-th smallest and k-th largest value, k the largest with P(Binomial(n, 1/2) < k) <= 2.5 %."""
    v = sorted(values)
    n = len(v)
    below, term, k = 0.0, 0.5 ** n, 0
    while k < n // 2 and below + term <= 0.025:
        below += term
        term = term * (n - k) / (k + 1)
        k += 1
    return (v[k - 1], v[n - k]) if k else (float("nan"), float("nan"))


def ratios(path, a, b):
    """The per-row ratios A/B of the log's table whose header names both candidates."""
    header, out = None, []
    with open(path, encoding="utf-8") as log:
        for line in log:
            words = line.split()
            if words and words[0] == "run":
                header = words if f"{a}_ms" in words and f"{b}_ms" in words else None
            elif header and words and words[0].isdigit() and len(words) == len(header):
                row = dict(zip(header, words))
                out.append(float(row[f"{a}_ms"]) / float(row[f"{b}_ms"]))
            elif header and words:
                header = None  # the table ended
    return out


def show(label, values, target):
    lo, hi = median_interval(values)
    verdict = "met" if hi <= target else "NOT met" if lo > target else "not decided (the interval holds the target)"
    print(f"{label:<40} {len(values):>5} {statistics.median(values):8.3f}   {lo:.3f}-{hi:.3f}   {verdict}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("logs", nargs="+")
    p.add_argument("--pair", default="nexcage_native/raw_docker")
    p.add_argument("--target", type=float, default=1.05)
    args = p.parse_args()
    a, _, b = args.pair.partition("/")
    if not a or not b:
        sys.exit(f"pool.py: --pair must be A/B as in run.sh's PAIRED line, not '{args.pair}'")
    every = []
    print(f"{'log':<40} {'pairs':>5} {'median':>8}   95 % interval   target <= {args.target}: {args.pair}")
    for path in args.logs:
        r = ratios(path, a, b)
        if not r:
            sys.exit(f"pool.py: {path} has no table with {a}_ms and {b}_ms; pass logs of bench/backend/run.sh")
        show(path[-40:], r, args.target)
        every += r
    if len(args.logs) > 1:
        show("pooled", every, args.target)


if __name__ == "__main__":
    main()
