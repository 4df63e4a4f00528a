"""Vectorised hard rules and soft scores for blocks or lists of (mentee, mentor) pairs.

Index arrays broadcast: rows of shape (r, 1) with columns of shape (1, c) evaluate a block,
two 1-D arrays of equal length evaluate a list of pairs. Both give bit-identical scores
because tag overlaps are exact integer counts and the rest is element-wise arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.features import NO_GENDER_REQUIRED, Features
from matching.model import Rules, Weights

# Scores are optimised as integers in units of 1/SCORE_SCALE, so every solver path (dense,
# sparse, certificate) compares exactly the same numbers without float rounding surprises.
SCORE_SCALE = 10_000

VIOLATION_CODES = ("excluded", "no_capacity", "no_shared_language", "no_common_availability",
                   "minor_needs_cleared_mentor", "required_gender_preference")


@dataclass(frozen=True)
class ScoringContext:
    """Features plus the per-mentee factors and constants every evaluation needs."""

    features: Features
    rules: Rules
    weights: Weights
    experience_inverse: np.ndarray  # 1 / number of mentee experiences (0 if none)
    goal_inverse: np.ndarray
    experience_factor: np.ndarray  # experiences weight * experience_inverse
    goal_factor: np.ndarray
    waiting_weighted: np.ndarray
    infeasible_sentinel: float
    scale: float  # SCORE_SCALE / sum of weights

    @classmethod
    def build(cls, features: Features, rules: Rules, weights: Weights) -> ScoringContext:
        """Precompute per-mentee factors for `features`."""
        def inverse(matrix: np.ndarray) -> np.ndarray:
            counts = matrix.sum(axis=1)
            return np.where(counts > 0, 1 / np.maximum(counts, 1), 0).astype(np.float32)

        experience_inverse = inverse(features.mentee_experiences)
        goal_inverse = inverse(features.mentee_goals)
        return cls(features, rules, weights, experience_inverse, goal_inverse,
                   experience_inverse * np.float32(weights.experiences),
                   goal_inverse * np.float32(weights.goals),
                   (np.float32(weights.waiting) * features.mentee_waiting).astype(np.float32),
                   -(weights.total + 1.0), SCORE_SCALE / weights.total)


def _overlap_counts(left: np.ndarray, right: np.ndarray, rows, cols) -> np.ndarray:
    """Number of shared tags, by matrix product for blocks and row sums for pair lists."""
    if rows.ndim == 2:
        return left[rows[:, 0]] @ right[cols[0]].T
    return np.einsum("ij,ij->i", left[rows], right[cols])


def pattern_lookup(ctx: ScoringContext, rows, cols) -> tuple[np.ndarray, np.ndarray]:
    """Return (session window exists, common slots) for each pair, via distinct patterns."""
    feats = ctx.features
    left, left_inverse = np.unique(feats.mentee_pattern[rows], return_inverse=True)
    right, right_inverse = np.unique(feats.mentor_pattern[cols], return_inverse=True)
    patterns = feats.patterns
    windows = patterns.windows[left] @ patterns.windows[right].T > 0
    common = patterns.slots[left] @ patterns.slots[right].T
    left_inverse = left_inverse.reshape(np.shape(rows))
    right_inverse = right_inverse.reshape(np.shape(cols))
    return windows[left_inverse, right_inverse], common[left_inverse, right_inverse]


def availability_term(ctx: ScoringContext, common_slots: np.ndarray) -> np.ndarray:
    """Saturating share of the weekly common time: min(common minutes / cap, 1)."""
    minutes = common_slots * np.float32(ctx.features.patterns.slot_minutes)
    return np.minimum(minutes * np.float32(1.0 / ctx.rules.availability_cap_minutes),
                      np.float32(1.0))


def age_term(ctx: ScoringContext, rows, cols) -> np.ndarray:
    """Age closeness: 1 at the same age, falling linearly to 0 at `age_span_years` apart."""
    gap = np.abs(ctx.features.mentee_age[rows] - ctx.features.mentor_age[cols])
    return np.maximum(np.float32(1.0) - gap * np.float32(1.0 / ctx.rules.age_span_years),
                      np.float32(0.0))


def quantised_scores(ctx: ScoringContext, rows, cols, window_ok, common_slots) -> np.ndarray:
    """Integer total scores (units of 1/SCORE_SCALE).

    With a `window_ok` mask, pairs without a common session window get a negative score, so
    one array carries both feasibility and score; with None, every pair is scored.
    """
    feats, weights = ctx.features, ctx.weights
    total = _overlap_counts(feats.mentee_experiences, feats.mentor_experiences, rows, cols)
    total *= ctx.experience_factor[rows]
    total += _overlap_counts(feats.mentee_goals, feats.mentor_topics, rows, cols) * \
        ctx.goal_factor[rows]
    total += age_term(ctx, rows, cols) * np.float32(weights.age)
    availability = availability_term(ctx, common_slots) * np.float32(weights.availability)
    if window_ok is not None:
        availability = np.where(window_ok, availability, np.float32(ctx.infeasible_sentinel))
    total += availability
    total += ctx.waiting_weighted[rows]
    return np.rint(total * np.float32(ctx.scale)).astype(np.int32)


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
                      quantised_scores(ctx, rows, cols, None, common),
                      common * feats.patterns.slot_minutes)
