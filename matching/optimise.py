"""Choose the solver path and prove the optimum when candidate pairs were pruned.

Objective. Every feasible pair gets the integer weight A * score + B (score in units of
1/SCORE_SCALE). In `most_matched` mode A = 1 and B exceeds the largest possible total score,
so one more matched pair always beats any score gain; in `best_total` mode B = 1 and A
exceeds the largest possible number of pairs, so score comes first and matching more
people only breaks exact ties. All sums stay far below 2**53, so float64 solvers are exact.

Pruning. For large cohorts each mentee keeps only its best K feasible mentors. After the
restricted problem is solved, LP dual prices (u, v) are computed; the restricted optimum is
optimal for the full problem if every left-out feasible pair has w_ij <= u_i + v_j. Since
v >= 0, a mentee whose best left-out weight is <= u_i is certified at once; other mentees
are rescanned and any violating pair is added before solving again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.assign import Edges, dual_prices, solve_dense, solve_sparse
from matching.candidates import scan
from matching.scoring import SCORE_SCALE, ScoringContext

DENSE_CELLS = 3_000_000  # mentees x mentor slots up to which the dense solver is used
DEFAULT_CANDIDATES = 12
MARGIN_SCORE = 300  # in units of 1/SCORE_SCALE
RESERVE_FACTOR = 2
RESERVE_MARGIN_SCORE = 1000  # rescanned mentees keep pairs this close to their price
METHODS = ("auto", "dense", "sparse")


@dataclass(frozen=True)
class Solution:
    """Optimised pairs (mentee index, mentor index, quantised score) and how they were found."""

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray
    method: str
    rounds: int = 0
    candidate_pairs: int = 0


def weight_scheme(mode: str, n_rows: int, n_slots: int) -> tuple[int, int]:
    """(A, B) such that weight = A * score + B encodes the programme's mode exactly."""
    most_pairs = max(min(n_rows, n_slots), 1)
    if mode == "most_matched":
        return 1, SCORE_SCALE * most_pairs + 1
    return most_pairs + 1, 1


def optimise(ctx: ScoringContext, method: str = "auto",
             candidates_per_mentee: int | None = None) -> Solution:
    """Find an optimal assignment of the mentees not fixed by a coordinator."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    feats = ctx.features
    fixed = np.zeros(len(feats.mentee_minor), dtype=bool)
    fixed[feats.fixed_rows] = True
    rows, cols = np.flatnonzero(~fixed), np.flatnonzero(feats.remaining > 0)
    n_slots = int(feats.remaining[cols].sum())
    if method == "auto":
        method = "dense" if len(rows) * n_slots <= DENSE_CELLS else "sparse"
    empty = np.empty(0, np.int64)
    if len(rows) == 0 or len(cols) == 0:
        return Solution(empty, empty, empty.astype(np.int32), method)
    weights = weight_scheme(ctx.rules.mode, len(rows), n_slots)
    if method == "dense":
        return _solve_all(ctx, rows, cols, weights)
    return _solve_pruned(ctx, rows, cols, weights, candidates_per_mentee or DEFAULT_CANDIDATES)


def _edges(local: np.ndarray, rows, cols, scores, weights: tuple[int, int]) -> Edges:
    return Edges(local[rows], cols, weights[0] * scores.astype(np.int64) + weights[1])


def _solution(rows_all, edges: Edges, scores, matched, method, rounds=0) -> Solution:
    """Map local matched rows back to mentee indices and attach their scores."""
    m_rows, m_cols = matched
    width = np.int64(max(int(edges.cols.max(initial=0)) + 1, 1))
    codes = edges.rows.astype(np.int64) * width + edges.cols
    order = np.argsort(codes)
    found = order[np.searchsorted(codes[order], m_rows * width + m_cols)]
    return Solution(rows_all[m_rows], m_cols, scores[found], method, rounds, len(edges))


def _solve_all(ctx, rows, cols, weights) -> Solution:
    """Dense path: score every pair and run linear_sum_assignment."""
    local = np.full(len(ctx.features.mentee_minor), -1, dtype=np.int64)
    local[rows] = np.arange(len(rows))
    found = scan(ctx, rows, cols, keep=None)
    edges = _edges(local, found.rows, found.cols, found.scores, weights)
    matched = solve_dense(len(rows), edges, ctx.features.remaining)
    return _solution(rows, edges, found.scores, matched, "dense")


def _split_reserve(found, keep: int) -> tuple[np.ndarray, np.ndarray]:
    """Mark each row's `keep` best pairs as candidates, the rest of the scan as reserve."""
    order = np.lexsort((found.cols, -found.scores.astype(np.int64), found.rows))
    rows = found.rows[order]
    first = np.r_[True, rows[1:] != rows[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(rows)), 0))
    is_candidate = np.empty(len(rows), dtype=bool)
    is_candidate[order] = np.arange(len(rows)) - start < keep
    return is_candidate, ~is_candidate


