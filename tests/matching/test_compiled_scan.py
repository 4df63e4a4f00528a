"""The compiled candidate scan keeps what the numpy reference scan keeps, with equal scores."""

import numpy as np
import pytest

from matching import scan_kernel
from matching.candidates import scan
from matching.features import encode
from matching.scoring import ScoringContext
from matching.synthetic import synthetic_cohort

pytestmark = pytest.mark.skipif(not scan_kernel.available(), reason="numba is not installed")


def _context(seed, mode="most_matched"):
    cohort = synthetic_cohort(260, 90, capacity=2, seed=seed, mode=mode, session_minutes=45)
    return ScoringContext.build(encode(cohort), cohort.rules, cohort.weights), cohort


def _by_pair(found):
    return {(r, c): s for r, c, s in zip(found.rows.tolist(), found.cols.tolist(),
                                         found.scores.tolist(), strict=True)}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_feasible_pair_gets_the_same_integer_score(seed, monkeypatch):
    if seed == 2:  # split every group across threads, as large cohorts are
        monkeypatch.setattr(scan_kernel, "PARALLEL_PAIRS", 0)
    ctx, cohort = _context(seed)
    rows, cols = np.arange(len(cohort.mentees)), np.arange(len(cohort.mentors))
    compiled = _by_pair(scan(ctx, rows, cols, keep=None, compiled=True))
    reference = _by_pair(scan(ctx, rows, cols, keep=None, compiled=False))
    assert compiled == reference and len(reference) > 1000


@pytest.mark.parametrize("keep", [1, 3, 8])
@pytest.mark.parametrize("with_threshold", [False, True])
@pytest.mark.parametrize("threaded", [False, True])
def test_kept_pairs_are_each_mentees_best_and_the_left_out_bound_is_exact(
        keep, with_threshold, threaded, monkeypatch):
    if threaded:
        monkeypatch.setattr(scan_kernel, "PARALLEL_PAIRS", 0)
    ctx, cohort = _context(3, mode="best_total")
    rows, cols = np.arange(len(cohort.mentees)), np.arange(len(cohort.mentors))
    every = _by_pair(scan(ctx, rows, cols, keep=None, compiled=False))
    above = None
    if with_threshold:  # as a rescan asks: also keep whatever could beat a price
        above = np.full(len(rows), np.iinfo(np.int64).max, dtype=np.int64)
        above[::2] = 5200
    found = scan(ctx, rows, cols, keep=keep, above=above, compiled=True)
    kept = _by_pair(found)
    assert all(every[pair] == score for pair, score in kept.items())
    left_out = dict(zip(found.scanned.tolist(), found.best_left_out.tolist(), strict=True))
    for row in rows.tolist():
        mine = {c: s for (r, c), s in every.items() if r == row}
        chosen = {c for (r, c) in kept if r == row}
        rest = [s for c, s in mine.items() if c not in chosen]
        assert left_out[row] == max(rest, default=-1)
        # the kept pairs are the best ones: nothing left out beats a kept pair
        assert len(chosen) >= min(keep, len(mine))
        assert min((mine[c] for c in chosen), default=10**9) >= max(rest, default=-1)
        if above is not None:
            assert all(c in chosen for c, s in mine.items() if s > above[row])
