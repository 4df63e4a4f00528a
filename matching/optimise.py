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

from matching.assign import (
    Edges,
    dual_prices,
    flow_available,
    solve_dense,
    solve_flow,
    solve_sparse,
)
from matching.candidates import scan
from matching.scoring import SCORE_SCALE, ScoringContext

DENSE_CELLS = 3_000_000  # mentees x mentor slots up to which the dense solver is used
DEFAULT_CANDIDATES = 12
MARGIN_SCORE = 300  # in units of 1/SCORE_SCALE
RESERVE_FACTOR = 2
RESERVE_MARGIN_SCORE = 1000  # rescanned mentees keep pairs this close to their price
METHODS = ("auto", "dense", "sparse", "flow")


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
        method = ("dense" if len(rows) * n_slots <= DENSE_CELLS
                  else "flow" if flow_available() else "sparse")
    empty = np.empty(0, np.int64)
    if len(rows) == 0 or len(cols) == 0:
        return Solution(empty, empty, empty.astype(np.int32), method)
    weights = weight_scheme(ctx.rules.mode, len(rows), n_slots)
    if method == "dense":
        return _solve_all(ctx, rows, cols, weights)
    return _PrunedSearch(ctx, rows, cols, weights,
                         candidates_per_mentee or DEFAULT_CANDIDATES, method).run()


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


def _best_per_row(found, keep: int) -> np.ndarray:
    """Mark each row's `keep` best pairs (ties by mentor order) among scanned pairs."""
    order = _pair_order(found.rows, found.scores, found.cols)
    rows = found.rows[order]
    first = np.r_[True, rows[1:] != rows[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(rows)), 0))
    is_candidate = np.empty(len(rows), dtype=bool)
    is_candidate[order] = np.arange(len(rows)) - start < keep
    return is_candidate


