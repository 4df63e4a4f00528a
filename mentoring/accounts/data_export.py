"""A person's data as they can read it: sections of labelled entries in their language (for the
page) with self-explanatory values (for the JSON file): day names, local times with the zone,
ISO dates. The complete table-by-table export stays in data_rights.export_user_data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import or_, select

from mentoring.accounts.models import User
from mentoring.accounts.zones import place_name
from mentoring.agreements.models import AgreementConfirmation, Goal
from mentoring.core.dates import date_in_words, time_in_words
from mentoring.extensions import db
from mentoring.meetings.models import MeetingSeries
from mentoring.pairing.models import Match
from mentoring.pairing.services import status_label
from mentoring.profiles.models import TagKind, format_minute
from mentoring.profiles.services import availability_of
from mentoring.safety.concerns import category_label
from mentoring.safety.models import CheckIn, Concern

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class Entry:
    key: str  # the JSON name, in English
    label: str  # the words on the page, in the person's language
    text: str  # the value as the person reads it
    value: Any  # the value in the JSON file


@dataclass
class Section:
    key: str
    title: str
    items: list[list[Entry]] = field(default_factory=list)
    empty: str = ""

    def as_json(self) -> list[dict[str, Any]]:
        return [{entry.key: entry.value for entry in item} for item in self.items]


class Reader:
    """Formats values for one person: their language, their time zone."""

    def __init__(self, user: User):
        self.user = user
        self.zone = ZoneInfo(user.timezone)

    def moment(self, key: str, label: str, value: datetime | None,
               pattern: str = "EEEE d MMMM y, HH:mm") -> Entry:
        if value is None:
            return Entry(key, label, "—", None)
        # The page and the file say once which zone their times are in; the value has its offset.
        text = time_in_words(value, pattern, tzinfo=self.zone, locale=self.user.locale)
        return Entry(key, label, text, value.astimezone(self.zone).isoformat(timespec="minutes"))

    @staticmethod
    def day(key: str, label: str, value: date | None) -> Entry:
        if value is None:
            return Entry(key, label, "—", None)
        return Entry(key, label, date_in_words(value), value.isoformat())

    @staticmethod
    def text(key: str, label: str, value: Any) -> Entry:
        if value is None or value == "":
            return Entry(key, label, "—", None)
        if isinstance(value, bool):
            return Entry(key, label, _("yes") if value else _("no"), value)
        return Entry(key, label, str(value), value)


def readable_export(user: User) -> list[Section]:
    """Every section a person can read about themselves, in their language."""
    reader = Reader(user)
    return [_account(user, reader), *_profile(user, reader), _availability(user),
            _matches(user, reader), _sessions(user, reader), _checkins(user, reader),
            _concerns(user, reader), _agreements(user, reader), *_goals(user, reader)]


def export_document(user: User, now: datetime) -> dict[str, Any]:
    """The readable sections as a JSON-ready dictionary, with what they are about."""
    reader = Reader(user)
    return {
        "about": _("Everything the programme holds about you, exported on %(when)s. Times are "
                   "in your time zone (%(zone)s) unless they say otherwise.",
                   when=reader.moment("", "", now).text, zone=user.timezone),
        "exported_at": reader.moment("", "", now).value,
        "time_zone": user.timezone,
        "language": user.locale,
        **{section.key: section.as_json() for section in readable_export(user)},
    }


def _account(user: User, reader: Reader) -> Section:
    return Section("account", _("Your account"), [[
        reader.text("pseudonym", _("Pseudonym"), user.pseudonym),
        reader.text("email", _("E-mail address"), user.email),
        reader.text("role", _("Role"), {"mentee": _("mentee"), "mentor": _("mentor"),
                                        "coordinator": _("coordinator")}[user.role.value]),
        reader.text("language", _("Language"), {"fr": "Français", "en": "English"}.get(
            user.locale, user.locale)),
        Entry("time_zone", _("Time zone"), place_name(user.timezone, user.locale),
              user.timezone),
        reader.text("country", _("Country"), user.country),
        reader.moment("created_at", _("Account created on"), user.created_at),
        reader.moment("consented_at", _("Privacy notice accepted on"), user.consented_at),
        reader.moment("last_seen_at", _("Last visit"), user.last_seen_at),
        reader.text("two_factor", _("Two-step login"), user.totp_enabled_at is not None),
    ]])


def _tags(user: User, kind: TagKind) -> list[str]:
    return [tag.label(user.locale) for tag in user.tags_of(kind)]


def _profile(user: User, reader: Reader) -> list[Section]:
    tags = [reader.text("experiences", _("Experiences"),
                        ", ".join(_tags(user, TagKind.EXPERIENCE))),
            reader.text("topics", _("Topics"), ", ".join(_tags(user, TagKind.TOPIC))),
            reader.text("languages", _("Languages"), ", ".join(_tags(user, TagKind.LANGUAGE)))]
    mentee, mentor = user.mentee_profile, user.mentor_profile
    sections = []
    if mentee is not None:
        sections.append(Section("request", _("Your request for a mentor"), [[
            reader.moment("requested_at", _("Asked on"), mentee.requested_at),
            reader.moment("withdrawn_at", _("Withdrawn on"), mentee.withdrawn_at),
            reader.text("goals", _("What you would like to work on"), mentee.goals_text),
            reader.text("meeting_format", _("How you would like to meet"), mentee.meeting_format),
            reader.text("area", _("Area for meetings in person"), mentee.area),
            reader.text("age_band", _("Age group"), mentee.age_band),
            *tags]]))
    if mentor is not None:
        sections.append(Section("application", _("Your mentor application"), [[
            reader.moment("submitted_at", _("Sent on"), mentor.submitted_at),
            reader.moment("approved_at", _("Approved on"), mentor.approved_at),
            reader.text("story", _("Your story"), mentor.story),
            reader.text("bio", _("Your short presentation"), mentor.bio),
            reader.text("capacity", _("Mentees at a time"), mentor.capacity),
            reader.day("screening_checked_on", _("Background check done on"),
                       mentor.screening_checked_on),
            reader.day("screening_expires_on", _("Check valid until"),
                       mentor.screening_expires_on),
            reader.day("training_completed_on", _("Training completed on"),
                       mentor.training_completed_on),
            *tags]]))
    return sections


def _availability(user: User) -> Section:
    from mentoring.profiles.forms import weekday_choices

    days = dict(weekday_choices())
    zone = place_name(user.timezone, user.locale)
    section = Section("availability", _("Your weekly free times"),
                      empty=_("No free time added."))
    for interval in availability_of(user):
        start, end = format_minute(interval.start_minute), format_minute(interval.end_minute)
        section.items.append([
            Entry("day", _("Day"), str(days[interval.weekday]), DAY_NAMES[interval.weekday]),
            Entry("from", _("From"), start, start),
            Entry("to", _("To"), end, end),
            Entry("time_zone", _("Time zone"), zone, user.timezone),
        ])
    return section


def _matches_of(user: User) -> list[Match]:
    return list(db.session.scalars(select(Match).where(
        or_(Match.mentee_id == user.id, Match.mentor_id == user.id)).order_by(Match.created_at)))


def _matches(user: User, reader: Reader) -> Section:
    section = Section("matches", _("Your matches"), empty=_("No match yet."))
    for match in _matches_of(user):
        other = match.other_party(user)
        name = other.pseudonym if match.shows_other_party_to(user) \
            else _("not shown before you both agree")
        section.items.append([
            reader.text("with", _("With"), name),
            Entry("status", _("Status"), status_label(match.status), match.status.value),
            reader.moment("proposed_at", _("Proposed on"), match.created_at),
            reader.moment("started_at", _("Started on"), match.activated_at),
            reader.moment("ended_at", _("Ended on"), match.ended_at),
        ])
    return section


def _sessions(user: User, reader: Reader) -> Section:
    section = Section("sessions", _("Your sessions"), empty=_("No session planned."))
    matches = [m for m in _matches_of(user) if m.meetings_open_to(user)]
    series = db.session.scalars(select(MeetingSeries).where(
        MeetingSeries.match_id.in_([m.id for m in matches]))).all() if matches else []
    occurrences = sorted((o for s in series for o in s.occurrences), key=lambda o: o.start_at)
    for occurrence in occurrences:
        section.items.append([
            reader.moment("starts_at", _("Starts"), occurrence.start_at),
            reader.moment("ends_at", _("Ends"), occurrence.end_at, "HH:mm"),
            Entry("status", _("Status"), _occurrence_status(occurrence.status.value),
                  occurrence.status.value),
            reader.text("place", _("Place"), occurrence.series.location),
            reader.text("video_link", _("Video link"), occurrence.series.video_url),
        ])
    return section


def _occurrence_status(value: str) -> str:
    return {"scheduled": _("planned"), "cancelled": _("cancelled"),
            "moved": _("moved")}.get(value, value)


def _checkins(user: User, reader: Reader) -> Section:
    section = Section("checkins", _("Your check-ins after sessions"), empty=_("No check-in."))
    for checkin in db.session.scalars(select(CheckIn).where(CheckIn.user_id == user.id)
                                      .order_by(CheckIn.created_at)):
        section.items.append([
            reader.moment("answered_at", _("Answered on"), checkin.created_at),
            reader.text("took_place", _("The session took place"), checkin.took_place),
            reader.text("helpfulness", _("How helpful (1 to 5)"), checkin.helpfulness),
            reader.text("comment", _("Your comment"), checkin.comment),
            reader.text("felt_unsafe", _("You felt unsafe"), checkin.feels_unsafe),
        ])
    return section


def _concerns(user: User, reader: Reader) -> Section:
    section = Section("concerns", _("Problems you reported"), empty=_("No problem reported."))
    for concern in db.session.scalars(select(Concern).where(Concern.reporter_id == user.id)
                                      .order_by(Concern.created_at)):
        section.items.append([
            reader.moment("reported_at", _("Reported on"), concern.created_at),
            Entry("category", _("Kind"), category_label(concern.category),
                  concern.category.value),
            reader.text("text", _("What you wrote"), concern.text),
            reader.moment("acknowledged_at", _("Read by a coordinator on"),
                          concern.acknowledged_at),
        ])
    return section


def _agreements(user: User, reader: Reader) -> Section:
    section = Section("agreements", _("Match agreements you confirmed"),
                      empty=_("No agreement confirmed."))
    for confirmation in db.session.scalars(
            select(AgreementConfirmation).where(AgreementConfirmation.user_id == user.id)
            .order_by(AgreementConfirmation.confirmed_at)):
        section.items.append([
            reader.moment("confirmed_at", _("Confirmed on"), confirmation.confirmed_at),
            reader.text("version", _("Version"), confirmation.version.number),
            reader.text("rhythm", _("How often"),
                        confirmation.rhythm.label if confirmation.rhythm else None),
            reader.text("minutes", _("Minutes a session"), confirmation.minutes),
            reader.text("text", _("The text you confirmed"), confirmation.text),
        ])
    return section


def _goals(user: User, reader: Reader) -> list[Section]:
    """The shared goals of the person's matches (both people read them) and their notes."""
    goals = Section("goals", _("Shared goals"), empty=_("No shared goal."))
    notes = Section("goal_notes", _("Progress notes on shared goals"), empty=_("No note."))
    match_ids = [m.id for m in _matches_of(user) if m.meetings_open_to(user)]
    found = db.session.scalars(select(Goal).where(Goal.match_id.in_(match_ids))
                               .order_by(Goal.created_at)).all() if match_ids else []
    for goal in found:
        goals.items.append([
            reader.text("title", _("Goal"), goal.title),
            Entry("status", _("Status"), goal.status.label, goal.status.value),
            reader.text("suggested_by_mentor", _("Suggested by the mentor"),
                        goal.author_id != goal.mentee_id),
            reader.text("decision", _("Decision"), goal.decision.value),
            reader.moment("created_at", _("Written on"), goal.created_at),
        ])
        for note in goal.notes:
            notes.items.append([
                reader.text("goal", _("Goal"), goal.title),
                reader.moment("written_at", _("Written on"), note.created_at),
                reader.text("by_you", _("Written by you"), note.author_id == user.id),
                reader.text("text", _("Note"), note.text),
            ])
    return [goals, notes]
