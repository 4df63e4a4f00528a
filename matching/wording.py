"""Default English sentences built from structured explanation parts.

The app translates from the part codes and parameters; this text is the fallback and the
wording used in offline audits. Ids (tags, languages) are shown as given unless a label
mapping is passed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PART_OF_DAY_PLURALS = {"morning": "mornings", "afternoon": "afternoons",
                       "evening": "evenings", "night": "nights"}
SEPARATOR = " · "


def _join(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _duration(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def _common_hours(part: Mapping[str, Any], label: Callable[[str], str]) -> str:
    days = _join([DAY_WORDS[day] for day in part["days"]])
    when = f", {days} {PART_OF_DAY_PLURALS[part['part_of_day']]}" if days else ""
    return f"{_duration(part['minutes_per_week'])} a week in common{when}"


def _tags(noun: str, rest: str = "") -> Callable[[Mapping[str, Any], Callable[[str], str]], str]:
    """'2 shared experiences: a, b'; `rest` follows the plural noun ('goals the mentor ...')."""
    def sentence(part: Mapping[str, Any], label: Callable[[str], str]) -> str:
        return f"{_plural(part['count'], noun)}{rest}: {', '.join(map(label, part['tags']))}"
    return sentence


_PHRASES: dict[str, Callable[[Mapping[str, Any], Callable[[str], str]], str]] = {
    "shared_experiences": _tags("shared experience"),
    "goals_covered": _tags("goal", " the mentor can help with"),
    "common_hours": _common_hours,
    "shared_language": lambda p, label: f"both speak {_join(list(map(label, p['languages'])))}",
    "age_gap": lambda p, label: "same age" if p["years"] == 0
    else f"{_plural(p['years'], 'year')} apart in age",
    "waiting": lambda p, label: f"waiting for {_plural(p['days'], 'day')}",
    "no_mentors": lambda p, label: "there are no mentors in this cohort",
    "no_shared_language": lambda p, label: "no mentor shares a language",
    "no_common_availability": lambda p, label:
        f"none of the {_plural(p['candidates'], 'mentor')} sharing a language has a common "
        f"weekly window of {_duration(p['session_minutes'])}",
    "minor_needs_cleared_mentor": lambda p, label:
        f"none of the {_plural(p['candidates'], 'mentor')} with a shared language and common "
        "time is cleared to mentor minors",
    "required_gender_preference": lambda p, label:
        f"none of the {_plural(p['candidates'], 'remaining mentor')} matches the required "
        f"mentor gender ({label(p['gender'])})",
    "excluded": lambda p, label:
        f"the {_plural(p['candidates'], 'mentor')} who would fit "
        f"{'is' if p['candidates'] == 1 else 'are'} excluded for this mentee",
    "no_capacity": lambda p, label:
        f"the {_plural(p['candidates'], 'mentor')} who would fit "
        f"{'has' if p['candidates'] == 1 else 'have'} no place left",
    "feasible_mentors_taken": lambda p, label:
        f"the {_plural(p['candidates'], 'mentor')} who would fit "
        f"{'was' if p['candidates'] == 1 else 'were'} given to other mentees, "
        "which served more people or scored higher overall",
}


def render_part(part: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """English phrase for one part; unknown codes render as the code itself."""
    def label(value: str) -> str:
        return labels.get(value, value) if labels else value

    phrase = _PHRASES.get(part["code"])
    return phrase(part, label) if phrase else part["code"]


def render_english(parts, labels: Mapping[str, str] | None = None) -> str:
    """Join the phrases of all parts with ' · '."""
    return SEPARATOR.join(render_part(part, labels) for part in parts)
