"""Coordinator forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from mentoring.core.fields import BoundedDateField
from mentoring.programme.services import SLUG_PATTERN


class TagForm(FlaskForm):
    kind = SelectField(
        _l("Kind"),
        choices=[
            ("experience", _l("Lived experience")),
            ("topic", _l("Goal or topic")),
            ("language", _l("Language")),
        ],
    )
    slug = StringField(
        _l("Identifier (lower-case letters, digits, hyphens)"),
        validators=[
            DataRequired(),
            Regexp(SLUG_PATTERN, message=_l("Use lower-case letters, digits and hyphens.")),
        ],
    )
    label_fr = StringField(_l("Label in French"), validators=[DataRequired(), Length(max=80)])
    label_en = StringField(_l("Label in English"), validators=[DataRequired(), Length(max=80)])


class ScreeningForm(FlaskForm):
    checked_on = BoundedDateField(_l("Background check done on"), validators=[InputRequired()])
    expires_on = BoundedDateField(_l("Check valid until"), validators=[InputRequired()])
    training_completed_on = BoundedDateField(_l("Training completed on"), validators=[Optional()])
    minors_cleared = BooleanField(_l("Cleared to mentor young people under 18"))


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason (kept in the audit trail)"),
                           validators=[Optional(), Length(max=500)])


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a file."))])


class ImportConfirmForm(FlaskForm):
    payload = HiddenField(validators=[DataRequired()])
    consent = BooleanField(
        _l("These people agreed to the programme's data and confidentiality rules."),
        validators=[DataRequired(_l("Please confirm that they agreed."))])
    send_welcome = BooleanField(_l("Send each of them an e-mail explaining how to choose a "
                                   "password"), default=True)


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter: it changes nothing

    days = SelectField(_l("Period"), default="90", choices=[
        ("30", _l("Last 30 days")), ("90", _l("Last 90 days")), ("365", _l("Last 365 days")),
        ("custom", _l("Dates below"))])
    start = BoundedDateField(_l("From"), validators=[Optional()])
    end = BoundedDateField(_l("To (included)"), validators=[Optional()])
