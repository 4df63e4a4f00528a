"""Vectorised hard rules and soft scores for blocks or lists of (mentee, mentor) pairs.

Index arrays broadcast: rows of shape (r, 1) with columns of shape (1, c) evaluate a block,
two 1-D arrays of equal length evaluate a list of pairs. Both give bit-identical scores
because tag overlaps are exact integer counts and the rest is element-wise arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matching.features import NO_GENDER_REQUIRED, Features
from matching.model import Rules, Weights

# Scores are optimised as integers in units of 1/SCORE_SCALE, so every solver path (dense,
# sparse, certificate) compares exactly the same numbers without float rounding surprises.
SCORE_SCALE = 10_000

VIOLATION_CODES = ("excluded", "no_capacity", "no_shared_language", "no_common_availability",
                   "minor_needs_cleared_mentor", "required_gender_preference")


def _dyadic(values: np.ndarray, quantum: float) -> np.ndarray:
    """Round to multiples of a power of two so sums of products are exact in float32."""
    return (np.round(values.astype(np.float64) / quantum) * quantum).astype(np.float32)


@dataclass(frozen=True)
class ScoringContext:
    """Features plus the per-mentee factors and constants every evaluation needs."""

    features: Features
    rules: Rules
    weights: Weights
    experience_inverse: np.ndarray  # 1 / number of mentee experiences (0 if none)
    goal_inverse: np.ndarray
    # [experiences * w/n, goals * w/n, weighted waiting] per mentee, against
    # [experiences, topics, 1] per mentor: one product gives three weighted terms at once.
    mentee_linear: np.ndarray
    mentor_linear: np.ndarray
    mentee_age_id: np.ndarray  # index into mentee_ages
    mentee_ages: np.ndarray
    mentor_age_id: np.ndarray
    mentor_ages: np.ndarray
    infeasible_sentinel: float
    scale: float  # SCORE_SCALE / sum of weights
    _kernel: list = field(default_factory=list, compare=False, repr=False)

    def kernel_inputs(self):
        """Bitsets and tables for the compiled scan, built on first use."""
        if not self._kernel:
            from matching.scan_kernel import KernelInputs

            self._kernel.append(KernelInputs.build(self))
        return self._kernel[0]

    @classmethod
    def build(cls, features: Features, rules: Rules, weights: Weights) -> ScoringContext:
        """Precompute per-mentee factors for `features`."""
        def inverse(matrix: np.ndarray) -> np.ndarray:
            counts = matrix.sum(axis=1)
            return np.where(counts > 0, 1 / np.maximum(counts, 1), 0).astype(np.float32)

        # Factors are multiples of 2**-k with every partial sum below 2**(24 - k), so a
        # product's rounding cannot depend on summation order (block vs pair list).
        quantum = 2.0 ** (int(np.ceil(np.log2(weights.total + 1))) - 23)
        experience_inverse = inverse(features.mentee_experiences)
        goal_inverse = inverse(features.mentee_goals)
        mentee_linear = np.hstack((
            features.mentee_experiences * _dyadic(experience_inverse * weights.experiences,
                                                  quantum)[:, None],
            features.mentee_goals * _dyadic(goal_inverse * weights.goals, quantum)[:, None],
            _dyadic(features.mentee_waiting * weights.waiting, quantum)[:, None]))
        mentor_linear = np.hstack((features.mentor_experiences, features.mentor_topics,
                                   np.ones((len(features.mentor_topics), 1), np.float32)))
        mentee_ages, mentee_age_id = np.unique(features.mentee_age, return_inverse=True)
        mentor_ages, mentor_age_id = np.unique(features.mentor_age, return_inverse=True)
        return cls(features, rules, weights, experience_inverse, goal_inverse,
                   mentee_linear.astype(np.float32), mentor_linear.astype(np.float32),
                   mentee_age_id.ravel(), mentee_ages, mentor_age_id.ravel(), mentor_ages,
                   -(weights.total + 1.0), SCORE_SCALE / weights.total)


def _overlap_counts(left: np.ndarray, right: np.ndarray, rows, cols) -> np.ndarray:
    """Number of shared tags for each pair (exact integer counts)."""
    if rows.ndim == 2:
        return _dot(left, right, rows[:, 0], cols[0], True)
    return _dot(left, right, rows, cols, False)


def _dot(left_matrix, right_matrix, left, right, outer: bool) -> np.ndarray:
    """Dot products of rows: every left x right row if `outer`, else pair by pair."""
    if outer:
        return left_matrix[left] @ right_matrix[right].T
    return np.einsum("ij,ij->i", left_matrix[left], right_matrix[right])


def _lookup(left_ids, right_ids, kernel) -> np.ndarray:
    """Apply kernel(left, right, outer) to pairs; blocks go through a table of distinct ids."""
    if np.ndim(left_ids) != 2:
        return kernel(left_ids, right_ids, False)
    left, left_inverse = np.unique(left_ids, return_inverse=True)
    right, right_inverse = np.unique(right_ids, return_inverse=True)
    table = kernel(left, right, True)
    # Gather table rows, then one contiguous take per row: faster than 2-D fancy indexing.
    return np.take(table[left_inverse.reshape(-1)], right_inverse.reshape(-1), axis=1)


def _windows(ctx: ScoringContext, left, right, outer: bool) -> np.ndarray:
    windows = ctx.features.patterns.windows
    return _dot(windows, windows, left, right, outer) > 0


def _common_minutes(ctx: ScoringContext, left, right, outer: bool) -> np.ndarray:
    patterns = ctx.features.patterns
    return _dot(patterns.segment_minutes, patterns.segments, left, right, outer)


def pattern_lookup(ctx: ScoringContext, rows, cols) -> tuple[np.ndarray, np.ndarray]:
    """Return (session window exists, common minutes per week) for each pair."""
    left, right = ctx.features.mentee_pattern[rows], ctx.features.mentor_pattern[cols]
    return (_lookup(left, right, lambda a, b, outer: _windows(ctx, a, b, outer)),
            _lookup(left, right, lambda a, b, outer: _common_minutes(ctx, a, b, outer)))


def availability_term(ctx: ScoringContext, common_minutes: np.ndarray) -> np.ndarray:
    """Saturating share of the weekly common time: min(common minutes / cap, 1)."""
    return np.minimum(common_minutes * np.float32(1.0 / ctx.rules.availability_cap_minutes),
                      np.float32(1.0))


def _age_closeness(ctx: ScoringContext, left, right, outer: bool) -> np.ndarray:
    mentee_ages, mentor_ages = ctx.mentee_ages[left], ctx.mentor_ages[right]
    if outer:
        mentee_ages, mentor_ages = mentee_ages[:, None], mentor_ages[None, :]
    gap = np.abs(mentee_ages - mentor_ages)
    return np.maximum(np.float32(1.0) - gap * np.float32(1.0 / ctx.rules.age_span_years),
                      np.float32(0.0))


def age_term(ctx: ScoringContext, rows, cols) -> np.ndarray:
    """Age closeness: 1 at the same age, falling linearly to 0 at `age_span_years` apart."""
    return _lookup(ctx.mentee_age_id[rows], ctx.mentor_age_id[cols],
                   lambda a, b, outer: _age_closeness(ctx, a, b, outer))


def quantised_scores(ctx: ScoringContext, rows, cols, with_window: bool) -> np.ndarray:
    """Integer total scores (units of 1/SCORE_SCALE).

    With `with_window`, pairs without a common session window get a negative score, so one
    array carries both feasibility and score; otherwise every pair is scored.
    """
    weights = ctx.weights

    def weighted_availability(left, right, outer):
        term = availability_term(ctx, _common_minutes(ctx, left, right, outer))
        term *= np.float32(weights.availability)
        if not with_window:
            return term
        return np.where(_windows(ctx, left, right, outer), term,
                        np.float32(ctx.infeasible_sentinel))

    def weighted_age(left, right, outer):
        return _age_closeness(ctx, left, right, outer) * np.float32(weights.age)

    total = _dot(ctx.mentee_linear, ctx.mentor_linear, rows[:, 0] if rows.ndim == 2 else rows,
                 cols[0] if cols.ndim == 2 else cols, rows.ndim == 2)
    total += _lookup(ctx.features.mentee_pattern[rows], ctx.features.mentor_pattern[cols],
                     weighted_availability)
    total += _lookup(ctx.mentee_age_id[rows], ctx.mentor_age_id[cols], weighted_age)
    total *= np.float32(ctx.scale)
    return np.rint(total, out=total).astype(np.int32)


def shares_language(feats: Features, rows, cols) -> np.ndarray:
    """True where mentee and mentor have at least one language in common."""
    shared = np.zeros(np.broadcast_shapes(np.shape(rows), np.shape(cols)), dtype=bool)
    for word in range(feats.mentee_languages.shape[1]):
        shared |= (feats.mentee_languages[rows, word] & feats.mentor_languages[cols, word]) != 0
    return shared


def excluded_mask(feats: Features, rows, cols) -> np.ndarray:
    """True where the pair is excluded by a coordinator."""
    shape = np.broadcast_shapes(np.shape(rows), np.shape(cols))
    if len(feats.excluded_rows) == 0:
        return np.zeros(shape, dtype=bool)
    width = np.int64(len(feats.mentor_minors_ok))
    codes = np.asarray(rows, dtype=np.int64) * width + np.asarray(cols, dtype=np.int64)
    banned = feats.excluded_rows * width + feats.excluded_cols  # sorted: rows, then cols
    at = np.minimum(np.searchsorted(banned, codes), len(banned) - 1)
    return banned[at] == codes


def violations(ctx: ScoringContext, rows, cols, window_ok) -> dict[str, np.ndarray]:
    """Boolean mask per hard rule, True where the pair breaks it."""
    feats = ctx.features
    required = feats.mentee_required_gender[rows]
    return {
        "excluded": excluded_mask(feats, rows, cols),
        "no_capacity": np.broadcast_to(feats.remaining[cols] <= 0, np.shape(window_ok)),
        "no_shared_language": ~shares_language(feats, rows, cols),
        "no_common_availability": ~window_ok,
        "minor_needs_cleared_mentor": feats.mentee_minor[rows] & ~feats.mentor_minors_ok[cols],
        "required_gender_preference": (required != NO_GENDER_REQUIRED)
        & (required != feats.mentor_gender[cols]),
    }


@dataclass(frozen=True)
class Evaluation:
    """Full evaluation of pairs: hard-rule masks, per-term scores and quantised totals."""

    violations: dict[str, np.ndarray]
    terms: dict[str, np.ndarray]
    score: np.ndarray  # int32, units of 1/SCORE_SCALE
    common_minutes: np.ndarray

    @property
    def feasible(self) -> np.ndarray:
        """True where no hard rule is broken."""
        broken = np.zeros(self.score.shape, dtype=bool)
        for mask in self.violations.values():
            broken |= mask
        return ~broken


def evaluate(ctx: ScoringContext, rows, cols) -> Evaluation:
    """Evaluate every hard rule and soft term for the given pairs."""
    rows, cols = np.asarray(rows), np.asarray(cols)
    feats = ctx.features
    window_ok, common = pattern_lookup(ctx, rows, cols)
    shape = np.broadcast_shapes(rows.shape, cols.shape)
    terms = {
        "experiences": _overlap_counts(feats.mentee_experiences, feats.mentor_experiences,
                                       rows, cols) * ctx.experience_inverse[rows],
        "goals": _overlap_counts(feats.mentee_goals, feats.mentor_topics, rows, cols)
        * ctx.goal_inverse[rows],
        "age": age_term(ctx, rows, cols),
        "availability": availability_term(ctx, common),
        "waiting": np.broadcast_to(feats.mentee_waiting[rows], shape),
    }
    return Evaluation(violations(ctx, rows, cols, window_ok), terms,
                      quantised_scores(ctx, rows, cols, with_window=False), common)
