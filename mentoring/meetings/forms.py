"""Meeting forms: a weekly time from the pair's shared slots, cadence, and end; moves."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from mentoring.core.dates import time_in_words
from mentoring.core.fields import BoundedDateField, KeptSelect
from mentoring.meetings.slots import Plan
from mentoring.profiles.models import MINUTES_PER_DAY, SLOT_MINUTES, format_minute


def slot_value(start: datetime) -> str:
    return start.strftime("%Y-%m-%dT%H:%MZ")


def slot_choices(starts: list[datetime], pattern: str = "EEEE HH:mm") -> list[tuple[str, str]]:
    """Shared slots labelled in the reader's own time zone (Flask-Babel's timezone)."""
    return [(slot_value(s), time_in_words(s, pattern)) for s in starts]


def parse_slot(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M%z")


class PlanForm(FlaskForm):
    slot = SelectField(_l("Day and time (your time zone)"), choices=[],
                       validators=[DataRequired()], widget=KeptSelect())
    interval_weeks = SelectField(_l("How often"), coerce=int, default=1,
                                 choices=[(1, _l("Every week")), (2, _l("Every two weeks"))])
    count = IntegerField(_l("Number of sessions"), default=12,
                         validators=[Optional(), NumberRange(min=1, max=52)])
    until_on = BoundedDateField(_l("Or last day (instead of a number of sessions)"),
                         validators=[Optional()])
    location = StringField(_l("Place (optional)"), validators=[Optional(), Length(max=200)])
    video_url = URLField(_l("Video link (optional)"), validators=[
        Optional(), URL(), Length(max=300),
        # Only web links: a javascript: or data: "link" would run in the other person's page.
        Regexp(r"^https?://", flags=re.IGNORECASE,
               message=_l("The video link must start with https:// or http://.")),
    ])

    def plan(self) -> Plan:
        start = parse_slot(self.slot.data)
        return Plan(start_at=start, interval_weeks=self.interval_weeks.data,
                    count=None if self.until_on.data else self.count.data,
                    until_on=self.until_on.data, location=self.location.data or None,
                    video_url=self.video_url.data or None)


def _required_for_retime(form, field) -> None:
    if form.action.data == "retime" and not field.data:
        raise ValidationError(_l("Choose the new day and time."))


class ChangeSeriesForm(PlanForm):
    slot = SelectField(_l("New day and time (your time zone)"), choices=[], default="",
                       validators=[_required_for_retime], widget=KeptSelect())
    action = RadioField(_l("From this session on"), default="retime", choices=[
        ("retime", _l("Meet at a new time")), ("end", _l("Stop the sessions")),
    ])


def _times():
    return [(m, format_minute(m)) for m in range(0, MINUTES_PER_DAY, SLOT_MINUTES)]


def _day_unless_shared_time(form, field) -> None:
    if not form.time.data and not field.data:
        raise ValidationError(_l("Choose a time that suits you both, or a day and a time."))


class MoveForm(FlaskForm):
    # A time that suits both people that week (filled by the view), or "" for day + minute.
    time = RadioField(_l("A time that suits you both (your time zone)"), choices=[],
                      default="")
    day = BoundedDateField(_l("Or another day"), validators=[_day_unless_shared_time])
    minute = SelectField(_l("At (your time zone)"), coerce=int, choices=_times(),
                         widget=KeptSelect())
    confirmed = HiddenField(default="")

    def validate(self, extra_validators=None) -> bool:
        is_valid = super().validate(extra_validators)
        if self.time.data and not self.time.errors:  # a shared time chosen: the day is unused
            self.day.errors = []
            is_valid = not any(f.errors for f in self)
        return is_valid

    def start_at(self, timezone: str) -> datetime:
        """The chosen start as an aware instant (the reader's wall time in their zone)."""
        if self.time.data:
            return parse_slot(self.time.data)
        local = datetime.combine(self.day.data, time(self.minute.data // 60, self.minute.data % 60))
        return local.replace(tzinfo=ZoneInfo(timezone))


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Why? (optional: only the other person reads it)"),
        validators=[Optional(), Length(max=1000)],
    )
