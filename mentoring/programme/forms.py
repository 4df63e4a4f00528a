"""Coordinator forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

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
