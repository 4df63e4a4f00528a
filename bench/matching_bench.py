"""Benchmark matching.solve on synthetic cohorts; each size runs in a fresh subprocess.

Usage: python bench/matching_bench.py [2k 20k 100k 1k 5k] [--no-bare] [--bare-timeout SECONDS]
(MATCHING_BENCH_CACHE=DIR keeps the generated cohorts in DIR between runs.)

Default sizes: 2k (2,000 x 1,000), 20k (20,000 x 8,000) and 100k (100,000 x 40,000), all
with capacity 3. Each size prints one JSON line, then the table of all sizes: time, peak
memory, and the split between the solver calls and everything around them.

Columns: features = encoding the cohort into arrays; solve = candidate scan, solver calls
and certificate rounds; solver calls = time inside linear_sum_assignment or
min_weight_full_bipartite_matching only; output = pair scores, explanations and unmatched
reasons; load_average_1min shows how busy the shared machine was; peak RSS = the child's
ru_maxrss (covers numpy buffers, unlike tracemalloc), with the RSS already held by the
generated cohort shown separately. "bare LSA" is a plain linear_sum_assignment call on the
dense matrix of the same weights (all mentees x all mentor slots), run in its own
subprocess when that matrix fits in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = {"2k": (2_000, 1_000), "20k": (20_000, 8_000), "100k": (100_000, 40_000),
         "1k": (1_000, 400), "5k": (5_000, 2_000)}
DEFAULT_SIZES = ("2k", "20k", "100k")
CAPACITY = 3
DENSE_LIMIT_BYTES = 6 * 2**30


def _rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_pipeline(label: str) -> dict:
    """Generate the cohort, solve it, and report timings, memory and the objective."""
    import matching.optimise as optimise
    from matching import solve
    from matching.synthetic import synthetic_cohort

    # [wall seconds, CPU seconds of this process]: on the shared machine the CPU time shows
    # the work itself when other jobs take the cores.
    solver_seconds, scan_seconds, dual_seconds = [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]

    def timed(function, total=solver_seconds):
        def wrapper(*args, **kwargs):
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                total[0] += time.perf_counter() - started
                total[1] += time.process_time() - cpu
        return wrapper

    optimise.solve_sparse = timed(optimise.solve_sparse)
    optimise.solve_dense = timed(optimise.solve_dense)
    optimise.solve_flow = timed(optimise.solve_flow)
    optimise.scan = timed(optimise.scan, scan_seconds)
    optimise.dual_prices = timed(optimise.dual_prices, dual_seconds)
    started = time.perf_counter()
    cohort = _cohort(label, synthetic_cohort)
    generated = time.perf_counter() - started
    rss_cohort = _rss_mib()
    cpu = time.process_time()
    result = solve(cohort)
    cpu = time.process_time() - cpu
    stats = result.stats
    return {"size": label, "generate_s": generated, "features_s": stats["seconds_features"],
            "solve_s": stats["seconds_solve"], "solver_calls_s": solver_seconds[0],
            "scan_s": scan_seconds[0], "dual_prices_s": dual_seconds[0], "cpu_total_s": cpu,
            "cpu_solver_calls_s": solver_seconds[1], "cpu_scan_s": scan_seconds[1],
            "output_s": stats["seconds_total"] - stats["seconds_features"] - stats["seconds_solve"],
            "total_s": stats["seconds_total"], "rss_cohort_mib": rss_cohort,
            "peak_rss_mib": _peak_mib(), "objective": result.objective, "matched": result.matched,
            "method": stats["method"], "rounds": stats["rounds"],
            "candidate_pairs": stats["candidate_pairs"],
            "load_average_1min": os.getloadavg()[0]}


def _cohort(label: str, synthetic_cohort):
    """The synthetic cohort of a size; with MATCHING_BENCH_CACHE=DIR, kept there as a pickle
    (generating 100k x 40k takes over a minute, and is not part of what is measured)."""
    n, m = SIZES[label]
    folder = os.environ.get("MATCHING_BENCH_CACHE")
    path = Path(folder) / f"cohort_{n}_{m}.pkl" if folder else None
    if path is not None and path.exists():
        with open(path, "rb") as handle:
            return pickle.load(handle)  # our own file, written below
    cohort = synthetic_cohort(n, m, capacity=CAPACITY, seed=0)
    if path is not None:
        with open(path, "wb") as handle:
            pickle.dump(cohort, handle)
    return cohort


def run_bare(label: str) -> dict:
    """Time one linear_sum_assignment on the dense matrix of all pair weights."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from matching.candidates import scan
    from matching.features import encode
    from matching.optimise import weight_scheme
    from matching.scoring import ScoringContext
    from matching.synthetic import synthetic_cohort

    cohort = synthetic_cohort(*SIZES[label], capacity=CAPACITY, seed=0)
    ctx = ScoringContext.build(encode(cohort), cohort.rules, cohort.weights)
    remaining = ctx.features.remaining
    rows, cols = np.arange(len(cohort.mentees)), np.flatnonzero(remaining > 0)
    found = scan(ctx, rows, cols, keep=None)
    slot_start = np.concatenate(([0], np.cumsum(remaining)))
    a, b = weight_scheme(cohort.rules.mode, len(rows), int(remaining.sum()))
    matrix = np.zeros((len(rows), int(slot_start[-1])), dtype=np.float64)
    for copy in range(int(remaining.max())):  # loop over slot copies, not pairs
        has = remaining[found.cols] > copy
        matrix[found.rows[has], slot_start[found.cols[has]] + copy] = (
            a * found.scores[has].astype(np.int64) + b)
    started = time.perf_counter()
    row_ind, col_ind = linear_sum_assignment(matrix, maximize=True)
    seconds = time.perf_counter() - started
    chosen = matrix[row_ind, col_ind]
    matched = chosen > 0
    score = float(((chosen[matched] - b) / a).sum()) / 10_000
    return {"size": label, "bare_lsa_s": seconds, "bare_matched": int(matched.sum()),
            "bare_objective": round(score, 4), "bare_peak_rss_mib": _peak_mib(),
            "feasible_pairs": len(found.rows)}


