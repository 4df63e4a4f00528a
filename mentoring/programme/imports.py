"""CSV import of participants: every row is parsed and checked first, then all are written or none.

The parsing functions are pure (they receive the known tags and registered addresses); one service,
`import_participants`, creates the accounts, profiles, tags and availability in the caller's
transaction. The column format is described in docs/import.md.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func

from matching.errors import MatchingInputError
from matching.weekly import WeeklyInterval, parse_clock, parse_day
from mentoring.accounts.models import Role, User
from mentoring.accounts.pseudonyms import pseudonym_problem
from mentoring.accounts.services import is_known_timezone
from mentoring.core.audit import record
from mentoring.errors import DomainError
from mentoring.extensions import db
from mentoring.profiles import services as availability
from mentoring.profiles.models import SLOT_MINUTES, MenteeProfile, MentorProfile, Tag, TagKind
from mentoring.profiles.requests import (
    ApplicationAnswers,
    RequestAnswers,
    submit_application,
    submit_request,
)

COLUMNS = ("role", "email", "pseudonym", "language", "timezone", "languages", "experiences",
           "topics", "availability", "age", "capacity", "minors_ok", "format")
REQUIRED_COLUMNS = ("role", "email", "pseudonym", "timezone", "languages", "age")
MAX_ROWS = 500
ROLES = {"mentee": Role.MENTEE, "mentor": Role.MENTOR}
LOCALES = {"": "fr", "fr": "fr", "en": "en"}
FORMATS = {"": "video", "video": "video", "phone": "phone", "in_person": "in_person"}
YES_NO = {**dict.fromkeys(("yes", "y", "true", "1", "oui", "o"), True),
          **dict.fromkeys(("", "no", "n", "false", "0", "non"), False)}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Not an argon2 hash: no password can match it until the person chooses one by "forgot password".
UNUSABLE_PASSWORD_PREFIX = "!imported!"


class FileTooLarge(DomainError):
    status_code = 413


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    problem: str

    @property
    def message(self) -> str:
        return _("Row %(row)d, column “%(column)s”: %(problem)s", row=self.row,
                 column=self.column, problem=self.problem)


@dataclass(frozen=True)
class ParticipantRow:
    row: int
    role: Role
    email: str
    pseudonym: str
    language: str  # of the interface and e-mails
    timezone: str
    languages: tuple[str, ...]
    experiences: tuple[str, ...]
    topics: tuple[str, ...]
    availability: tuple[WeeklyInterval, ...]
    age: int
    capacity: int
    minors_ok: bool
    format: str  # mentees' meeting format


@dataclass
class ImportPreview:
    rows: list[ParticipantRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    def errors_of(self, row: int) -> list[RowError]:
        return [e for e in self.errors if e.row == row]


class _Problem(ValueError):
    """One cell's problem, turned into a RowError by the row parser."""


