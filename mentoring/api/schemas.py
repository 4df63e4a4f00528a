"""Marshmallow schemas of the API: what each route takes and returns (and the OpenAPI document)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

ROLES = ("mentee", "mentor")
# Texts may not hold control characters (NUL above all: PostgreSQL cannot store it); the
# pattern says so in the document, and auth.authenticate refuses them before any route runs.
NO_CONTROLS = "^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"


def Text(**kwargs) -> fields.String:  # noqa: N802 (a field factory, named like the fields)
    """An input string without control characters."""
    metadata = {**kwargs.pop("metadata", {}), "pattern": NO_CONTROLS}
    return fields.String(metadata=metadata, **kwargs)


class Problem(Schema):
    """RFC 9457 problem details, with a sentence in the token owner's language."""

    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(metadata={"description": "Field -> sentences, for invalid input."})


class PageQuery(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))
    cursor = fields.String(load_default=None, validate=validate.Regexp(r"^[0-9]{1,12}$"),
                           metadata={"description": "next_cursor of the previous page.",
                                     "pattern": "^[0-9]{1,12}$"})


class ParticipantQuery(PageQuery):
    role = fields.String(validate=validate.OneOf(ROLES))
    status = fields.String(validate=validate.OneOf(
        ("signed_up", "waiting", "matched", "withdrawn", "applying", "submitted", "approved",
         "rejected")))
    language = Text(validate=validate.Length(max=40),
                    metadata={"description": "A language tag slug, e.g. fr."})
    waiting_since = fields.Date(metadata={"description": "Mentees waiting since this day or "
                                                         "earlier (YYYY-MM-DD)."})


class Participant(Schema):
    id = fields.Integer()
    pseudonym = fields.String()
    email = fields.String()
    role = fields.String()
    status = fields.String()
    locale = fields.String()
    timezone = fields.String()
    languages = fields.List(fields.String())
    created_at = fields.DateTime()
    requested_at = fields.DateTime(allow_none=True,
                                   metadata={"description": "Mentees: when the request was sent."})
    is_minor = fields.Boolean(allow_none=True)


class MentorApplication(Schema):
    id = fields.Integer(metadata={"description": "The mentor's participant id."})
    pseudonym = fields.String()
    status = fields.String()
    submitted_at = fields.DateTime(allow_none=True)
    approved_at = fields.DateTime(allow_none=True)
    rejected_at = fields.DateTime(allow_none=True)
    training_completed_on = fields.Date(allow_none=True)
    screening_checked_on = fields.Date(allow_none=True)
    screening_expires_on = fields.Date(allow_none=True)
    capacity = fields.Integer()
    paused = fields.Boolean()


class StatusChange(Schema):
    at = fields.DateTime()
    from_status = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    action = fields.String()


class MatchOut(Schema):
    id = fields.Integer()
    mentee_id = fields.Integer()
    mentor_id = fields.Integer()
    status = fields.String()
    score = fields.Float(allow_none=True)
    created_at = fields.DateTime()
    activated_at = fields.DateTime(allow_none=True)
    ended_at = fields.DateTime(allow_none=True)
    end_reason = fields.String(allow_none=True)
    history = fields.List(fields.Nested(StatusChange))


class MatchQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(
        ("approved", "accepted", "active", "closed", "declined", "expired", "withdrawn",
         "rejected")))


class SessionOut(Schema):
    id = fields.Integer()
    match_id = fields.Integer()
    series_id = fields.Integer()
    start_at = fields.DateTime()
    end_at = fields.DateTime()
    status = fields.String()


class ConcernOut(Schema):
    id = fields.Integer()
    match_id = fields.Integer(allow_none=True)
    category = fields.String()
    source = fields.String()
    created_at = fields.DateTime()
    acknowledged_at = fields.DateTime(allow_none=True)
    resolved_at = fields.DateTime(allow_none=True)
    text = fields.String(allow_none=True, metadata={
        "description": "Only with the safeguarding scope; absent otherwise."})


