"""/api/v1: read the programme, import participants, run a round as a dry run, approve pairs.

Every call needs `Authorization: Bearer <token>` (a coordinator's personal access token); the
session cookie is ignored. Each route names the scope it needs. Views call the same services as
the pages and commit once; refusals are problem+json (mentoring/api/problems.py).
"""

from __future__ import annotations

import csv
import functools
import io
from datetime import datetime, time

from flask import current_app, g
from flask_babel import gettext as _
from flask_smorest import Blueprint
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from mentoring.accounts.models import Role, User
from mentoring.api import auth, docs
from mentoring.api import schemas as s
from mentoring.api.models import Scope
from mentoring.clock import now_utc
from mentoring.core.audit import AuditEvent
from mentoring.errors import DomainError, NotFound
from mentoring.extensions import csrf, db, limiter
from mentoring.i18n import current_locale
from mentoring.meetings.models import Occurrence
from mentoring.notify.delivery import send_committed_notifications
from mentoring.pairing import approvals, rounds
from mentoring.pairing.models import OPEN_STATUSES, Match, MatchStatus
from mentoring.pairing.preview import build_preview
from mentoring.pairing.wording import tag_labels
from mentoring.profiles.models import MenteeProfile, MentorProfile, Tag, TagKind
from mentoring.programme import imports
from mentoring.safety.models import Concern

bp = Blueprint("api", __name__, url_prefix="/api/v1",
               description="The programme's data and actions, for a coordinator's systems.")
bp.before_request(auth.authenticate)
bp.after_request(auth.conditional)
bp.register_error_handler(DomainError, auth.domain_problem)  # 401 403 404 409 422
bp.register_error_handler(HTTPException, auth.http_problem)
bp.register_error_handler(DBAPIError, auth.database_problem)
csrf.exempt(bp)  # no cookie is ever accepted, so there is nothing to forge
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=auth.token_key)(bp)


PROBLEM = "application/problem+json"