def _child(label: str, kind: str, timeout: float) -> dict:
    command = [sys.executable, __file__, "--child", kind, label]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"size": label, f"{kind}_timeout_s": timeout}
    if done.returncode != 0:
        return {"size": label, f"{kind}_error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", help=f"any of {', '.join(SIZES)} (default: all)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare LSA comparison")
    parser.add_argument("--bare-timeout", type=float, default=600.0)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, label = args.child
        print(json.dumps(run_pipeline(label) if kind == "pipeline" else run_bare(label)))
        return
    unknown = sorted(set(args.sizes) - set(SIZES))
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; choose from {', '.join(SIZES)}")
    rows = []
    for label in args.sizes or DEFAULT_SIZES:
        row = _child(label, "pipeline", 3600)
        n, m = SIZES[label]
        if not args.no_bare and n * m * CAPACITY * 8 <= DENSE_LIMIT_BYTES:
            row.update(_child(label, "bare", args.bare_timeout))
        print(json.dumps({key: round(value, 3) if isinstance(value, float) else value
                          for key, value in row.items()}), flush=True)
        rows.append(row)
    print(_table(rows))


def _table(rows: list[dict]) -> str:
    lines = ["| size (mentees x mentors, capacity 3) | load | total | solver calls | around the "
             "solver | around / solver | CPU: total / solver / around | peak RSS | matched | "
             "objective | path / rounds |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for row in rows:
        if "total_s" not in row:
            lines.append(f"| {row['size']} | failed: {row} |")
            continue
        n, m = SIZES[row["size"]]
        around = row["total_s"] - row["solver_calls_s"]
        ratio = around / row["solver_calls_s"] if row["solver_calls_s"] else float("inf")
        lines.append(
            f"| {n:,} x {m:,} | {row['load_average_1min']:.1f} | {row['total_s']:.2f} s | "
            f"{row['solver_calls_s']:.2f} s | {around:.2f} s | {ratio:.2f} | "
            f"{row['cpu_total_s']:.2f} / {row['cpu_solver_calls_s']:.2f} / "
            f"{row['cpu_total_s'] - row['cpu_solver_calls_s']:.2f} s | "
            f"{row['peak_rss_mib']:,.0f} MiB | {row['matched']:,} | {row['objective']} | "
            f"{row['method']} / {row['rounds']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