def page_of(item_schema: type[Schema], name: str) -> type[Schema]:
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item_schema), required=True),
        "next_cursor": fields.String(allow_none=True, required=True, metadata={
            "description": "Pass as `cursor` for the next page; null on the last page."}),
    }, name=name)


ParticipantPage = page_of(Participant, "ParticipantPage")
ApplicationPage = page_of(MentorApplication, "MentorApplicationPage")
MatchPage = page_of(MatchOut, "MatchPage")
SessionPage = page_of(SessionOut, "SessionPage")
ConcernPage = page_of(ConcernOut, "ConcernPage")


class ImportRow(Schema):
    """One person, with the columns of the CSV import (docs/import.md)."""

    role = Text(required=True, validate=validate.OneOf(ROLES))
    email = Text(required=True, validate=validate.Length(max=254))
    pseudonym = Text(required=True, validate=validate.Length(max=100))
    language = Text(load_default="", validate=validate.Length(max=8))
    timezone = Text(required=True, validate=validate.Length(max=64))
    languages = fields.List(Text(validate=validate.Length(max=40)), required=True,
                            validate=validate.Length(max=20))
    experiences = fields.List(Text(validate=validate.Length(max=40)), load_default=list,
                              validate=validate.Length(max=20))
    topics = fields.List(Text(validate=validate.Length(max=40)), load_default=list,
                         validate=validate.Length(max=20))
    availability = fields.List(Text(validate=validate.Length(max=40)),
                               load_default=list, validate=validate.Length(max=50),
                               metadata={"example": ["tue 18:00-20:00"]})
    age = fields.Integer(required=True)
    capacity = fields.Integer(load_default=None, allow_none=True)
    minors_ok = fields.Boolean(load_default=False)
    format = Text(load_default="", validate=validate.OneOf(
        ("", "video", "phone", "in_person")))


class ImportIn(Schema):
    participants = fields.List(fields.Nested(ImportRow), required=True,
                               validate=validate.Length(min=1, max=500))
    dry_run = fields.Boolean(load_default=False, metadata={
        "description": "Check every row and create nobody."})


class RowProblem(Schema):
    row = fields.Integer(metadata={"description": "1 for the first person of the list."})
    field = fields.String()
    problem = fields.String()


class ImportOut(Schema):
    created = fields.List(fields.Integer(), metadata={"description": "The new participant ids."})
    checked = fields.Integer()
    dry_run = fields.Boolean()


class RoundIn(Schema):
    mode = fields.String(load_default="most_matched",
                         validate=validate.OneOf(("most_matched", "best_total")))
    mentee_ids = fields.List(fields.Integer(validate=validate.Range(1, 2**31 - 1)),
                             load_default=None, validate=validate.Length(max=100_000))
    mentor_ids = fields.List(fields.Integer(validate=validate.Range(1, 2**31 - 1)),
                             load_default=None, validate=validate.Length(max=100_000))


class ProposedPairOut(Schema):
    mentee_id = fields.Integer()
    mentor_id = fields.Integer()
    score = fields.Float()
    explanation = fields.String(metadata={"description": "In the token owner's language."})
    terms = fields.Dict(keys=fields.String(), values=fields.Float())


class UnmatchedOut(Schema):
    mentee_id = fields.Integer()
    reasons = fields.String()


class RoundOut(Schema):
    pairs = fields.List(fields.Nested(ProposedPairOut))
    unmatched = fields.List(fields.Nested(UnmatchedOut))
    objective = fields.Float()
    mentees = fields.Integer()
    mentors = fields.Integer()


class PairIn(Schema):
    mentee_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))
    mentor_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))


class ApproveIn(Schema):
    pairs = fields.List(fields.Nested(PairIn), required=True,
                        validate=validate.Length(min=1, max=1000))


class ApproveOut(Schema):
    matches = fields.List(fields.Nested(MatchOut))
