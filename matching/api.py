"""Public entry points: solve a cohort, score any pair, list alternatives for a mentee."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import numpy as np

from matching.errors import MatchingInputError
from matching.explain import nearest_mentor, pair_scores, unmatched_reasons
from matching.features import encode
from matching.model import Cohort
from matching.optimise import optimise
from matching.results import Assignment, Explanation, PairScore, Unmatched
from matching.scoring import ScoringContext, evaluate

_REASON_ROWS = 64  # unmatched mentees evaluated together against all mentors
_GC_LOCK = threading.Lock()
_gc_pauses = [0, False]  # solves under way, and whether the collector was on before them


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a cohort is solved.

    A large cohort is hundreds of thousands of small objects, and solving it creates as many
    (pairs, explanations); each automatic collection would walk all of them again, which
    cost about a fifth of a 20,000-mentee solve. What the matcher creates holds no cycles
    (arrays, tuples, dicts), so reference counting frees it as before; the collector's
    previous state is restored when the last solve under way ends.
    """
    with _GC_LOCK:
        if _gc_pauses[0] == 0:
            _gc_pauses[1] = gc.isenabled()
            gc.disable()
        _gc_pauses[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_pauses[0] -= 1
            if _gc_pauses[0] == 0 and _gc_pauses[1]:
                gc.enable()


@lru_cache(maxsize=4)
def _context(cohort: Cohort) -> ScoringContext:
    """Encode a cohort once for repeated pair queries on the same (hashable) cohort."""
    return ScoringContext.build(encode(cohort), cohort.rules, cohort.weights)


def _mentee_index(cohort: Cohort, mentee_id: str) -> int:
    for index, mentee in enumerate(cohort.mentees):
        if mentee.id == mentee_id:
            return index
    raise MatchingInputError("unknown mentee id", person=f'mentee "{mentee_id}"', field="id")


def _mentor_index(cohort: Cohort, mentor_id: str) -> int:
    for index, mentor in enumerate(cohort.mentors):
        if mentor.id == mentor_id:
            return index
    raise MatchingInputError("unknown mentor id", person=f'mentor "{mentor_id}"', field="id")


def _scored(ctx, cohort, rows, cols, fixed: np.ndarray | bool = False) -> list[PairScore]:
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    if len(rows) == 0:
        return []
    evaluation = evaluate(ctx, rows, cols)
    fixed = np.broadcast_to(fixed, rows.shape)
    if fixed.any():
        # A fixed pair uses its own place: it breaks the capacity rule only if the mentor's
        # fixed pairs alone exceed the places left after the existing load.
        over = np.array([m.capacity - m.load for m in cohort.mentors]) < np.bincount(
            ctx.features.fixed_cols, minlength=len(cohort.mentors))
        capacity = evaluation.violations["no_capacity"]
        evaluation.violations["no_capacity"] = np.where(fixed, over[cols], capacity)
    return pair_scores(ctx, cohort, rows, cols, evaluation, fixed)


def score_pair(cohort: Cohort, mentee_id: str, mentor_id: str) -> PairScore:
    """Feasibility, hard-rule violations, scores and explanation of one pair."""
    rows, cols = [_mentee_index(cohort, mentee_id)], [_mentor_index(cohort, mentor_id)]
    return _scored(_context(cohort), cohort, rows, cols)[0]


def top_alternatives(cohort: Cohort, mentee_id: str, k: int = 5) -> list[PairScore]:
    """The k feasible mentors with the highest score for a mentee (ties in input order)."""
    ctx = _context(cohort)
    row = _mentee_index(cohort, mentee_id)
    evaluation = evaluate(ctx, np.array([[row]]), np.arange(len(cohort.mentors))[None, :])
    feasible = np.flatnonzero(evaluation.feasible[0])
    best = feasible[np.argsort(-evaluation.score[0, feasible], kind="stable")][:k]
    return _scored(ctx, cohort, np.full(len(best), row), best)


def _unmatched(ctx, cohort: Cohort, rows: np.ndarray, full_mentors: np.ndarray):
    """Reasons and nearest alternative for each unmatched mentee, in input order."""
    reasons, nearest = [], []
    all_mentors = np.arange(len(cohort.mentors))[None, :]
    for start in range(0, len(rows), _REASON_ROWS):
        block = rows[start:start + _REASON_ROWS]
        evaluation = evaluate(ctx, block[:, None], all_mentors)
        feasible = evaluation.feasible
        for k, row in enumerate(block.tolist()):
            taken = bool((feasible[k] & full_mentors).any())
            masks = {code: mask[k] for code, mask in evaluation.violations.items()}
            reasons.append(unmatched_reasons(masks, cohort.mentees[row],
                                             cohort.rules.session_minutes, taken))
            nearest.append(nearest_mentor(evaluation, k))
    with_nearest = [k for k, col in enumerate(nearest) if col is not None]
    scored = _scored(ctx, cohort, rows[with_nearest], [nearest[k] for k in with_nearest])
    alternatives = dict(zip(with_nearest, scored, strict=True))
    return [Unmatched(cohort.mentees[row].id, Explanation(tuple(reasons[k])),
                      alternatives.get(k)) for k, row in enumerate(rows.tolist())]


def solve(cohort: Cohort, *, method: str = "auto",
          candidates_per_mentee: int | None = None) -> Assignment:
    """Optimal assignment for the cohort's rules and weights, with explanations.

    `method` is "auto" (dense linear_sum_assignment for small cohorts, otherwise certified
    pruning solved as a min-cost flow with OR-Tools, or with scipy's LAPJVsp when OR-Tools
    is missing), "dense", "flow" or "sparse" (LAPJVsp); `candidates_per_mentee` sets the
    initial pruning (the result is optimal whatever its value).
    """
    with _collector_paused():
        return _solve(cohort, method, candidates_per_mentee)


def _solve(cohort: Cohort, method: str, candidates_per_mentee: int | None) -> Assignment:
    started = time.perf_counter()
    ctx = ScoringContext.build(encode(cohort), cohort.rules, cohort.weights)
    features_done = time.perf_counter()
    solution = optimise(ctx, method, candidates_per_mentee)
    solved = time.perf_counter()
    feats = ctx.features
    rows = np.concatenate((feats.fixed_rows, solution.rows))
    cols = np.concatenate((feats.fixed_cols, solution.cols))
    is_fixed = np.arange(len(rows)) < len(feats.fixed_rows)
    order = np.argsort(rows, kind="stable")  # pairs listed in mentee input order
    pairs = _scored(ctx, cohort, rows[order], cols[order], is_fixed[order])
    matched = np.zeros(len(cohort.mentees), dtype=bool)
    matched[rows] = True
    load = np.bincount(solution.cols, minlength=len(cohort.mentors))
    unmatched = _unmatched(ctx, cohort, np.flatnonzero(~matched), load >= feats.remaining)
    stats = {"method": solution.method, "rounds": solution.rounds,
             "candidate_pairs": solution.candidate_pairs,
             "seconds_features": features_done - started, "seconds_solve": solved - features_done,
             "seconds_total": time.perf_counter() - started}
    objective = round(sum(pair.score for pair in pairs), 4)
    return Assignment(tuple(pairs), tuple(unmatched), objective, len(pairs), cohort.rules.mode,
                      stats)
