"""Form fields shared by every feature."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from wtforms import DateField
from wtforms.validators import ValidationError

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