def needs(scope: Scope):
    """The scope a route needs, checked before it runs and written in the document with the
    refusals every protected route may answer."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            auth.require(scope)
            return view(*args, **kwargs)

        for status, why in ((400, "The body is not readable JSON, or a text holds a control "
                                  "character such as NUL."),
                            (401, "No valid token (missing, expired or revoked)."),
                            (403, f"The token lacks the {scope.value} scope."),
                            (429, "Too many calls with this token: see Retry-After."),
                            (503, "The database is briefly unavailable: see Retry-After.")):
            wrapped = bp.alt_response(status, schema=s.Problem, content_type=PROBLEM,
                                      description=why)(wrapped)
        return bp.doc(security=[{"token": [scope.value]}])(wrapped)
    return decorate


# ---- paging ---------------------------------------------------------------------------------

def _after(cursor: str | None) -> int:
    """The last id of the previous page (a cursor is that id: rows are paged in id order)."""
    return min(int(cursor), 2**31 - 1) if cursor else 0


def _cursor(last_id: int) -> str:
    return str(last_id)


def _page(query, id_column, args, shape) -> dict:
    limit = args["limit"]
    rows = list(db.session.scalars(query.where(id_column > _after(args["cursor"]))
                                   .order_by(id_column).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [shape(row) for row in rows],
            "next_cursor": _cursor(rows[-1].id) if more and rows else None}


# ---- participants ---------------------------------------------------------------------------

def _open_match_of(user_column):
    return exists().where(Match.mentee_id == user_column, Match.status.in_(OPEN_STATUSES))


def _mentee_status(user: User) -> str:
    profile = user.mentee_profile
    if profile is None or profile.requested_at is None:
        return "signed_up"
    if profile.withdrawn_at is not None:
        return "withdrawn"
    return "matched" if g.api_matched.get(user.id) else "waiting"


def _mentor_status(user: User) -> str:
    profile = user.mentor_profile
    if profile is None or profile.submitted_at is None:
        return "applying"
    if profile.rejected_at is not None:
        return "rejected"
    return "approved" if profile.approved_at is not None else "submitted"


def _participant(user: User) -> dict:
    is_mentee = user.role is Role.MENTEE
    profile = user.mentee_profile if is_mentee else None
    return {
        "id": user.id, "pseudonym": user.pseudonym, "email": user.email,
        "role": user.role.value,
        "status": _mentee_status(user) if is_mentee else _mentor_status(user),
        "locale": user.locale, "timezone": user.timezone,
        "languages": [tag.slug for tag in user.tags if tag.kind is TagKind.LANGUAGE],
        "created_at": user.created_at,
        "requested_at": profile.requested_at if profile else None,
        "is_minor": profile.is_minor if profile else None,
    }


def _status_filter(status: str):
    mentee = MenteeProfile
    mentor = MentorProfile
    has_mentor = exists().where(mentor.user_id == User.id)
    requested = exists().where(mentee.user_id == User.id, mentee.requested_at.is_not(None),
                               mentee.withdrawn_at.is_(None))
    return {
        "signed_up": and_(User.role == Role.MENTEE, ~exists().where(
            mentee.user_id == User.id, mentee.requested_at.is_not(None))),
        "withdrawn": exists().where(mentee.user_id == User.id, mentee.withdrawn_at.is_not(None)),
        "waiting": and_(requested, ~_open_match_of(User.id)),
        "matched": and_(requested, _open_match_of(User.id)),
        "applying": and_(User.role == Role.MENTOR, or_(~has_mentor, exists().where(
            mentor.user_id == User.id, mentor.submitted_at.is_(None)))),
        "submitted": exists().where(mentor.user_id == User.id, mentor.submitted_at.is_not(None),
                                    mentor.approved_at.is_(None), mentor.rejected_at.is_(None)),
        "approved": exists().where(mentor.user_id == User.id, mentor.approved_at.is_not(None),
                                   mentor.rejected_at.is_(None)),
        "rejected": exists().where(mentor.user_id == User.id, mentor.rejected_at.is_not(None)),
    }[status]


@bp.get("/participants")
@bp.arguments(s.ParticipantQuery, location="query", as_kwargs=False)
@bp.response(200, s.ParticipantPage)
@needs(Scope.READ)
def list_participants(args):
    """Mentees and mentors, oldest first; filter by role, status, language, waiting since."""
    query = select(User).where(User.role.in_((Role.MENTEE, Role.MENTOR)),
                               User.erased_at.is_(None))
    if args.get("role"):
        query = query.where(User.role == Role(args["role"]))
    if args.get("status"):
        query = query.where(_status_filter(args["status"]))
    if args.get("language"):
        query = query.where(User.tags.any(and_(Tag.kind == TagKind.LANGUAGE,
                                               Tag.slug == args["language"].lower())))
    if args.get("waiting_since"):
        limit = datetime.combine(args["waiting_since"], time.max).replace(tzinfo=now_utc().tzinfo)
        query = query.where(exists().where(
            MenteeProfile.user_id == User.id, MenteeProfile.requested_at <= limit,
            MenteeProfile.withdrawn_at.is_(None)), ~_open_match_of(User.id))
    page = _page(query, User.id, args, lambda user: user)
    ids = [user.id for user in page["items"]]
    g.api_matched = dict.fromkeys(db.session.scalars(select(Match.mentee_id).where(
        Match.mentee_id.in_(ids), Match.status.in_(OPEN_STATUSES))), True)
    page["items"] = [_participant(user) for user in page["items"]]
    return page


@bp.get("/participants/<int:user_id>")
@bp.response(200, s.Participant)
@bp.alt_response(404, schema=s.Problem, content_type=PROBLEM)
@needs(Scope.READ)
def get_participant(user_id: int):
    """One participant."""
    user = db.session.get(User, user_id)
    if user is None or user.role is Role.COORDINATOR or user.erased_at is not None:
        raise NotFound(_("There is no participant with this id."))
    g.api_matched = {user.id: db.session.scalar(select(_open_match_of(user.id)))}
    return _participant(user)


@bp.get("/applications")
@bp.arguments(s.PageQuery, location="query", as_kwargs=False)
@bp.response(200, s.ApplicationPage)
@needs(Scope.READ)
def list_applications(args):
    """Mentor applications and their screening state."""
    query = select(MentorProfile).join(MentorProfile.user).where(User.erased_at.is_(None))

    def shape(profile: MentorProfile) -> dict:
        return {"id": profile.user_id, "pseudonym": profile.user.pseudonym,
                "status": _mentor_status(profile.user), "submitted_at": profile.submitted_at,
                "approved_at": profile.approved_at, "rejected_at": profile.rejected_at,
                "training_completed_on": profile.training_completed_on,
                "screening_checked_on": profile.screening_checked_on,
                "screening_expires_on": profile.screening_expires_on,
                "capacity": profile.capacity, "paused": profile.is_paused}

    return _page(query, MentorProfile.id, args, shape)


# ---- matches, sessions, concerns ------------------------------------------------------------

def _history(match_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {match_id: [] for match_id in match_ids}
    for event in db.session.scalars(select(AuditEvent).where(
            AuditEvent.subject_type == "match", AuditEvent.subject_id.in_(match_ids))
            .order_by(AuditEvent.at, AuditEvent.id)):
        found[event.subject_id].append({"at": event.at, "from_status": event.from_status,
                                        "to_status": event.to_status, "action": event.action})
    return found


def _match(match: Match, history: dict[int, list[dict]]) -> dict:
    return {"id": match.id, "mentee_id": match.mentee_id, "mentor_id": match.mentor_id,
            "status": match.status.value, "score": match.score, "created_at": match.created_at,
            "activated_at": match.activated_at, "ended_at": match.ended_at,
            "end_reason": match.end_reason, "history": history.get(match.id, [])}


@bp.get("/matches")
@bp.arguments(s.MatchQuery, location="query", as_kwargs=False)
@bp.response(200, s.MatchPage)
@needs(Scope.READ)
def list_matches(args):
    """Matches with their status history."""
    query = select(Match)
    if args.get("status"):
        query = query.where(Match.status == MatchStatus(args["status"]))
    page = _page(query, Match.id, args, lambda match: match)
    history = _history([match.id for match in page["items"]])
    page["items"] = [_match(match, history) for match in page["items"]]
    return page


@bp.get("/sessions")
@bp.arguments(s.PageQuery, location="query", as_kwargs=False)
@bp.response(200, s.SessionPage)
@needs(Scope.READ)
def list_sessions(args):
    """Every planned, held or cancelled session (times in UTC)."""
    query = select(Occurrence).join(Occurrence.series)
    return _page(query, Occurrence.id, args, lambda occurrence: {
        "id": occurrence.id, "match_id": occurrence.series.match_id,
        "series_id": occurrence.series_id, "start_at": occurrence.start_at,
        "end_at": occurrence.end_at, "status": occurrence.status.value})


@bp.get("/concerns")
@bp.arguments(s.PageQuery, location="query", as_kwargs=False)
@bp.response(200, s.ConcernPage)
@needs(Scope.READ)
def list_concerns(args):
    """Concerns: their metadata; their text only for a token with the safeguarding scope."""
    with_text = Scope.SAFEGUARDING in g.api_token.scope_set

    def shape(concern: Concern) -> dict:
        shown = {"id": concern.id, "match_id": concern.match_id,
                 "category": concern.category.value, "source": concern.source,
                 "created_at": concern.created_at, "acknowledged_at": concern.acknowledged_at,
                 "resolved_at": concern.resolved_at}
        if with_text:
            shown["text"] = concern.text
        return shown

    if with_text:
        auth.log_access("api_concern_text_read")
    return _page(select(Concern), Concern.id, args, shape)


# ---- writes ---------------------------------------------------------------------------------

def _csv_text(rows: list[dict]) -> str:
    """The rows as the CSV import reads them, so that both pass exactly the same checks."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=imports.COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        cells = {}
        for column in imports.COLUMNS:
            value = row.get(column)
            if isinstance(value, list):
                value = "|".join(value)
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            cells[column] = "" if value is None else str(value)
        writer.writerow(cells)
    return out.getvalue()


