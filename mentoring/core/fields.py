"""Form fields shared by every feature."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from wtforms import DateField
from wtforms.validators import ValidationError
from wtforms.widgets import Select

from mentoring.clock import now_utc

EARLIEST_DATE = date(2000, 1, 1)
HORIZON_YEARS = 10  # no date a person types here is meant to be further ahead than this


def latest_date(today: date | None = None) -> date:
    today = today or now_utc().date()
    try:
        return today.replace(year=today.year + HORIZON_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + HORIZON_YEARS, day=28)


class BoundedDateField(DateField):
    """A date between 1 January 2000 and ten years from today; otherwise a sentence, not a crash.

    Far dates (year 9999) overflow the time-zone arithmetic and fill calendars with nonsense; no
    background check, session or report range needs them.
    """

    def __init__(self, *args, **kwargs):
        # The browser sends ISO dates; a browser without a date picker lets people type, and
        # French speakers type day/month/year.
        kwargs.setdefault("format", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(*args, **kwargs)

    def pre_validate(self, form) -> None:
        super().pre_validate(form)
        if self.data is None:
            return
        latest = latest_date()
        if not EARLIEST_DATE <= self.data <= latest:
            raise ValidationError(_("Choose a date between %(first)s and %(last)s.",
                                    first=format_date(EARLIEST_DATE), last=format_date(latest)))


def _choices_key(choices) -> tuple:
    if isinstance(choices, dict):
        return tuple((str(group), _choices_key(items)) for group, items in choices.items())
    return tuple(tuple(map(str, choice)) if isinstance(choice, tuple | list) else str(choice)
                 for choice in choices or ())


class KeptSelect(Select):
    """A select rendered once per language, value, choices and attributes, then kept.

    Long option lists (96 times of day, about 70 places) cost more to build option by option
    than the rest of a page; the same list comes back on every request."""

    MAX_KEPT = 1024
    _kept: dict[tuple, Markup] = {}

    def __call__(self, field, **kwargs):
        key = (type(self), str(get_locale()), field.id, field.name, repr(field.data),
               bool(getattr(field.flags, "required", False)),
               tuple(sorted((name, str(value)) for name, value in kwargs.items())),
               _choices_key(field.choices))
        rendered = self._kept.get(key)
        if rendered is None:
            if len(self._kept) >= self.MAX_KEPT:
                self._kept.clear()
            rendered = self._kept[key] = self.render(field, **kwargs)
        return rendered

    def render(self, field, **kwargs) -> Markup:
        return super().__call__(field, **kwargs)
