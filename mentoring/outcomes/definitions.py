"""Questionnaire definitions: JSON files, shipped under questionnaires/ and added by a programme.

A programme adds its own licensed measure by dropping a JSON file in the folder named by
MENTORING_QUESTIONNAIRE_DIR (docs/outcomes.md gives the format). Every file is checked when it is
loaded; a wrong file stops with a QuestionnaireError naming the file and the field, never later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).resolve().parent / "questionnaires"
LANGUAGES = ("en", "fr")
IMPROVED, WORSENED, NO_CHANGE = "improved", "worsened", "no_reliable_change"


class QuestionnaireError(ValueError):
    """A definition file that cannot be used (the message names the file and the field)."""


@dataclass(frozen=True)
class Item:
    id: str
    text: dict[str, str]


@dataclass(frozen=True)
class Choice:
    value: int
    label: dict[str, str]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    title: dict[str, str]
    intro: dict[str, str]
    items: tuple[Item, ...]
    scale: tuple[Choice, ...]
    multiply: float
    transform: dict[int, float] | None  # raw sum -> reported score (e.g. SWEMWBS metric table)
    higher_is_better: bool
    reliable_change: float
    source: str
    licence: str

    def text(self, field: dict[str, str], language: str) -> str:
        return field.get(language) or field["en"]

    def score(self, answers: dict[str, int]) -> float | None:
        """The reported score, or None when an item was left unanswered."""
        allowed = {choice.value for choice in self.scale}
        values = [answers.get(item.id) for item in self.items]
        if any(value is None or value not in allowed for value in values):
            return None
        raw = sum(v for v in values if v is not None)
        if self.transform is not None:
            return self.transform[raw]
        return raw * self.multiply

    def change(self, first: float, latest: float) -> str:
        """improved, worsened or no_reliable_change: a difference of at least the threshold."""
        difference = latest - first if self.higher_is_better else first - latest
        if difference >= self.reliable_change:
            return IMPROVED
        if difference <= -self.reliable_change:
            return WORSENED
        return NO_CHANGE


def _languages(where: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise QuestionnaireError(f"{where}: expected an object with the languages {LANGUAGES}")
    missing = [lang for lang in LANGUAGES if not isinstance(value.get(lang), str)
               or not value[lang].strip()]
    if missing:
        raise QuestionnaireError(f"{where}: missing text in {', '.join(missing)}")
    return {lang: value[lang] for lang in LANGUAGES}


def parse(data: Any, name: str) -> Questionnaire:
    """One definition from its decoded JSON; QuestionnaireError says what is wrong."""
    if not isinstance(data, dict):
        raise QuestionnaireError(f"{name}: the file must hold one JSON object")
    for key in ("id", "title", "items", "scale", "scoring", "reliable_change", "source",
                "licence"):
        if key not in data:
            raise QuestionnaireError(f"{name}: missing field {key!r}")
    if not isinstance(data["id"], str) or not data["id"].isidentifier():
        raise QuestionnaireError(f"{name}: 'id' must be a short name of letters, digits and _")
    items = data["items"]
    if not isinstance(items, list) or not items:
        raise QuestionnaireError(f"{name}: 'items' must be a non-empty list")
    parsed_items = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise QuestionnaireError(f"{name}: item {index + 1} needs an 'id'")
        parsed_items.append(Item(item["id"], _languages(f"{name}: item {item['id']}",
                                                        item.get("text"))))
    if len({item.id for item in parsed_items}) != len(parsed_items):
        raise QuestionnaireError(f"{name}: two items have the same id")
    scale = data["scale"]
    if not isinstance(scale, list) or len(scale) < 2:
        raise QuestionnaireError(f"{name}: 'scale' must list at least two choices")
    choices = []
    for choice in scale:
        if not isinstance(choice, dict) or not isinstance(choice.get("value"), int):
            raise QuestionnaireError(f"{name}: every choice of 'scale' needs an integer 'value'")
        choices.append(Choice(choice["value"], _languages(f"{name}: scale {choice['value']}",
                                                          choice.get("label"))))
    scoring = data["scoring"]
    if not isinstance(scoring, dict) or scoring.get("method") != "sum":
        raise QuestionnaireError(f"{name}: 'scoring.method' must be \"sum\"")
    transform = None
    if "transform" in scoring:
        try:
            transform = {int(raw): float(score) for raw, score in scoring["transform"].items()}
        except (AttributeError, TypeError, ValueError) as error:
            raise QuestionnaireError(f"{name}: 'scoring.transform' maps raw sums to scores") \
                from error
        values = [c.value for c in choices]
        sums = range(min(values) * len(parsed_items), max(values) * len(parsed_items) + 1)
        missing = [raw for raw in sums if raw not in transform]
        if missing:
            raise QuestionnaireError(f"{name}: 'scoring.transform' has no score for {missing}")
    threshold = data["reliable_change"]
    if not isinstance(threshold, (int, float)) or threshold <= 0:
        raise QuestionnaireError(f"{name}: 'reliable_change' must be a positive number")
    multiply = scoring.get("multiply", 1)
    if not isinstance(multiply, (int, float)):
        raise QuestionnaireError(f"{name}: 'scoring.multiply' must be a number")
    return Questionnaire(
        id=data["id"], title=_languages(f"{name}: title", data["title"]),
        intro=_languages(f"{name}: intro", data["intro"]) if "intro" in data
        else {lang: "" for lang in LANGUAGES},
        items=tuple(parsed_items), scale=tuple(choices), multiply=float(multiply),
        transform=transform, higher_is_better=bool(scoring.get("higher_is_better", True)),
        reliable_change=float(threshold), source=str(data["source"]),
        licence=str(data["licence"]))


def load_file(path: Path) -> Questionnaire:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise QuestionnaireError(f"{path.name}: not readable JSON ({error})") from error
    return parse(data, path.name)


def load_all(extra_dir: str | Path | None = None) -> dict[str, Questionnaire]:
    """Shipped definitions, then the programme's (a programme file may not reuse a shipped id)."""
    found: dict[str, Questionnaire] = {}
    folders = [SHIPPED] + ([Path(extra_dir)] if extra_dir else [])
    for folder in folders:
        if not folder.is_dir():
            raise QuestionnaireError(f"{folder}: the questionnaire folder does not exist")
        for path in sorted(folder.glob("*.json")):
            questionnaire = load_file(path)
            if questionnaire.id in found:
                raise QuestionnaireError(f"{path.name}: the id {questionnaire.id!r} is taken")
            found[questionnaire.id] = questionnaire
    return found
