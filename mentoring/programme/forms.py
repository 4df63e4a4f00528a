"""Coordinator forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

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
    checked_on = DateField(_l("Background check done on"), validators=[InputRequired()])
    expires_on = DateField(_l("Check valid until"), validators=[InputRequired()])
    training_completed_on = DateField(_l("Training completed on"), validators=[Optional()])
    minors_cleared = BooleanField(_l("Cleared to mentor young people under 18"))


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason (kept in the audit trail)"),
                           validators=[Optional(), Length(max=500)])
