"""Frozen input dataclasses: people, programme rules, weights and the cohort."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from numbers import Real
from typing import TYPE_CHECKING

from matching.errors import MatchingInputError
from matching.weekly import MINUTES_PER_DAY, WeeklyInterval, reference_monday, zone

MODES = ("most_matched", "best_total")
TERMS = ("experiences", "goals", "age", "availability", "waiting")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _freeze_strings(obj: object, name: str) -> None:
    """Store a list of strings as a tuple, rejecting anything that is not a string."""
    value = getattr(obj, name)
    if isinstance(value, str) or not isinstance(value, list | tuple | frozenset | set):
        raise MatchingInputError(f"expected a list of strings, got {value!r}", field=name)
    if not all(isinstance(item, str) and item for item in value):
        raise MatchingInputError(f"expected non-empty strings, got {list(value)!r}", field=name)
    # Keep first occurrences in order so results never depend on set iteration order.
    object.__setattr__(obj, name, tuple(dict.fromkeys(value)))


def _check_optional(obj: object, name: str, kind: type, label: str) -> None:
    value = getattr(obj, name)
    if value is not None and not isinstance(value, kind):
        raise MatchingInputError(f"expected {label} or null, got {value!r}", field=name)


def _check_bool(obj: object, name: str) -> None:
    if not isinstance(getattr(obj, name), bool):
        raise MatchingInputError(f"expected true or false, got {getattr(obj, name)!r}",
                                 field=name)


def _check_person(obj: Person) -> None:
    """Validate the fields shared by mentees and mentors."""
    if not isinstance(obj.id, str) or not obj.id:
        raise MatchingInputError(f"expected a non-empty string id, got {obj.id!r}", field="id")
    for name in ("languages", "experiences"):
        _freeze_strings(obj, name)
    try:
        zone(obj.timezone)
    except MatchingInputError as error:
        raise error.within(field_prefix="timezone") from None
    if not isinstance(obj.availability, list | tuple) or not all(
            isinstance(item, WeeklyInterval) for item in obj.availability):
        raise MatchingInputError("expected a list of WeeklyInterval", field="availability")
    object.__setattr__(obj, "availability", tuple(obj.availability))
    if obj.age is not None and not (_is_number(obj.age) and 0 <= obj.age <= 130):
        raise MatchingInputError(f"expected an age between 0 and 130, got {obj.age!r}",
                                 field="age")
    _check_optional(obj, "gender", str, "a string")


class Person:
    """Marker base for mentees and mentors (they share validation, not behaviour)."""

    role = "person"

    if TYPE_CHECKING:  # fields that both dataclasses below declare
        id: str
        timezone: str
        availability: tuple[WeeklyInterval, ...]
        age: float | None

    def _validate(self, extra) -> None:
        try:
            _check_person(self)
            extra()
        except MatchingInputError as error:
            raise error.within(person=f'{self.role} "{getattr(self, "id", "?")}"') from None


@dataclass(frozen=True)
class Mentee(Person):
    """A young person asking for a mentor; availability is local wall time in `timezone`."""

    id: str
    languages: tuple[str, ...]
    timezone: str
    availability: tuple[WeeklyInterval, ...]
    experiences: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    age: float | None = None
    minor: bool = False
    gender: str | None = None
    mentor_gender: str | None = None
    mentor_gender_required: bool = False
    waiting_days: float = 0
    role = "mentee"

    def __post_init__(self) -> None:
        self._validate(self._check_own_fields)

    def _check_own_fields(self) -> None:
        _freeze_strings(self, "goals")
        _check_bool(self, "minor")
        _check_bool(self, "mentor_gender_required")
        _check_optional(self, "mentor_gender", str, "a string")
        if self.mentor_gender_required and self.mentor_gender is None:
            raise MatchingInputError("a required preference needs mentor_gender",
                                     field="mentor_gender")
        if not (_is_number(self.waiting_days) and self.waiting_days >= 0):
            raise MatchingInputError(f"expected a number >= 0, got {self.waiting_days!r}",
                                     field="waiting_days")


@dataclass(frozen=True)
class Mentor(Person):
    """A peer mentor; `load` counts existing matches, fixed pairs come on top of it."""

    id: str
    languages: tuple[str, ...]
    timezone: str
    availability: tuple[WeeklyInterval, ...]
    experiences: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    age: float | None = None
    gender: str | None = None
    capacity: int = 1
    load: int = 0
    minors_ok: bool = False
    role = "mentor"

    def __post_init__(self) -> None:
        self._validate(self._check_own_fields)

    def _check_own_fields(self) -> None:
        _freeze_strings(self, "topics")
        _check_bool(self, "minors_ok")
        for name in ("capacity", "load"):
            value = getattr(self, name)
            if not (_is_int(value) and value >= 0):
                raise MatchingInputError(f"expected an integer >= 0, got {value!r}", field=name)


@dataclass(frozen=True)
class Rules:
    """Programme rules: session length, reference week for time zones, mode and saturations.

    `availability_cap_minutes` is the common time per week that earns the full availability
    term, `waiting_cap_days` the wait that earns the full waiting term, and `age_span_years`
    the age gap at which the age term reaches zero.
    """

    reference_week: date
    session_minutes: int = 60
    mode: str = "most_matched"
    availability_cap_minutes: int = 240
    waiting_cap_days: float = 90
    age_span_years: float = 20

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "reference_week", reference_monday(self.reference_week))
        except MatchingInputError as error:
            raise error.within(person="rules", field_prefix="reference_week") from None
        checks = {
            "session_minutes": _is_int(self.session_minutes)
            and 0 < self.session_minutes <= MINUTES_PER_DAY,
            "mode": self.mode in MODES,
            "availability_cap_minutes": _is_int(self.availability_cap_minutes)
            and self.availability_cap_minutes > 0,
            "waiting_cap_days": _is_number(self.waiting_cap_days) and self.waiting_cap_days > 0,
            "age_span_years": _is_number(self.age_span_years) and self.age_span_years > 0,
        }
        for name, valid in checks.items():
            if not valid:
                expected = " or ".join(MODES) if name == "mode" else "a positive number"
                raise MatchingInputError(f"expected {expected}, got {getattr(self, name)!r}",
                                         person="rules", field=name)


@dataclass(frozen=True)
class Weights:
    """Soft-score weights; shared lived experiences weigh most, as the point of peer support."""

    experiences: float = 3.0
    goals: float = 2.0
    age: float = 1.0
    availability: float = 1.0
    waiting: float = 1.0

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not (_is_number(value) and value >= 0):
                raise MatchingInputError(f"expected a number >= 0, got {value!r}",
                                         person="weights", field=item.name)
        if self.total <= 0:
            raise MatchingInputError("at least one weight must be positive", person="weights")

    @property
    def total(self) -> float:
        """Sum of all weights, the denominator of the total score."""
        return float(sum(getattr(self, name) for name in TERMS))


Pair = tuple[str, str]


@dataclass(frozen=True)
class Cohort:
    """Everything one matching run needs; excluded and fixed pairs are (mentee id, mentor id)."""

    mentees: tuple[Mentee, ...]
    mentors: tuple[Mentor, ...]
    rules: Rules
    weights: Weights = field(default_factory=Weights)
    excluded: tuple[Pair, ...] = ()
    fixed: tuple[Pair, ...] = ()

    def __post_init__(self) -> None:
        for name, kind in (("mentees", Mentee), ("mentors", Mentor)):
            people = tuple(getattr(self, name))
            if not all(isinstance(person, kind) for person in people):
                raise MatchingInputError(f"expected {kind.__name__} objects", field=name)
            _reject_duplicates(people, kind.role)
            object.__setattr__(self, name, people)
        for name in ("excluded", "fixed"):
            object.__setattr__(self, name, self._checked_pairs(name))
        _check_fixed_pairs(self)

    def _checked_pairs(self, name: str) -> tuple[Pair, ...]:
        mentee_ids = {person.id for person in self.mentees}
        mentor_ids = {person.id for person in self.mentors}
        pairs = []
        for index, pair in enumerate(getattr(self, name)):
            where = f"{name}[{index}]"
            if not (isinstance(pair, list | tuple) and len(pair) == 2):
                raise MatchingInputError(f"expected [mentee id, mentor id], got {pair!r}",
                                         field=where)
            if pair[0] not in mentee_ids:
                raise MatchingInputError(f"unknown mentee id {pair[0]!r}", field=where)
            if pair[1] not in mentor_ids:
                raise MatchingInputError(f"unknown mentor id {pair[1]!r}", field=where)
            pairs.append((pair[0], pair[1]))
        return tuple(dict.fromkeys(pairs))


def _reject_duplicates(people: tuple[Person, ...], role: str) -> None:
    seen: set[str] = set()
    for person in people:
        if person.id in seen:
            raise MatchingInputError("duplicate id", person=f'{role} "{person.id}"', field="id")
        seen.add(person.id)


def _check_fixed_pairs(cohort: Cohort) -> None:
    """A mentee can be fixed to one mentor only, and a fixed pair cannot also be excluded."""
    seen: set[str] = set()
    excluded = set(cohort.excluded)
    for index, pair in enumerate(cohort.fixed):
        if pair[0] in seen:
            raise MatchingInputError("mentee is fixed to more than one mentor",
                                     person=f'mentee "{pair[0]}"', field=f"fixed[{index}]")
        if pair in excluded:
            raise MatchingInputError("pair is both fixed and excluded",
                                     person=f'mentee "{pair[0]}"', field=f"fixed[{index}]")
        seen.add(pair[0])
