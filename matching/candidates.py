"""Chunked scan of all (mentee, mentor) pairs keeping the best feasible ones per mentee.

Mentees are grouped by the rules that depend only on their categorical data (languages,
minor, required mentor gender), so each group scores only mentors who pass those rules;
availability and exclusions are checked inside each chunk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching import scan_kernel
from matching.features import NO_GENDER_REQUIRED
from matching.scoring import ScoringContext, quantised_scores, shares_language

# About this many pair scores are held in memory at once (int32/float32 each).
CHUNK_PAIRS = 1 << 23


@dataclass(frozen=True)
class Candidates:
    """Kept pairs as parallel arrays, plus for every scanned mentee the best score left out."""

    rows: np.ndarray  # mentee index
    cols: np.ndarray  # mentor index
    scores: np.ndarray  # int32 quantised score
    scanned: np.ndarray  # mentee indices scanned
    best_left_out: np.ndarray  # int32 per scanned mentee, -1 if every feasible pair is kept


def _groups(ctx: ScoringContext, rows: np.ndarray) -> list[np.ndarray]:
    """Split mentee indices into groups sharing languages, minor flag and required gender."""
    feats = ctx.features
    keys = np.column_stack((feats.mentee_languages[rows].view(np.int64),
                            feats.mentee_minor[rows], feats.mentee_required_gender[rows]))
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    order = np.argsort(inverse, kind="stable")
    cuts = np.flatnonzero(np.diff(inverse[order])) + 1
    return np.split(rows[order], cuts)


def _group_columns(ctx: ScoringContext, row: int, cols: np.ndarray) -> np.ndarray:
    """Mentors passing the categorical rules for mentee `row` (and with capacity left)."""
    feats = ctx.features
    ok = shares_language(feats, np.int64(row), cols) & (feats.remaining[cols] > 0)
    if feats.mentee_minor[row]:
        ok &= feats.mentor_minors_ok[cols]
    required = feats.mentee_required_gender[row]
    if required != NO_GENDER_REQUIRED:
        ok &= feats.mentor_gender[cols] == required
    return cols[ok]


def _chunk_scores(ctx: ScoringContext, rows: np.ndarray, cols: np.ndarray,
                  col_position: np.ndarray) -> np.ndarray:
    """Quantised scores for rows x cols, negative wherever the pair is infeasible."""
    scores = quantised_scores(ctx, rows[:, None], cols[None, :], with_window=True)
    feats = ctx.features
    lo, hi = np.searchsorted(feats.excluded_rows, [rows[0], rows[-1] + 1])
    if hi > lo:  # rows are ascending within a group, exclusions sorted by row
        ex_rows, ex_cols = feats.excluded_rows[lo:hi], feats.excluded_cols[lo:hi]
        at = np.minimum(np.searchsorted(rows, ex_rows), len(rows) - 1)
        hit = (rows[at] == ex_rows) & (col_position[ex_cols] >= 0)
        scores[at[hit], col_position[ex_cols[hit]]] = -1
    return scores


def _select(scores: np.ndarray, keep: int | None, extra: np.ndarray | None):
    """Return (kept mask or top indices, best left-out score per row)."""
    if keep is None or scores.shape[1] <= keep:
        return scores >= 0, np.full(len(scores), -1, dtype=np.int32)
    part = np.argpartition(-scores, keep, axis=1)[:, :keep + 1]
    kept = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(kept, part[:, :keep], True, axis=1)
    if extra is None:
        left_out = np.take_along_axis(scores, part[:, keep:], axis=1)[:, 0]
    else:
        kept |= extra
        left_out = np.where(kept, -1, scores).max(axis=1)
    kept &= scores >= 0
    return kept, np.maximum(left_out, -1).astype(np.int32)


def scan(ctx: ScoringContext, rows: np.ndarray, cols: np.ndarray, keep: int | None,
         above: np.ndarray | None = None, compiled: bool | None = None) -> Candidates:
    """Score rows x cols, keeping each row's `keep` best feasible pairs (all if None).

    `above` (int64, one threshold per mentee index) asks to keep, in addition, every pair
    whose score exceeds its mentee's threshold (used to add pairs that could violate a dual
    certificate). `compiled` chooses the numba kernel (default: when numba is installed) or
    the numpy reference scan; both keep the same pairs up to ties at the `keep`-th score.
    """
    if compiled is None:
        compiled = scan_kernel.available()
    if compiled:
        return _scan_compiled(ctx, rows, cols, keep, above)
    feats = ctx.features
    out_rows, out_cols, out_scores, scanned, left = [], [], [], [], []
    col_position = np.full(len(feats.remaining), -1, dtype=np.int64)
    for group in _groups(ctx, np.sort(rows)):
        group_cols = _group_columns(ctx, int(group[0]), cols)
        scanned.append(group)
        if len(group_cols) == 0:
            left.append(np.full(len(group), -1, dtype=np.int32))
            continue
        col_position[group_cols] = np.arange(len(group_cols))
        step = max(1, CHUNK_PAIRS // len(group_cols))
        for start in range(0, len(group), step):
            chunk = group[start:start + step]
            scores = _chunk_scores(ctx, chunk, group_cols, col_position)
            extra = None if above is None else scores > above[chunk][:, None]
            kept, best_left = _select(scores, keep, extra)
            at_row, at_col = np.nonzero(kept)
            out_rows.append(chunk[at_row])
            out_cols.append(group_cols[at_col])
            out_scores.append(scores[at_row, at_col])
            left.append(best_left)
        col_position[group_cols] = -1
    return Candidates(_join(out_rows, np.int64), _join(out_cols, np.int64),
                      _join(out_scores, np.int32), _join(scanned, np.int64), _join(left, np.int32))


def _scan_compiled(ctx: ScoringContext, rows, cols, keep, above) -> Candidates:
    """The same scan through the compiled kernel, one call per categorical group."""
    feats = ctx.features
    inputs = ctx.kernel_inputs()
    out_rows, out_cols, out_scores, scanned, left = [], [], [], [], []
    for group in _groups(ctx, np.sort(rows)):
        group_cols = _group_columns(ctx, int(group[0]), cols)
        scanned.append(group)
        if len(group_cols) == 0:
            left.append(np.full(len(group), -1, dtype=np.int32))
            continue
        if keep is None:  # every feasible pair: all of them "exceed" the threshold -1
            thresholds, group_keep = np.full(len(group), -1, dtype=np.int64), 1
        else:
            thresholds = None if above is None else above[group].astype(np.int64)  # type: ignore[assignment]  # noqa: E501
            group_keep = keep
        ex_lo = np.searchsorted(feats.excluded_rows, group, side="left")
        ex_hi = np.searchsorted(feats.excluded_rows, group, side="right")
        top_cols, top_scores, best_left, x_rows, x_cols, x_scores = scan_kernel.scan_group(
            inputs, group, group_cols, group_keep, thresholds, ex_lo, ex_hi,
            feats.excluded_cols)
        at_row, at_col = np.nonzero(top_cols >= 0)
        out_rows += [group[at_row], x_rows]
        out_cols += [top_cols[at_row, at_col], x_cols]
        out_scores += [top_scores[at_row, at_col], x_scores]
        left.append(np.full(len(group), -1, np.int32) if keep is None else best_left)
    return Candidates(_join(out_rows, np.int64), _join(out_cols, np.int64),
                      _join(out_scores, np.int32), _join(scanned, np.int64), _join(left, np.int32))


def _join(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.empty(0, dtype)
