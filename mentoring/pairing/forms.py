"""Pairing forms: answers to proposals, closing, rounds and manual pairs."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FloatField, HiddenField, IntegerField, RadioField, SelectField, TextAreaField
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
    # "mentee_id:mentor_id" for each pair the coordinator keeps (a replaced mentor included).
    pairs = MultiCheckboxField(_l("Pairs to approve"), validate_choice=False)


class ManualPairForm(FlaskForm):
    mentee_id = IntegerField(_l("Mentee"), validators=[InputRequired()])
    mentor_id = IntegerField(_l("Mentor"), validators=[InputRequired()])
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
