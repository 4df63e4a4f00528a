"""Profile forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from mentoring.accounts.forms import timezone_field
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


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes in a fieldset; usable with the keyboard and without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


GENDER_CHOICES = [
    ("", _l("I prefer not to say")),
    ("f", _l("Girl / woman")),
    ("m", _l("Boy / man")),
    ("x", _l("Non-binary / other")),
]


class MenteeRequestForm(FlaskForm):
    goals = MultiCheckboxField(_l("What would you like to work on?"), coerce=int)
    goals_text = TextAreaField(
        _l("In your own words (optional)"), validators=[Optional(), Length(max=2000)]
    )
    experiences = MultiCheckboxField(
        _l("Experiences you would like your mentor to have lived too"), coerce=int
    )
    languages = MultiCheckboxField(
        _l("Languages you can talk in"), coerce=int,
        validators=[DataRequired(message=_l("Choose at least one language."))],
    )
    meeting_format = RadioField(
        _l("How would you like to meet?"),
        choices=[("video", _l("Video call")), ("phone", _l("Phone")),
                 ("in_person", _l("In person"))],
        default="video",
    )
    area = StringField(_l("Town or area (for meeting in person)"),
                       validators=[Optional(), Length(max=80)])
    age = IntegerField(_l("Your age"), validators=[InputRequired(), NumberRange(min=11, max=30)])
    gender = SelectField(_l("You are (optional)"), choices=GENDER_CHOICES)
    mentor_gender = SelectField(
        _l("Would you prefer a mentor who is…"),
        choices=[("", _l("No preference"))] + GENDER_CHOICES[1:],
    )
    mentor_gender_required = RadioField(
        _l("This preference is"),
        choices=[("nice", _l("nice to have")), ("required", _l("required"))],
        default="nice",
    )
    timezone = timezone_field()


class MentorApplicationForm(FlaskForm):
    experiences = MultiCheckboxField(_l("Experiences you have lived through"), coerce=int)
    story = TextAreaField(
        _l("Your story in a few lines (read by coordinators only)"),
        validators=[DataRequired(), Length(max=2000)],
    )
    topics = MultiCheckboxField(_l("Topics you are comfortable talking about"), coerce=int)
    languages = MultiCheckboxField(
        _l("Languages you can mentor in"), coerce=int,
        validators=[DataRequired(message=_l("Choose at least one language."))],
    )
    bio = TextAreaField(
        _l("A short introduction for your future mentee (no contact details)"),
        validators=[DataRequired(), Length(max=300)],
    )
    age = IntegerField(_l("Your age"), validators=[InputRequired(), NumberRange(min=18, max=99)])
    gender = SelectField(_l("You are (optional)"), choices=GENDER_CHOICES)
    capacity = IntegerField(
        _l("How many mentees can you support at once? (1 to 5)"),
        validators=[InputRequired(), NumberRange(min=1, max=5)], default=1,
    )
    wants_minors = BooleanField(_l("I am willing to mentor young people under 18"))
    timezone = timezone_field()


class MentorSettingsForm(FlaskForm):
    capacity = IntegerField(
        _l("How many mentees can you support at once? (1 to 5)"),
        validators=[InputRequired(), NumberRange(min=1, max=5)],
    )
    is_paused = BooleanField(_l("Pause: do not propose new mentees to me for now"))