def decode_upload(data: bytes, max_bytes: int) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark) and at most `max_bytes`."""
    if len(data) > max_bytes:
        raise FileTooLarge(_("The file is too large (at most %(size)d kB).",
                             size=max_bytes // 1000))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError(_("The file must be saved as UTF-8 text (CSV).")) from error
    if "\x00" in text:  # PostgreSQL text cannot hold it; a spreadsheet never writes it
        raise DomainError(_("The file contains a NUL character, so it is not a plain CSV text "
                            "file. Save it again as CSV (UTF-8) and retry."))
    return text


def _choice(value: str, choices: dict[str, object], problem: str) -> object:
    if value.lower() not in choices:
        raise _Problem(problem)
    return choices[value.lower()]


def _email(value: str) -> str:
    if len(value) > 254 or not EMAIL.match(value):
        raise _Problem(_("this is not an e-mail address."))
    return User.normalise_email(value)


def _pseudonym(value: str) -> str:
    problem = pseudonym_problem(value)  # exactly the rule sign-up applies
    if problem:
        raise _Problem(problem)
    return value


def _timezone(value: str) -> str:
    if not is_known_timezone(value):
        raise _Problem(_("unknown time zone “%(zone)s” (example: Europe/Paris).", zone=value))
    return value


def _tags(value: str, known: set[str], required: bool = False) -> tuple[str, ...]:
    slugs = [part.strip().lower() for part in value.split("|") if part.strip()]
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise _Problem(_("unknown tag “%(slug)s”.", slug=unknown[0]))
    if required and not slugs:
        raise _Problem(_("give at least one language."))
    return tuple(dict.fromkeys(slugs))


def _interval(text: str) -> WeeklyInterval:
    day, _sep, span = text.strip().partition(" ")
    start, _dash, end = span.strip().partition("-")
    try:
        interval = WeeklyInterval(parse_day(day), parse_clock(start.strip()),
                                  parse_clock(end.strip()))
    except MatchingInputError as error:
        raise _Problem(_("“%(slot)s” is not a slot such as “tue 18:00-20:00”.",
                         slot=text.strip())) from error
    if interval.start % SLOT_MINUTES or interval.end % SLOT_MINUTES:
        raise _Problem(_("“%(slot)s”: times must be on the quarter hour.", slot=text.strip()))
    return interval


def _availability(value: str) -> tuple[WeeklyInterval, ...]:
    return tuple(_interval(part) for part in value.split("|") if part.strip())


def _number(value: str, low: int, high: int) -> int:
    if not re.fullmatch(r"\d{1,3}", value) or not low <= int(value) <= high:
        raise _Problem(_("write a whole number from %(low)d to %(high)d.", low=low, high=high))
    return int(value)


def _parse_row(number: int, cells: dict[str, str], known: dict[TagKind, set[str]],
               errors: list[RowError]) -> ParticipantRow | None:
    values: dict[str, Any] = {"capacity": 1}  # each cell checked by its parser below
    before = len(errors)

    def cell(column: str, parse, *args):
        try:
            values[column] = parse(cells.get(column, ""), *args)
        except _Problem as problem:
            errors.append(RowError(number, column, str(problem)))

    for column, parse in (("email", _email), ("pseudonym", _pseudonym),
                          ("timezone", _timezone), ("availability", _availability)):
        cell(column, parse)
    cell("role", _choice, ROLES, _("write mentee or mentor."))
    cell("language", _choice, LOCALES, _("write fr or en."))
    cell("minors_ok", _choice, YES_NO, _("write yes or no."))
    cell("format", _choice, FORMATS, _("write video, phone or in_person."))
    cell("languages", _tags, known[TagKind.LANGUAGE], True)
    cell("experiences", _tags, known[TagKind.EXPERIENCE])
    cell("topics", _tags, known[TagKind.TOPIC])
    is_mentor = values.get("role") is Role.MENTOR
    cell("age", _number, 18 if is_mentor else 11, 99)
    if is_mentor and cells.get("capacity"):
        cell("capacity", _number, 1, 5)
    if len(errors) > before:
        return None
    return ParticipantRow(row=number, **values)


def _records(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (lower-cased) and the non-blank records, numbered as a spreadsheet shows them."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
        reader.fieldnames = header
        records = [(number, {k: (v or "").strip() for k, v in raw.items() if k})
                   for number, raw in enumerate(reader, start=2)]
    except csv.Error as error:  # a cell beyond csv.field_size_limit(), or a broken quote
        raise DomainError(_("The file could not be read as CSV near line %(line)d: a cell is "
                            "far too long or a quote is not closed.",
                            line=reader.line_num)) from error
    return header, [(number, cells) for number, cells in records if any(cells.values())]


def file_emails(text: str) -> set[str]:
    return {User.normalise_email(cells.get("email", "")) for _n, cells in _records(text)[1]}


def parse_participants(text: str, known: dict[TagKind, set[str]],
                       registered: set[str]) -> ImportPreview:
    """Parse the file and check every row; `registered` holds addresses that have accounts."""
    preview = ImportPreview()
    header, records = _records(text)
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        preview.errors.append(RowError(1, missing[0], _("this column is missing.")))
    elif len(records) > MAX_ROWS:
        preview.errors.append(RowError(records[MAX_ROWS][0], "", _(
            "at most %(count)d people per file.", count=MAX_ROWS)))
    elif not records:
        preview.errors.append(RowError(2, "", _("the file has no participants.")))
    if preview.errors:
        return preview
    first_row_of: dict[str, int] = {}
    for number, cells in records:
        row = _parse_row(number, cells, known, preview.errors)
        email = User.normalise_email(cells.get("email", ""))
        if email in first_row_of:
            preview.errors.append(RowError(number, "email", _(
                "this address is already on row %(row)d.", row=first_row_of[email])))
        elif email in registered:
            preview.errors.append(RowError(number, "email", _(
                "this address already has an account.")))
        first_row_of.setdefault(email, number)
        if row is not None:
            preview.rows.append(row)
    return preview


def preview_import(text: str) -> ImportPreview:
    """Parse the file against the current tags and accounts."""
    known: dict[TagKind, set[str]] = {kind: set() for kind in TagKind}
    for kind, slug in db.session.execute(db.select(Tag.kind, Tag.slug)):
        known[kind].add(slug)
    emails = file_emails(text)
    registered = set(db.session.scalars(db.select(func.lower(User.email))
                                        .where(func.lower(User.email).in_(emails))))
    return parse_participants(text, known, registered)


def import_participants(actor: User, text: str, now: datetime, *, consent_age: int,
                        consent_version: str) -> list[User]:
    """Create every participant of a valid file, or raise and create nobody."""
    preview = preview_import(text)
    if not preview.is_valid:
        raise DomainError(_("The file has errors: nobody was imported."))
    tag_ids = {(kind, slug): tag_id for tag_id, kind, slug
               in db.session.execute(db.select(Tag.id, Tag.kind, Tag.slug))}
    people = []
    for row in preview.rows:
        try:
            people.append(_create(row, tag_ids, now, consent_age, consent_version))
        except DomainError as error:
            raise DomainError(_("Row %(row)d: %(problem)s", row=row.row,
                                problem=error.message)) from error
        record(actor=actor, action="participant_imported", subject_type=row.role.value,
               subject_id=people[-1].id, now=now)
    db.session.flush()
    return people


def _create(row: ParticipantRow, tag_ids: dict, now: datetime, consent_age: int,
            consent_version: str) -> User:
    user = User(email=row.email, pseudonym=row.pseudonym, role=row.role, locale=row.language,
                timezone=row.timezone, created_at=now, consent_version=consent_version,
                consented_at=now,
                password_hash=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(24))
    db.session.add(user)
    profile_class = MenteeProfile if row.role is Role.MENTEE else MentorProfile
    db.session.add(profile_class(user=user, created_at=now))
    db.session.flush()

    def ids(kind: TagKind, slugs: tuple[str, ...]) -> list[int]:
        return [tag_ids[(kind, slug)] for slug in slugs]

    languages = ids(TagKind.LANGUAGE, row.languages)
    experiences, topics = ids(TagKind.EXPERIENCE, row.experiences), ids(TagKind.TOPIC, row.topics)
    if row.role is Role.MENTEE:
        submit_request(user, RequestAnswers(
            goal_ids=topics, goals_text=None, experience_ids=experiences,
            language_ids=languages, meeting_format=row.format, area=None, age=row.age,
            gender=None, mentor_gender=None, mentor_gender_required=False,
            timezone=row.timezone), now, consent_age)
    else:
        submit_application(user, ApplicationAnswers(
            experience_ids=experiences, story="", topic_ids=topics, language_ids=languages,
            bio="", age=row.age, gender=None, capacity=row.capacity,
            wants_minors=row.minors_ok, timezone=row.timezone), now)
    for interval in row.availability:
        availability.add_availability(user, interval.day, interval.start, interval.end)
    return user
