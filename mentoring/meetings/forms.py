"""Meeting forms: a weekly time from the pair's shared slots, cadence, and end; moves."""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField, URLField
from wtforms.validators import (
    URL,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from mentoring.core.fields import BoundedDateField
from mentoring.meetings.slots import Plan
from mentoring.profiles.models import MINUTES_PER_DAY, SLOT_MINUTES, format_minute


def slot_value(start: datetime) -> str:
    return start.strftime("%Y-%m-%dT%H:%MZ")


def slot_choices(starts: list[datetime]) -> list[tuple[str, str]]:
    """Shared slots labelled in the reader's own time zone (Flask-Babel's timezone)."""
    return [(slot_value(s), format_datetime(s, "EEEE HH:mm")) for s in starts]


class PlanForm(FlaskForm):
    slot = SelectField(_l("Day and time (your time zone)"), choices=[],
                       validators=[DataRequired()])
    interval_weeks = SelectField(_l("How often"), coerce=int,
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
        start = datetime.strptime(self.slot.data, "%Y-%m-%dT%H:%M%z")
        return Plan(start_at=start, interval_weeks=self.interval_weeks.data,
                    count=None if self.until_on.data else self.count.data,
                    until_on=self.until_on.data, location=self.location.data or None,
                    video_url=self.video_url.data or None)


def _required_for_retime(form, field) -> None:
    if form.action.data == "retime" and not field.data:
        raise ValidationError(_l("Choose the new day and time."))


class ChangeSeriesForm(PlanForm):
    slot = SelectField(_l("New day and time (your time zone)"), choices=[],
                       validators=[_required_for_retime])
    action = RadioField(_l("From this session on"), default="retime", choices=[
        ("retime", _l("Meet at a new time")), ("end", _l("Stop the sessions")),
    ])


def _times():
    return [(m, format_minute(m)) for m in range(0, MINUTES_PER_DAY, SLOT_MINUTES)]


class MoveForm(FlaskForm):
    day = BoundedDateField(_l("New day"), validators=[DataRequired()])
    minute = SelectField(_l("New time (your time zone)"), coerce=int, choices=_times())
