"""Questionnaire definitions: the shipped WHO-5, a programme's own file, and clear refusals."""

from __future__ import annotations

import json

import pytest

from mentoring.outcomes.definitions import (
    IMPROVED,
    NO_CHANGE,
    WORSENED,
    QuestionnaireError,
    load_all,
)


def test_shipped_who5_has_both_languages_and_scores_by_hand():
    """WHO-5: five items scored 0-5, raw sum × 4 -> 0-100.

    Answers 3, 3, 2, 4, 1 -> raw 13 -> 52. All 5 -> 100. A missing item -> no score.
    """
    who5 = load_all()["who5"]
    assert len(who5.items) == 5
    assert all(item.text["fr"] and item.text["en"] for item in who5.items)
    assert [c.value for c in who5.scale] == [5, 4, 3, 2, 1, 0]
    answers = dict(zip([i.id for i in who5.items], [3, 3, 2, 4, 1], strict=True))
    assert who5.score(answers) == 52
    assert who5.score({i.id: 5 for i in who5.items}) == 100
    assert who5.score({**answers, "calm": None}) is None  # type: ignore[dict-item]
    assert who5.score({**answers, "calm": 9}) is None
    assert who5.licence and who5.source


def test_reliable_change_uses_the_threshold():
    """Threshold 10 points: 40 -> 52 (+12) improved; 52 -> 44 (-8) no reliable change;
    60 -> 50 (-10, exactly the threshold) worsened."""
    who5 = load_all()["who5"]
    assert who5.change(40, 52) == IMPROVED
    assert who5.change(52, 44) == NO_CHANGE
    assert who5.change(60, 50) == WORSENED


def _measure(**overrides):
    data = {
        "id": "short3", "title": {"en": "Short", "fr": "Court"},
        "items": [{"id": f"q{n}", "text": {"en": f"Item {n}", "fr": f"Question {n}"}}
                  for n in (1, 2, 3)],
        "scale": [{"value": v, "label": {"en": str(v), "fr": str(v)}} for v in (1, 2, 3)],
        "scoring": {"method": "sum", "transform": {str(raw): raw * 10 for raw in range(3, 10)}},
        "reliable_change": 15, "source": "Made up for the test", "licence": "CC0",
    }
    data.update(overrides)
    return data


def test_a_programme_file_in_the_configured_folder_is_picked_up(tmp_path):
    """A transform table maps the raw sum to the score: 1+2+3 = 6 -> 60."""
    (tmp_path / "short3.json").write_text(json.dumps(_measure()), encoding="utf-8")
    found = load_all(tmp_path)
    assert set(found) == {"who5", "short3"}
    assert found["short3"].score({"q1": 1, "q2": 2, "q3": 3}) == 60
    assert found["short3"].change(30, 45) == IMPROVED


@pytest.mark.parametrize(("overrides", "message"), [
    ({"licence": None}, None),
    ({"title": {"en": "Only English"}}, "missing text in fr"),
    ({"scale": [{"value": 1, "label": {"en": "a", "fr": "a"}}]}, "at least two choices"),
    ({"reliable_change": 0}, "positive number"),
    ({"scoring": {"method": "mean"}}, "must be \"sum\""),
    ({"scoring": {"method": "sum", "transform": {"3": 1}}}, "has no score for"),
    ({"id": "who5"}, "is taken"),
])
def test_a_wrong_definition_is_refused_with_a_clear_sentence(tmp_path, overrides, message):
    data = _measure(**overrides)
    if overrides == {"licence": None}:
        del data["licence"]
        message = "missing field 'licence'"
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=message) as raised:
        load_all(tmp_path)
    assert "bad.json" in str(raised.value)


def test_broken_json_names_the_file(tmp_path):
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="broken.json: not readable JSON"):
        load_all(tmp_path)