def _solve_pruned(ctx, rows, cols, weights, keep: int) -> Solution:
    """Sparse path on each mentee's best `keep` mentors, grown until the duals certify it.

    The scan keeps RESERVE_FACTOR * keep pairs per mentee; those beyond the first `keep`
    are checked exactly against the prices each round, so only mentees whose best pair
    outside the reserve could beat their price need a rescan.
    """
    feats = ctx.features
    n_mentors = len(feats.remaining)
    local = np.full(len(feats.mentee_minor), -1, dtype=np.int64)
    local[rows] = np.arange(len(rows))
    found = scan(ctx, rows, cols, keep=keep * RESERVE_FACTOR)
    in_problem, reserve = _split_reserve(found, keep)
    pair_rows, pair_cols, pair_scores = (found.rows[in_problem], found.cols[in_problem],
                                         found.scores[in_problem])
    spare_rows, spare_cols, spare_scores = (found.rows[reserve], found.cols[reserve],
                                            found.scores[reserve])
    left_out = np.full(len(rows), -1, dtype=np.int64)
    left_out[local[found.scanned]] = found.best_left_out
    a, b = weights
    # Pairs within `margin` of violating the certificate are added too: after re-solving
    # they are the likeliest to violate it, so adding them early saves rounds.
    margin, reserve_margin = a * MARGIN_SCORE, a * RESERVE_MARGIN_SCORE
    rounds = 0
    while True:
        rounds += 1
        edges = _edges(local, pair_rows, pair_cols, pair_scores, weights)
        matched = solve_sparse(len(rows), edges, feats.remaining,
                               most_matched=ctx.rules.mode == "most_matched")
        u, v = dual_prices(len(rows), n_mentors, edges, *matched, feats.remaining)
        slack = u[local[spare_rows]] + v[spare_cols] - (a * spare_scores.astype(np.int64) + b)
        strict = bool((slack < 0).any())
        known = np.concatenate((local[pair_rows] * n_mentors + pair_cols,
                                local[spare_rows] * n_mentors + spare_cols))
        take = slack < margin
        new_rows, new_cols, new_scores = ([spare_rows[take]], [spare_cols[take]],
                                          [spare_scores[take]])
        spare_rows, spare_cols, spare_scores = (spare_rows[~take], spare_cols[~take],
                                                spare_scores[~take])
        suspects = np.flatnonzero((left_out >= 0) & (a * left_out + b > u))
        if len(suspects):
            def worth_keeping(chunk, chunk_cols, scores, u=u):
                # Keep every pair that could beat its price unless u_i drops by over
                # reserve_margin: afterwards the reserve check covers it without a rescan.
                limit = (u[local[chunk]] - b - reserve_margin)[:, None]
                return (scores if a == 1 else a * scores.astype(np.int64)) > limit

            extra = scan(ctx, rows[suspects], cols, keep=keep, keep_extra=worth_keeping)
            new = ~np.isin(local[extra.rows] * n_mentors + extra.cols, known)
            left_out[local[extra.scanned]] = extra.best_left_out
            slack = (u[local[extra.rows]] + v[extra.cols]
                     - (a * extra.scores.astype(np.int64) + b))
            strict |= bool((new & (slack < 0)).any())
            to_problem, to_reserve = new & (slack < margin), new & (slack >= margin)
            new_rows.append(extra.rows[to_problem])
            new_cols.append(extra.cols[to_problem])
            new_scores.append(extra.scores[to_problem])
            spare_rows = np.concatenate((spare_rows, extra.rows[to_reserve]))
            spare_cols = np.concatenate((spare_cols, extra.cols[to_reserve]))
            spare_scores = np.concatenate((spare_scores, extra.scores[to_reserve]))
        if not strict:
            break  # no left-out pair beats its prices: the duals certify the optimum
        pair_rows = np.concatenate([pair_rows, *new_rows])
        pair_cols = np.concatenate([pair_cols, *new_cols])
        pair_scores = np.concatenate([pair_scores, *new_scores])
    return _solution(rows, edges, pair_scores, matched, "sparse", rounds)
