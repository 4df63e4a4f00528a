"""Explanations built on first read equal eager ones; the faster pair order equals lexsort's."""

import pickle

import numpy as np
import pytest

from matching import solve
from matching.api import _context
from matching.explain import _DeferredParts, pair_scores
from matching.results import Explanation
from matching.scoring import evaluate
from matching.synthetic import synthetic_cohort


@pytest.fixture(scope="module")
def group():
    # More pairs than one block, so several blocks are built, out of order.
    return synthetic_cohort(700, 300, capacity=2, seed=4, session_minutes=45)


def _pairs(group, lazy):
    ctx = _context(group)
    rng = np.random.default_rng(0)
    rows = rng.integers(0, len(group.mentees), 2 * _DeferredParts.BLOCK + 37)
    cols = rng.integers(0, len(group.mentors), len(rows))
    return pair_scores(ctx, group, rows, cols, evaluate(ctx, rows, cols), lazy=lazy)


def test_lazy_parts_equal_eager_parts_read_in_any_order(group):
    eager, lazy = _pairs(group, lazy=False), _pairs(group, lazy=True)
    order = list(range(len(lazy)))[::-1]  # last block first
    assert [lazy[k].explanation.parts for k in order] == [eager[k].explanation.parts
                                                          for k in order]
    assert lazy == eager  # scores, terms, violations and explanations
    assert any(part["code"] == "common_hours" for pair in eager
               for part in pair.explanation.parts)


def test_solve_gives_the_explanations_score_pair_gives(group):
    from matching import score_pair

    result = solve(group)
    for pair in result.pairs[::97]:
        assert pair.explanation == score_pair(group, pair.mentee, pair.mentor).explanation
        assert pair.explanation.text


def test_a_deferred_explanation_pickles_and_prints_as_its_parts(group):
    pair = _pairs(group, lazy=True)[-1]
    copy = pickle.loads(pickle.dumps(pair))
    assert copy == pair and copy.explanation.parts == pair.explanation.parts
    assert repr(pair.explanation) == repr(Explanation(pair.explanation.parts))
    assert Explanation(()) != Explanation(({"code": "waiting", "days": 3},))


def test_pair_order_is_the_lexsort_order():
    from matching.optimise import _pair_order

    rng = np.random.default_rng(1)
    codes = rng.choice(500 * 300, 4000, replace=False)
    rows, cols = codes // 300, codes % 300
    scores = rng.integers(0, 40, len(rows)).astype(np.int32)  # many ties, broken by column
    expected = np.lexsort((cols, -scores.astype(np.int64), rows))
    assert np.array_equal(_pair_order(rows, scores, cols), expected)
    huge = rows * 2**40  # too wide for one key: the lexsort itself
    assert np.array_equal(_pair_order(huge, scores, cols), expected)


def test_solve_leaves_the_cycle_collector_as_it_found_it(group):
    import gc

    small = synthetic_cohort(30, 12, capacity=2, seed=1)
    assert gc.isenabled()
    solve(small)
    assert gc.isenabled()
    gc.disable()
    try:
        solve(small)
        assert not gc.isenabled()
    finally:
        gc.enable()
