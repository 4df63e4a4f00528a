"""Pair scores, hard-rule codes, explanations, alternatives and unmatched reasons."""

import numpy as np
import pytest
from matching_factories import cohort, evening, mentee, mentor

from matching import MatchingInputError, Weights, score_pair, solve, top_alternatives
from matching.features import encode
from matching.scoring import ScoringContext, evaluate
from matching.synthetic import synthetic_cohort


def test_score_follows_the_documented_formula():
    group = cohort([mentee(experiences=("anxiety", "grief"), goals=("school", "work"), age=17,
                           waiting_days=45)],
                   [mentor(experiences=("anxiety",), topics=("school",), age=22)])
    pair = score_pair(group, "e1", "m1")
    expected = {"experiences": 0.5, "goals": 0.5, "age": 0.75, "availability": 0.5,
                "waiting": 0.5}
    assert pair.terms == pytest.approx(expected)
    weights = Weights()
    total = sum(getattr(weights, name) * value for name, value in expected.items())
    assert pair.score == pytest.approx(total / weights.total, abs=1e-4)
    assert pair.feasible and pair.violations == ()


@pytest.mark.parametrize(("mentee_fields", "mentor_fields", "code"), [
    ({"languages": ("ar",)}, {}, "no_shared_language"),
    ({"availability": (evening(2),)}, {}, "no_common_availability"),
    ({"minor": True}, {"minors_ok": False}, "minor_needs_cleared_mentor"),
    ({"mentor_gender": "f", "mentor_gender_required": True}, {"gender": "m"},
     "required_gender_preference"),
    ({}, {"capacity": 2, "load": 2}, "no_capacity"),
])
def test_each_hard_rule_has_its_code(mentee_fields, mentor_fields, code):
    group = cohort([mentee(**mentee_fields)], [mentor(**mentor_fields)])
    pair = score_pair(group, "e1", "m1")
    assert not pair.feasible and pair.violations == (code,)
    assert solve(group).pairs == ()
    assert solve(group).unmatched[0].reasons.parts[0]["code"] == code


def test_excluded_pair_is_never_proposed_and_reported():
    group = cohort([mentee()], [mentor()], excluded=[("e1", "m1")])
    assert score_pair(group, "e1", "m1").violations == ("excluded",)
    reasons = solve(group).unmatched[0].reasons
    assert reasons.parts == ({"code": "excluded", "candidates": 1},)
    assert "excluded" in reasons.text


def test_preferred_but_not_required_gender_is_not_a_hard_rule():
    group = cohort([mentee(mentor_gender="f")], [mentor(gender="m")])
    assert score_pair(group, "e1", "m1").feasible


def test_session_must_fit_in_one_contiguous_window():
    split = (evening(1, 18, 19), evening(1, 19, 20))  # touching intervals are one window
    gap = (evening(1, 18, 19), evening(1, 20, 21))
    assert score_pair(cohort([mentee(availability=split)], [mentor()], session_minutes=120),
                      "e1", "m1").feasible
    assert not score_pair(cohort([mentee(availability=gap)], [mentor(availability=gap)],
                                 session_minutes=120), "e1", "m1").feasible


def test_explanation_parts_and_english_text():
    group = cohort([mentee(experiences=("anxiety", "grief"), availability=(evening(1),
                                                                            evening(3)))],
                   [mentor(experiences=("grief", "anxiety"), availability=(evening(1),
                                                                             evening(3)))])
    explanation = score_pair(group, "e1", "m1").explanation
    parts = {part["code"]: part for part in explanation.parts}
    assert parts["shared_experiences"] == {"code": "shared_experiences", "count": 2,
                                           "tags": ["anxiety", "grief"]}
    assert parts["common_hours"] == {"code": "common_hours", "minutes_per_week": 240,
                                     "days": [1, 3], "part_of_day": "evening",
                                     "timezone": "Europe/Paris"}
    assert parts["shared_language"] == {"code": "shared_language", "languages": ["fr"]}
    assert "4 h a week in common, Tuesday and Thursday evenings" in explanation.text
    assert "both speak French" in explanation.render({"fr": "French"})


def test_top_alternatives_are_feasible_and_ordered():
    mentors = [mentor("m1", experiences=()), mentor("m2"), mentor("m3", languages=("en",)),
               mentor("m4", experiences=("anxiety", "grief"))]
    best = top_alternatives(cohort([mentee()], mentors), "e1", k=2)
    assert [pair.mentor for pair in best] == ["m2", "m4"]  # equal scores keep input order
    assert all(pair.feasible for pair in best)
    with pytest.raises(MatchingInputError, match="unknown mentee"):
        top_alternatives(cohort([mentee()], mentors), "nobody")


def test_unmatched_mentee_gets_the_taken_reason_and_nearest_alternative():
    group = cohort([mentee("e1", waiting_days=90), mentee("e2", waiting_days=0)], [mentor()])
    result = solve(group)
    assert [pair.mentee for pair in result.pairs] == ["e1"]  # longest wait served first
    unmatched = result.unmatched[0]
    assert unmatched.mentee == "e2"
    assert unmatched.reasons.parts == ({"code": "feasible_mentors_taken", "candidates": 1},)
    assert unmatched.nearest.mentor == "m1" and unmatched.nearest.feasible


def test_fixed_pairs_are_kept_and_use_capacity():
    group = cohort([mentee("e1"), mentee("e2", languages=("en",))],
                   [mentor("m1", capacity=1), mentor("m2", capacity=1)],
                   fixed=[("e2", "m1")])
    result = solve(group)
    fixed = [pair for pair in result.pairs if pair.fixed]
    assert [(p.mentee, p.mentor) for p in fixed] == [("e2", "m1")]
    assert fixed[0].violations == ("no_shared_language",)  # kept as given, but flagged
    assert [(p.mentee, p.mentor) for p in result.pairs if not p.fixed] == [("e1", "m2")]


def test_block_and_pair_list_evaluations_agree_exactly():
    group = synthetic_cohort(60, 30, seed=3)
    ctx = ScoringContext.build(encode(group), group.rules, group.weights)
    rows, cols = np.arange(60), np.arange(30)
    block = evaluate(ctx, rows[:, None], cols[None, :])
    listed = evaluate(ctx, np.repeat(rows, 30), np.tile(cols, 60))
    assert np.array_equal(block.score.ravel(), listed.score)
    assert np.array_equal(block.feasible.ravel(), listed.feasible)


def test_same_input_gives_the_same_output():
    group = synthetic_cohort(120, 50, capacity=2, seed=5)
    first, second = solve(group), solve(group)
    assert first.pairs == second.pairs and first.unmatched == second.unmatched
