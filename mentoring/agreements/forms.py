"""Forms of the agreement and goals pages, and the coordinators' agreement editor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from mentoring.agreements.models import GOAL_STATUS_LABELS, RHYTHM_LABELS


class ConfirmAgreementForm(FlaskForm):
    rhythm = SelectField(_l("How often we plan to meet (optional)"),
                         choices=[("", _l("we will see"))]
                         + [(r.value, label) for r, label in RHYTHM_LABELS.items()],
                         validators=[Optional()])
    minutes = IntegerField(_l("How long a session lasts, in minutes (optional)"),
                           validators=[Optional(), NumberRange(min=15, max=240, message=_l(
                               "Choose a session length between 15 and 240 minutes."))])
    understood = BooleanField(_l("I have read this agreement and I agree to it"),
                              validators=[InputRequired(message=_l(
                                  "Tick the box to confirm that you agree."))])


class GoalForm(FlaskForm):
    title = StringField(_l("Goal"), validators=[
        InputRequired(message=_l("Write the goal in a few words.")),
        Length(max=200, message=_l("Keep the goal under 200 characters; details go in the "
                                   "notes."))])


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Progress note"), validators=[
        InputRequired(message=_l("Write a few words for the note.")),
        Length(max=2000, message=_l("Keep the note under 2000 characters."))])


class StatusForm(FlaskForm):
    status = SelectField(_l("Where this goal stands"),
                         choices=[(s.value, label) for s, label in GOAL_STATUS_LABELS.items()])


class DecisionForm(FlaskForm):
    decision = HiddenField(validators=[InputRequired()])


class AgreementTextForm(FlaskForm):
    text_fr = TextAreaField(_l("Agreement in French"), validators=[
        InputRequired(message=_l("Write the agreement in both French and English.")),
        Length(max=6000)])
    text_en = TextAreaField(_l("Agreement in English"), validators=[
        InputRequired(message=_l("Write the agreement in both French and English.")),
        Length(max=6000)])