def _pair_order(rows: np.ndarray, scores: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Order by row, then score descending, then column: one int64 key when it fits
    (pairs are distinct, so the key is unique and any sort gives the lexsort's order)."""
    if len(rows) == 0:
        return np.empty(0, dtype=np.int64)
    scores = scores.astype(np.int64)
    low, high = int(scores.min()), int(scores.max())
    width, spread = int(cols.max()) + 1, high - low + 1
    if (int(rows.max()) + 1) * spread * width < 2**62:
        key = (rows.astype(np.int64) * spread + (high - scores)) * width + cols
        return np.argsort(key)
    return np.lexsort((cols, -scores, rows))


@dataclass(frozen=True)
class _Pairs:
    """Parallel arrays of (mentee index, mentor index, quantised score)."""

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray

    def where(self, mask: np.ndarray) -> _Pairs:
        return _Pairs(self.rows[mask], self.cols[mask], self.scores[mask])

    def plus(self, *others: _Pairs) -> _Pairs:
        parts = (self, *others)
        return _Pairs(*(np.concatenate([getattr(p, name) for p in parts])
                        for name in ("rows", "cols", "scores")))


class _PrunedSearch:
    """Sparse path on each mentee's best `keep` mentors, grown until the duals certify it.

    The scan keeps RESERVE_FACTOR * keep pairs per mentee; those beyond the first `keep`
    form a reserve that is checked exactly against the prices each round, so only mentees
    whose best pair outside the reserve could beat their price need a rescan.
    """

    def __init__(self, ctx: ScoringContext, rows, cols, weights: tuple[int, int], keep: int,
                 method: str = "sparse"):
        self.ctx, self.rows, self.cols, self.keep, self.method = ctx, rows, cols, keep, method
        self.a, self.b = weights
        # Pairs within `margin` of violating the certificate are added too: after
        # re-solving they are the likeliest to violate it, so adding them saves rounds.
        self.margin, self.reserve_margin = self.a * MARGIN_SCORE, self.a * RESERVE_MARGIN_SCORE
        self.n_mentors = len(ctx.features.remaining)
        self.local = np.full(len(ctx.features.mentee_minor), -1, dtype=np.int64)
        self.local[rows] = np.arange(len(rows))
        found = scan(ctx, rows, cols, keep=keep * RESERVE_FACTOR)
        in_problem = _best_per_row(found, keep)
        scanned = _Pairs(found.rows, found.cols, found.scores)
        self.problem, self.reserve = scanned.where(in_problem), scanned.where(~in_problem)
        self.left_out = np.full(len(rows), -1, dtype=np.int64)
        self.left_out[self.local[found.scanned]] = found.best_left_out

    def _weights(self, pairs: _Pairs) -> np.ndarray:
        return self.a * pairs.scores.astype(np.int64) + self.b

    def _codes(self, pairs: _Pairs) -> np.ndarray:
        return self.local[pairs.rows] * self.n_mentors + pairs.cols

    def run(self) -> Solution:
        """Alternate exact solves and certificate checks until no left-out pair violates."""
        rounds = 0
        while True:
            rounds += 1
            edges = _edges(self.local, self.problem.rows, self.problem.cols,
                           self.problem.scores, (self.a, self.b))
            if self.method == "flow":
                base = self.b if self.ctx.rules.mode == "most_matched" else None
                matched = solve_flow(len(self.rows), edges, self.ctx.features.remaining, base)
            else:
                matched = solve_sparse(len(self.rows), edges, self.ctx.features.remaining,
                                       most_matched=self.ctx.rules.mode == "most_matched")
            matched_rows, matched_cols = matched
            u, v = dual_prices(len(self.rows), self.n_mentors, edges, matched_rows, matched_cols,
                               self.ctx.features.remaining)
            known = np.concatenate((self._codes(self.problem), self._codes(self.reserve)))
            strict_reserve, from_reserve = self._check_reserve(u, v)
            strict_rescan, from_rescan = self._rescan(u, v, known)
            if not (strict_reserve or strict_rescan):
                break  # no left-out pair beats its prices: the duals certify the optimum
            self.problem = self.problem.plus(from_reserve, from_rescan)
        return _solution(self.rows, edges, self.problem.scores, matched, self.method, rounds)

    def _slack(self, pairs: _Pairs, u, v) -> np.ndarray:
        return u[self.local[pairs.rows]] + v[pairs.cols] - self._weights(pairs)

    def _check_reserve(self, u, v) -> tuple[bool, _Pairs]:
        """Move reserve pairs that violate, or nearly violate, the certificate."""
        slack = self._slack(self.reserve, u, v)
        take = slack < self.margin
        moved, self.reserve = self.reserve.where(take), self.reserve.where(~take)
        return bool((slack < 0).any()), moved

    def _rescan(self, u, v, known: np.ndarray) -> tuple[bool, _Pairs]:
        """Rescan mentees whose best pair beyond the reserve could beat their price."""
        suspects = np.flatnonzero((self.left_out >= 0) &
                                  (self.a * self.left_out + self.b > u))
        if len(suspects) == 0:
            return False, self.problem.where(np.zeros(len(self.problem.rows), dtype=bool))
        local = self.local
        # Keep every pair that could beat its price unless u_i drops by more than
        # reserve_margin; the exact reserve check then covers it without a rescan.
        # a * score > limit  <=>  score > floor(limit / a) for integers.
        above = np.full(len(local), np.iinfo(np.int64).max, dtype=np.int64)
        limit = u[suspects] - self.b - self.reserve_margin
        above[self.rows[suspects]] = np.floor_divide(limit, self.a)
        extra = scan(self.ctx, self.rows[suspects], self.cols, keep=self.keep, above=above)
        self.left_out[local[extra.scanned]] = extra.best_left_out
        found = _Pairs(extra.rows, extra.cols, extra.scores)
        known.sort()
        codes = self._codes(found)
        at = np.minimum(np.searchsorted(known, codes), max(len(known) - 1, 0))
        new = known[at] != codes if len(known) else np.ones(len(codes), dtype=bool)
        slack = self._slack(found, u, v)
        self.reserve = self.reserve.plus(found.where(new & (slack >= self.margin)))
        return bool((new & (slack < 0)).any()), found.where(new & (slack < self.margin))
