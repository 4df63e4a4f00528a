"""Optimality against networkx and every hard rule, on hundreds of random small cohorts."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matching_factories import REFERENCE_WEEK, cohort

from matching import Mentee, Mentor, WeeklyInterval, score_pair, solve
from matching.scoring import SCORE_SCALE
from matching.synthetic import synthetic_cohort

ZONES = ["Europe/Paris", "America/Montreal", "Asia/Kolkata", "Pacific/Auckland", "UTC"]
LANGUAGES = ["fr", "en", "ar"]
TAGS = ["anxiety", "grief", "school", "moving", "work"]
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

interval = st.builds(lambda day, start, length: WeeklyInterval(day, start * 60,
                                                               min(start + length, 24) * 60),
                     st.integers(0, 6), st.sampled_from([0, 8, 17, 18, 19, 22, 23]),
                     st.integers(1, 3))
common = {
    "languages": st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=2, unique=True),
    "timezone": st.sampled_from(ZONES),
    "availability": st.lists(interval, min_size=1, max_size=3),
    "experiences": st.lists(st.sampled_from(TAGS), max_size=3, unique=True),
    "age": st.one_of(st.none(), st.integers(14, 40)),
    "gender": st.sampled_from([None, "f", "m"]),
}
mentees = st.lists(st.builds(Mentee, id=st.just("x"), goals=st.lists(st.sampled_from(TAGS),
                                                                      max_size=2, unique=True),
                             minor=st.booleans(), mentor_gender=st.sampled_from(["f", "m"]),
                             mentor_gender_required=st.booleans(),
                             waiting_days=st.integers(0, 120), **common),
                   min_size=1, max_size=6)
mentors = st.lists(st.builds(Mentor, id=st.just("x"), topics=st.lists(st.sampled_from(TAGS),
                                                                       max_size=2, unique=True),
                             capacity=st.integers(0, 2), load=st.integers(0, 1),
                             minors_ok=st.booleans(), **common),
                   min_size=1, max_size=4)


def renamed(people, prefix):
    return [type(p)(**{**p.__dict__, "id": f"{prefix}{k}"}) for k, p in enumerate(people)]


@st.composite
def cohorts(draw):
    young = renamed(draw(mentees), "e")
    old = renamed(draw(mentors), "m")
    pairs = [(e.id, m.id) for e in young for m in old]
    excluded = draw(st.lists(st.sampled_from(pairs), max_size=2, unique=True))
    mode = draw(st.sampled_from(["most_matched", "best_total"]))
    session = draw(st.sampled_from([30, 60, 90]))
    return cohort(young, old, excluded=excluded, mode=mode, session_minutes=session)


def utc_minutes(person):
    """Independent conversion: every local minute mapped through zoneinfo, modulo the week."""
    zone, start = ZoneInfo(person.timezone), datetime.combine(REFERENCE_WEEK, datetime.min.time())
    week_start = start.replace(tzinfo=UTC)
    minutes = set()
    for item in person.availability:
        first = (start + timedelta(days=item.day, minutes=item.start)).replace(tzinfo=zone)
        last = (start + timedelta(days=item.day, minutes=item.end)).replace(tzinfo=zone)
        begin = int((first.astimezone(UTC) - week_start).total_seconds() // 60)
        end = int((last.astimezone(UTC) - week_start).total_seconds() // 60)
        minutes.update(minute % 10080 for minute in range(begin, end))
    return minutes


def has_window(minutes, length):
    """True if some run of `length` consecutive minutes (wrapping) is in the set."""
    return any(all((start + k) % 10080 in minutes for k in range(length))
               for start in minutes if (start - 1) % 10080 not in minutes or len(minutes) == 10080)


def independently_feasible(group, mentee, mentor):
    """Re-check every hard rule without the library's vectorised code."""
    if not set(mentee.languages) & set(mentor.languages):
        return False
    if (mentee.id, mentor.id) in group.excluded or mentor.capacity - mentor.load <= 0:
        return False
    if mentee.minor and not mentor.minors_ok:
        return False
    if mentee.mentor_gender_required and mentor.gender != mentee.mentor_gender:
        return False
    return has_window(utc_minutes(mentee) & utc_minutes(mentor), group.rules.session_minutes)


def networkx_optimum(group):
    """(pairs, total score units) from networkx on mentor slots, with the mode's objective."""
    graph = nx.Graph()
    for mentee in group.mentees:
        for mentor in group.mentors:
            if not independently_feasible(group, mentee, mentor):
                continue
            units = round(score_pair(group, mentee.id, mentor.id).score * SCORE_SCALE)
            for slot in range(mentor.capacity - mentor.load):
                graph.add_edge(("e", mentee.id), ("m", mentor.id, slot), weight=units)
    most = group.rules.mode == "most_matched"
    matching = nx.max_weight_matching(graph, maxcardinality=most)
    total = sum(graph.edges[edge]["weight"] for edge in matching)
    return len(matching), total


@SETTINGS
@given(cohorts())
def test_solution_is_optimal_and_respects_every_hard_rule(group):
    result = solve(group)
    people = {p.id: p for p in group.mentees + group.mentors}
    load = {}
    for pair in result.pairs:
        assert independently_feasible(group, people[pair.mentee], people[pair.mentor])
        assert pair.feasible and not pair.violations
        load[pair.mentor] = load.get(pair.mentor, 0) + 1
    for mentor in group.mentors:
        assert load.get(mentor.id, 0) <= max(mentor.capacity - mentor.load, 0)
    assert len({pair.mentee for pair in result.pairs}) == len(result.pairs)
    count, total = networkx_optimum(group)
    ours = sum(round(pair.score * SCORE_SCALE) for pair in result.pairs)
    if group.rules.mode == "most_matched":
        assert (len(result.pairs), ours) == (count, total)
    else:
        assert ours == total


@SETTINGS
@given(cohorts())
def test_dense_and_sparse_paths_reach_the_same_optimum(group):
    dense = solve(group, method="dense")
    for keep in (1, 2, 1000):
        for method in ("sparse", "flow"):  # scipy's LAPJVsp, then OR-Tools' min-cost flow
            sparse = solve(group, method=method, candidates_per_mentee=keep)
            assert (sparse.matched, sparse.objective) == (dense.matched, dense.objective)


@SETTINGS
@given(cohorts())
def test_minors_are_never_paired_with_uncleared_mentors(group):
    minors = {m.id for m in group.mentees if m.minor}
    cleared = {m.id for m in group.mentors if m.minors_ok}
    for pair in solve(group).pairs:
        assert pair.mentee not in minors or pair.mentor in cleared


@pytest.mark.parametrize("mode", ["most_matched", "best_total"])
@pytest.mark.parametrize("seed", [0, 1])
def test_certified_pruning_matches_the_dense_optimum_on_medium_cohorts(mode, seed):
    group = synthetic_cohort(300, 110, capacity=2, seed=seed, mode=mode, session_minutes=45)
    dense = solve(group, method="dense")
    for keep in (1, 3):
        for method in ("sparse", "flow"):
            sparse = solve(group, method=method, candidates_per_mentee=keep)
            assert (sparse.matched, sparse.objective) == (dense.matched, dense.objective)
            assert sparse.stats["rounds"] >= 1 and sparse.stats["method"] == method