@bp.post("/participants/import")
@bp.arguments(s.ImportIn, as_kwargs=False)
@bp.response(201, s.ImportOut)
@bp.alt_response(422, schema=s.Problem, content_type=PROBLEM,
                 description="A row is not valid: nobody was created.")
@needs(Scope.WRITE)
def import_participants(body):
    """Create participants, all or none, with exactly the checks of the CSV import."""
    text = _csv_text(body["participants"])
    preview = imports.preview_import(text)
    if not preview.is_valid:
        problems = [{"row": error.row - 1, "field": error.column, "problem": error.problem}
                    for error in preview.errors]
        raise auth.Invalid(_("A row is not valid: nobody was created."), problems)
    if body["dry_run"]:
        return {"created": [], "checked": len(preview.rows), "dry_run": True}
    people = imports.import_participants(
        g.api_token.user, text, now_utc(),
        consent_age=current_app.config["DIGITAL_CONSENT_AGE"],
        consent_version=current_app.config["CONSENT_POLICY_VERSION"])
    db.session.commit()
    return {"created": [person.id for person in people], "checked": len(people),
            "dry_run": False}


def _settings(body: dict | None = None) -> rounds.RoundSettings:
    body = body or {}
    return rounds.RoundSettings(
        mode=body.get("mode", "most_matched"),
        session_minutes=current_app.config["MEETING_MINUTES"],
        mentee_ids=tuple(body["mentee_ids"]) if body.get("mentee_ids") is not None else None,
        mentor_ids=tuple(body["mentor_ids"]) if body.get("mentor_ids") is not None else None)


