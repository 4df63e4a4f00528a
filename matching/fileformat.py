"""The JSON file interface: load a cohort from plain data, dump a result as plain data."""

from __future__ import annotations

from typing import Any

import numpy as np

from matching.candidates import scan
from matching.errors import MatchingInputError
from matching.features import encode
from matching.model import Cohort, Mentee, Mentor, Rules, Weights
from matching.results import Assignment, PairScore
from matching.scoring import SCORE_SCALE, ScoringContext
from matching.weekly import parse_interval

_SHARED_FIELDS = {"id", "languages", "experiences", "timezone", "availability", "age", "gender"}
_FIELDS = {
    Mentee: _SHARED_FIELDS | {"goals", "minor", "mentor_gender", "mentor_gender_required",
                              "waiting_days"},
    Mentor: _SHARED_FIELDS | {"topics", "capacity", "load", "minors_ok"},
}
_RULE_FIELDS = {"session_minutes", "reference_week", "mode", "availability_cap_minutes",
                "waiting_cap_days", "age_span_years"}
_WEIGHT_FIELDS = {"experiences", "goals", "age", "availability", "waiting"}


def _object(value: Any, where: str, allowed: set[str], person: str | None = None) -> dict:
    """Check that `value` is an object with only known keys."""
    if not isinstance(value, dict):
        raise MatchingInputError(f"expected an object, got {type(value).__name__}",
                                 person=person, field=where)
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise MatchingInputError("unknown field", person=person, field=unknown[0])
    return value


def _availability(value: Any, person: str) -> tuple:
    if not isinstance(value, list):
        raise MatchingInputError("expected a list of {day, start, end}", person=person,
                                 field="availability")
    intervals = []
    for index, item in enumerate(value):
        try:
            intervals.append(parse_interval(item))
        except MatchingInputError as error:
            raise error.within(person, f"availability[{index}]") from None
    return tuple(intervals)


def _person(kind: type[Mentee] | type[Mentor], value: Any, index: int):
    """Build a Mentee or Mentor from its JSON object."""
    role = kind.role
    label = f'{role} "{value.get("id")}"' if isinstance(value, dict) else f"{role} #{index + 1}"
    data = dict(_object(value, f"{role}s[{index}]", _FIELDS[kind], label))
    for required in ("id", "languages", "timezone", "availability"):
        if required not in data:
            raise MatchingInputError("missing required field", person=label, field=required)
    data["availability"] = _availability(data["availability"], label)
    return kind(**data)


def _pairs(data: dict, name: str) -> tuple:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise MatchingInputError("expected a list of [mentee id, mentor id]", field=name)
    return tuple(tuple(pair) if isinstance(pair, list) else pair for pair in value)


def load_cohort(data: dict) -> Cohort:
    """Build a validated Cohort from the documented JSON structure (already parsed)."""
    _object(data, "cohort", {"rules", "weights", "mentees", "mentors", "excluded", "fixed"})
    if "rules" not in data:
        raise MatchingInputError("missing required field", field="rules")
    rules_data = _object(data["rules"], "rules", _RULE_FIELDS, "rules")
    if "reference_week" not in rules_data:
        raise MatchingInputError("missing required field", person="rules",
                                 field="reference_week")
    rules = Rules(**rules_data)
    weights = Weights(**{key: float(value) if isinstance(value, int) and not isinstance(
        value, bool) else value for key, value in _object(
        data.get("weights", {}), "weights", _WEIGHT_FIELDS, "weights").items()})
    people = {}
    for kind in (Mentee, Mentor):
        listed = data.get(f"{kind.role}s", [])
        if not isinstance(listed, list):
            raise MatchingInputError("expected a list", field=f"{kind.role}s")
        people[kind] = tuple(_person(kind, item, index) for index, item in enumerate(listed))
    return Cohort(people[Mentee], people[Mentor], rules, weights,
                  _pairs(data, "excluded"), _pairs(data, "fixed"))


def feasible_pairs(cohort: Cohort) -> list[dict[str, Any]]:
    """Every feasible (mentee, mentor) pair with its score, in input order."""
    ctx = ScoringContext.build(encode(cohort), cohort.rules, cohort.weights)
    mentors = np.flatnonzero(ctx.features.remaining > 0)
    found = scan(ctx, np.arange(len(cohort.mentees)), mentors, keep=None)
    order = np.lexsort((found.cols, found.rows))
    return [{"mentee": cohort.mentees[row].id, "mentor": cohort.mentors[col].id,
             "score": score / SCORE_SCALE}
            for row, col, score in zip(found.rows[order].tolist(), found.cols[order].tolist(),
                                       found.scores[order].tolist(), strict=True)]


def _pair(pair: PairScore) -> dict[str, Any]:
    item = {"mentee": pair.mentee, "mentor": pair.mentor, "score": pair.score,
            "terms": dict(pair.terms), "explanation": pair.explanation.text,
            "explanation_parts": list(pair.explanation.parts), "fixed": pair.fixed}
    if pair.violations:
        item["violations"] = list(pair.violations)
    return item


def dump_result(assignment: Assignment, feasible: list[dict] | None = None) -> dict[str, Any]:
    """Plain-data form of an assignment (the CLI's JSON output); timings are left out."""
    result: dict[str, Any] = {
        "mode": assignment.mode,
        "objective": assignment.objective,
        "matched": assignment.matched,
        "pairs": [_pair(pair) for pair in assignment.pairs],
        "unmatched": [{
            "mentee": item.mentee,
            "reasons": list(item.reasons.parts),
            "explanation": item.reasons.text,
            "nearest_alternative": None if item.nearest is None else {
                "mentor": item.nearest.mentor, "score": item.nearest.score,
                "feasible": item.nearest.feasible, "violations": list(item.nearest.violations),
                "explanation": item.nearest.explanation.text},
        } for item in assignment.unmatched],
        "solver": {key: assignment.stats.get(key) for key in
                   ("method", "rounds", "candidate_pairs")},
    }
    if feasible is not None:
        result["feasible"] = feasible
    return result
