"""Translate the matcher's explanation parts (codes + parameters) into the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from mentoring.extensions import db
from mentoring.profiles.models import Tag


def tag_labels(locale: str) -> dict[str, str]:
    """Slug → label in `locale`, for every tag (slugs are unique enough across kinds here)."""
    return {tag.slug: tag.label(locale) for tag in db.session.scalars(db.select(Tag))}


def _days(days) -> str:
    names = [_("Mondays"), _("Tuesdays"), _("Wednesdays"), _("Thursdays"), _("Fridays"),
             _("Saturdays"), _("Sundays")]
    return ", ".join(names[d] for d in days)


def _duration(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return _("%(hours)d h %(minutes)d min", hours=hours, minutes=rest)
    return _("%(hours)d h", hours=hours) if hours else _("%(minutes)d min", minutes=rest)


def _part_of_day(name: str) -> str:
    return {"morning": _("mornings"), "afternoon": _("afternoons"), "evening": _("evenings"),
            "night": _("nights")}.get(name, name)


def render_part(part: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    code = part["code"]
    names = ", ".join(labels.get(t, t) for t in part.get("tags", part.get("languages", ())))
    count = part.get("count", 0)
    candidates = part.get("candidates", 0)
    if code == "shared_experiences":
        return ngettext("%(num)d shared experience: %(names)s",
                        "%(num)d shared experiences: %(names)s", count, names=names)
    if code == "goals_covered":
        return ngettext("%(num)d goal the mentor can help with: %(names)s",
                        "%(num)d goals the mentor can help with: %(names)s", count, names=names)
    if code == "common_hours":
        when = _duration(part["minutes_per_week"])
        days = _days(part.get("days", ()))
        if days:
            return _("%(time)s a week in common (%(days)s, %(part)s)", time=when, days=days,
                     part=_part_of_day(part.get("part_of_day", "")))
        return _("%(time)s a week in common", time=when)
    if code == "shared_language":
        return _("both speak %(languages)s", languages=names)
    if code == "age_gap":
        years = part["years"]
        if years == 0:
            return _("same age group")
        return ngettext("%(num)d year apart in age", "%(num)d years apart in age", years)
    if code == "waiting":
        return ngettext("waiting for %(num)d day", "waiting for %(num)d days", part["days"])
    if code == "no_mentors":
        return _("there are no available mentors in this round")
    if code == "no_shared_language":
        return _("no mentor shares a language")
    if code == "no_common_availability":
        return ngettext(
            "the %(num)d mentor who shares a language has no common weekly time of %(time)s",
            "none of the %(num)d mentors who share a language has a common weekly time of "
            "%(time)s", candidates, time=_duration(part.get("session_minutes", 45)))
    if code == "minor_needs_cleared_mentor":
        return ngettext(
            "the %(num)d mentor with a shared language and common time is not cleared to "
            "mentor minors",
            "none of the %(num)d mentors with a shared language and common time is cleared to "
            "mentor minors", candidates)
    if code == "required_gender_preference":
        return _("no remaining mentor matches the required mentor gender")
    if code == "excluded":
        return ngettext("the %(num)d mentor who would fit is excluded for this mentee",
                        "the %(num)d mentors who would fit are excluded for this mentee",
                        candidates)
    if code == "no_capacity":
        return ngettext("the %(num)d mentor who would fit has no place left",
                        "the %(num)d mentors who would fit have no place left", candidates)
    if code == "feasible_mentors_taken":
        return ngettext(
            "the %(num)d mentor who would fit went to another mentee, which served more people "
            "or scored higher overall",
            "the %(num)d mentors who would fit went to other mentees, which served more people "
            "or scored higher overall", candidates)
    return code


def render_explanation(parts, labels: Mapping[str, str]) -> str:
    return " · ".join(render_part(part, labels) for part in parts or ())


def shared_tags(parts, labels: Mapping[str, str]) -> list[str]:
    """The shared experiences named in an explanation, as labels (for the mentee's page)."""
    for part in parts or ():
        if part.get("code") == "shared_experiences":
            return [labels.get(t, t) for t in part.get("tags", ())]
    return []
