"""Profile forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from mentoring.profiles.models import MINUTES_PER_DAY, SLOT_MINUTES, format_minute


def weekday_choices():
    return [
        (0, _l("Monday")),
        (1, _l("Tuesday")),
        (2, _l("Wednesday")),
        (3, _l("Thursday")),
        (4, _l("Friday")),
        (5, _l("Saturday")),
        (6, _l("Sunday")),
    ]


def _minute_choices(first: int, last: int):
    return [(m, format_minute(m)) for m in range(first, last + 1, SLOT_MINUTES)]


class AvailabilityForm(FlaskForm):
    weekday = SelectField(_l("Day"), coerce=int, choices=weekday_choices())
    start = SelectField(
        _l("From"), coerce=int, choices=_minute_choices(0, MINUTES_PER_DAY - SLOT_MINUTES)
    )
    end = SelectField(_l("To"), coerce=int, choices=_minute_choices(SLOT_MINUTES, MINUTES_PER_DAY))