@bp.post("/rounds/preview")
@bp.arguments(s.RoundIn, as_kwargs=False, required=False)
@bp.response(200, s.RoundOut)
@needs(Scope.WRITE)
def preview_round(body):
    """Run the optimal matcher as a dry run: the proposed pairs with explanations, nothing saved."""
    cohort, assignment = rounds.run_round(_settings(body), now_utc())
    preview = build_preview(cohort, assignment, tag_labels(current_locale()))
    db.session.rollback()  # a dry run: nothing of it is kept
    return {
        "pairs": [{"mentee_id": pair.mentee_id, "mentor_id": pair.mentor_id,
                   "score": pair.score, "explanation": pair.explanation, "terms": pair.terms}
                  for pair in preview.pairs],
        "unmatched": [{"mentee_id": row.mentee_id, "reasons": row.reasons}
                      for row in preview.unmatched],
        "objective": preview.objective, "mentees": preview.mentees, "mentors": preview.mentors}


@bp.post("/rounds/approve")
@bp.arguments(s.ApproveIn, as_kwargs=False)
@bp.response(201, s.ApproveOut)
@bp.alt_response(404, schema=s.Problem, content_type=PROBLEM,
                 description="A mentee or mentor of the pairs does not exist: none was approved.")
@bp.alt_response(409, schema=s.Problem, content_type=PROBLEM,
                 description="A pair can no longer be approved: none was.")
@needs(Scope.WRITE)
def approve_pairs(body):
    """Approve chosen pairs (all or none), as the round page does; the mentors are asked."""
    now = now_utc()
    pairs = [(pair["mentee_id"], pair["mentor_id"]) for pair in body["pairs"]]
    created = approvals.approve_pairs(g.api_token.user, pairs, _settings(), now,
                                      current_app.config["PROPOSAL_RESPONSE_DAYS"])
    db.session.commit()
    send_committed_notifications(now)
    return {"matches": [_match(match, {}) for match in created]}



# ---- the document -------------------------------------------------------------------------

@bp.route("/openapi.json")
@bp.doc(security=[], summary="This OpenAPI 3.1 document (no token needed).", responses={
    "200": {"description": "The document.",
            "content": {"application/json": {"schema": {"type": "object"}}}}})
def openapi_document():
    return docs.document()


@bp.route("/reference")
@bp.doc(security=[], summary="The reference page for people (HTML, no token needed).", responses={
    "200": {"description": "The page.",
            "content": {"text/html": {"schema": {"type": "string"}}}}})
def reference():
    return docs.reference_page()
