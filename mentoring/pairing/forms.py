"""Pairing forms: answers to proposals, closing, rounds and manual pairs."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FloatField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from mentoring.pairing.models import CloseReason
from mentoring.profiles.forms import MultiCheckboxField


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional, seen by coordinators only)"),
                           validators=[Optional(), Length(max=500)])


class CloseForm(FlaskForm):
    reason = SelectField(_l("Why is the match ending?"),
                         choices=[(reason.value, reason.label) for reason in CloseReason])


def _weight(label):
    return FloatField(label, validators=[InputRequired(), NumberRange(min=0, max=10)])


class RoundForm(FlaskForm):
    mentees = MultiCheckboxField(_l("Mentees in this round"), coerce=int)
    mentors = MultiCheckboxField(_l("Mentors in this round"), coerce=int)
    w_experiences = _weight(_l("Shared lived experiences"))
    w_goals = _weight(_l("Goals covered by the mentor's topics"))
    w_age = _weight(_l("Closeness in age"))
    w_availability = _weight(_l("Time in common each week"))
    w_waiting = _weight(_l("Time already waited"))
    mode = RadioField(_l("Priority"), choices=[
        ("most_matched", _l("Match as many mentees as possible, then the best scores")),
        ("best_total", _l("Highest total score")),
    ], default="most_matched")


class ApproveRoundForm(RoundForm):
    """The preview's rows: one hidden "mentee_id:mentor_id" per proposed pair, and per row a
    select "choice-<mentee_id>" holding the mentor kept or chosen instead ("" for "Not now").

    People are not checked against today's lists here: a mentee matched since the preview must
    mark that row, not refuse the whole form."""

    mentees = MultiCheckboxField(_l("Mentees in this round"), coerce=int, validate_choice=False)
    mentors = MultiCheckboxField(_l("Mentors in this round"), coerce=int, validate_choice=False)


def read_rows(values: list[str]) -> list[tuple[int, int]]:
    """The (mentee, proposed mentor) rows of a preview form, malformed ones dropped."""
    rows: list[tuple[int, int]] = []
    for value in values:
        mentee, _sep, mentor = value.partition(":")
        if mentee.isdigit() and mentor.isdigit() and int(mentee) not in dict(rows):
            rows.append((int(mentee), int(mentor)))
    return rows


def read_choices(formdata, rows) -> tuple[dict[int, int | None], set[int]]:
    """Each row's chosen mentor (None for "Not now") and the rows whose value is not valid."""
    choices, invalid = {}, set()
    for mentee, _mentor in rows:
        raw = (formdata.get(f"choice-{mentee}") or "").strip()
        choices[mentee] = int(raw) if raw.isdigit() else None
        if raw and not raw.isdigit():
            invalid.add(mentee)
    return choices, invalid


def _person_id(value):
    return int(value) if value not in (None, "") and str(value).isdigit() else None


class ManualPairForm(FlaskForm):
    # Chosen by pseudonym from the waiting mentees and the matchable mentors (never typed ids).
    mentee_id = SelectField(_l("Mentee"), coerce=_person_id, validate_choice=False,
                            validators=[InputRequired(message=_l("Choose a mentee."))])
    mentor_id = SelectField(_l("Mentor"), coerce=_person_id, validate_choice=False,
                            validators=[InputRequired(message=_l("Choose a mentor."))])
    reason = TextAreaField(_l("Why this pair (needed when it breaks a matching rule)"),
                           validators=[Optional(), Length(max=1000)])


class IncompatibleForm(FlaskForm):
    mentee_id = HiddenField(validators=[InputRequired()])
    mentor_id = HiddenField(validators=[InputRequired()])


class SurveyForm(FlaskForm):
    rating = RadioField(_l("Overall, how was this mentoring? (1 = bad, 5 = very good)"),
                        choices=[(str(n), str(n)) for n in range(1, 6)],
                        validators=[InputRequired()])
    would_recommend = RadioField(_l("Would you recommend peer mentoring to a friend?"),
                                 choices=[("yes", _l("Yes")), ("no", _l("No")),
                                          ("unsure", _l("Not sure"))],
                                 validators=[Optional()])
    comment = TextAreaField(_l("Anything you would like to tell the coordinators? (optional)"),
                            validators=[Optional(), Length(max=2000)])
