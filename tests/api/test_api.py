"""The JSON API: tokens and scopes, reading with cursors and ETags, all-or-nothing writes."""

from __future__ import annotations

from datetime import timedelta

from openapi_spec_validator import validate

from mentoring.accounts.models import User
from mentoring.api.models import ApiToken, Scope
from mentoring.clock import now_utc
from mentoring.core.audit import AuditEvent
from mentoring.pairing.models import Match
from mentoring.safety.models import Concern, ConcernCategory

PARTICIPANTS = "/api/v1/participants"


def test_the_document_is_valid_openapi_3_1_and_names_every_api_route(app, call):
    document = call("GET", "/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    documented = {(path, method.upper()) for path, methods in document["paths"].items()
                  for method in methods if method != "parameters"}
    routes = {(rule.rule.replace("<int:", "{").replace(">", "}"), method)
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented


def test_every_route_but_the_document_refuses_a_call_without_a_token(app, call, make_token):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.endpoint in (
                "api.openapi_document", "api.reference"):
            continue
        path = rule.rule.replace("<int:user_id>", "1")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = call(method, path, json={})
            assert response.status_code == 401, (method, path)
            assert response.mimetype == "application/problem+json"
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert "Authorization: Bearer" in response.get_json()["detail"]


def test_a_logged_in_coordinators_cookie_is_not_enough(client, login_as, make_coordinator, call):
    login_as(make_coordinator())
    assert call("GET", PARTICIPANTS).status_code == 401


def test_an_expired_or_revoked_token_is_refused(call, make_token, db):
    expired, _token = make_token(Scope.READ, days=30, now=now_utc() - timedelta(days=31))
    assert call("GET", PARTICIPANTS, expired).status_code == 401
    revoked, token = make_token(Scope.READ)
    assert call("GET", PARTICIPANTS, revoked).status_code == 200
    token.revoked_at = now_utc()
    db.session.commit()
    assert call("GET", PARTICIPANTS, revoked).status_code == 401
    assert call("GET", PARTICIPANTS, "mtk_" + "x" * 43).status_code == 401


def test_a_token_stops_working_when_its_owner_is_no_longer_a_coordinator(call, make_token, db):
    secret, token = make_token(Scope.READ)
    token.user.is_enabled = False
    db.session.commit()
    assert call("GET", PARTICIPANTS, secret).status_code == 401


def test_a_scope_opens_only_its_own_routes(call, make_token):
    read, _t = make_token(Scope.READ)
    write, _t = make_token(Scope.WRITE)
    refused = call("POST", "/api/v1/rounds/preview", read, json={})
    assert refused.status_code == 403
    assert "write" in refused.get_json()["detail"]
    assert call("GET", PARTICIPANTS, write).status_code == 403
    assert call("POST", "/api/v1/rounds/preview", write, json={}).status_code == 200


def test_refusals_speak_the_token_owners_language(call, make_token):
    secret, _token = make_token(Scope.READ, locale="fr")
    refused = call("POST", "/api/v1/rounds/preview", secret, json={})
    assert refused.status_code == 403
    assert "permission" in refused.get_json()["detail"] and "Ce jeton" in \
        refused.get_json()["detail"]


def test_only_a_coordinator_can_hold_a_token(make_mentee):
    import pytest

    from mentoring.api import tokens
    from mentoring.errors import DomainError

    with pytest.raises(DomainError):
        tokens.create_token(make_mentee(), "mine", {Scope.READ}, 30, now_utc())


def test_the_secret_is_stored_only_as_a_hash(db, make_token):
    secret, token = make_token(Scope.READ)
    stored = db.session.get(ApiToken, token.id)
    assert secret not in (stored.secret_hash, stored.prefix, stored.name)
    assert stored.secret_hash != secret and len(stored.secret_hash) == 64


def test_participants_page_by_cursor_and_filter(call, make_token, waiting_mentee,
                                                approved_mentor, make_mentee):
    mentees = [waiting_mentee() for _ in range(3)]
    mentor = approved_mentor()
    signed_up = make_mentee()
    secret, _token = make_token(Scope.READ)
    first = call("GET", f"{PARTICIPANTS}?limit=2", secret).get_json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = call("GET", f"{PARTICIPANTS}?limit=2&cursor={first['next_cursor']}",
                  secret).get_json()
    seen = [p["id"] for p in first["items"] + second["items"]]
    assert len(seen) == len(set(seen))
    third = call("GET", f"{PARTICIPANTS}?limit=2&cursor={second['next_cursor']}",
                 secret).get_json()
    assert third["next_cursor"] is None
    assert sorted(seen + [p["id"] for p in third["items"]]) == sorted(
        [m.id for m in mentees] + [mentor.id, signed_up.id])
    waiting = call("GET", f"{PARTICIPANTS}?status=waiting", secret).get_json()["items"]
    assert {p["id"] for p in waiting} == {m.id for m in mentees}
    assert all(p["status"] == "waiting" and p["languages"] == ["fr"] for p in waiting)
    mentors = call("GET", f"{PARTICIPANTS}?role=mentor&status=approved", secret).get_json()
    assert [p["id"] for p in mentors["items"]] == [mentor.id]
    assert call("GET", f"{PARTICIPANTS}?language=en", secret).get_json()["items"] == []


def test_bad_parameters_get_a_sentence_not_a_500(call, make_token):
    secret, _token = make_token(Scope.READ)
    for query in ("limit=0", "limit=abc", "status=nonsense", "cursor=%%%",
                  "cursor=-1", "cursor=1234567890123", "waiting_since=2026-13-40"):
        response = call("GET", f"{PARTICIPANTS}?{query}", secret)
        assert response.status_code in (400, 422), query
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["detail"]
    assert call("GET", "/api/v1/participants/2147483648", secret).status_code == 404
    assert call("GET", f"{PARTICIPANTS}?cursor=999999999999", secret).get_json() == {
        "items": [], "next_cursor": None}
    refused = call("PUT", PARTICIPANTS, secret)
    assert refused.status_code == 405 and "GET" in refused.headers["Allow"]
    assert call("GET", "/api/v1/nowhere", secret).mimetype == "application/problem+json"


def test_an_unchanged_list_answers_304_with_its_etag(call, make_token, waiting_mentee):
    waiting_mentee()
    secret, _token = make_token(Scope.READ)
    first = call("GET", PARTICIPANTS, secret)
    assert first.headers["ETag"]
    again = call("GET", PARTICIPANTS, secret, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    waiting_mentee()
    changed = call("GET", PARTICIPANTS, secret, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200


def test_concern_text_only_with_the_safeguarding_scope(db, call, make_token, make_mentee):
    reporter = make_mentee()
    db.session.add(Concern(reporter_id=reporter.id, category=ConcernCategory.IMMEDIATE_RISK,
                           text="MARKER-private"))
    db.session.commit()
    read, _t = make_token(Scope.READ)
    plain = call("GET", "/api/v1/concerns", read)
    assert plain.status_code == 200
    assert "MARKER-private" not in plain.get_data(as_text=True)
    assert plain.get_json()["items"][0]["category"] == "immediate_risk"
    both, token = make_token(Scope.READ, Scope.SAFEGUARDING)
    full = call("GET", "/api/v1/concerns", both).get_json()
    assert full["items"][0]["text"] == "MARKER-private"
    actions = set(db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.actor_id == token.user_id)))
    assert {"api_call", "api_concern_text_read"} <= actions


def test_each_call_is_attributed_in_the_audit_log(db, call, make_token):
    secret, token = make_token(Scope.READ)
    call("GET", "/api/v1/matches", secret)
    reasons = list(db.session.scalars(db.select(AuditEvent.reason).where(
        AuditEvent.action == "api_call", AuditEvent.subject_id == token.id)))
    assert reasons == ["GET /api/v1/matches"]
    assert db.session.get(ApiToken, token.id).last_used_at is not None


def _row(**changes):
    row = {"role": "mentee", "email": "lea@example.org", "pseudonym": "Lea", "language": "fr",
           "timezone": "America/Montreal", "languages": ["fr"], "experiences": ["anxiety"],
           "topics": ["school"], "availability": ["tue 18:00-20:00"], "age": 16}
    row.update(changes)
    return row


def test_the_json_import_creates_everyone_or_nobody(db, call, make_token, tags):
    secret, _token = make_token(Scope.WRITE)
    people = [_row(), _row(email="sam@example.org", pseudonym="Sam", role="mentor", age=24,
                           capacity=2, minors_ok=True)]
    bad = [*people, _row(email="x@example.org", pseudonym="Xavier", timezone="Mars/Olympus")]
    refused = call("POST", "/api/v1/participants/import", secret, json={"participants": bad})
    assert refused.status_code == 422
    problem = refused.get_json()
    assert problem["errors"]["rows"] == [{"row": 3, "field": "timezone", "problem": problem[
        "errors"]["rows"][0]["problem"]}]
    assert "Mars/Olympus" in problem["errors"]["rows"][0]["problem"]
    assert db.session.scalar(db.select(db.func.count(User.id)).where(
        User.email.in_(["lea@example.org", "sam@example.org"]))) == 0
    dry = call("POST", "/api/v1/participants/import", secret,
               json={"participants": people, "dry_run": True})
    assert dry.status_code == 201 and dry.get_json() == {"created": [], "checked": 2,
                                                         "dry_run": True}
    done = call("POST", "/api/v1/participants/import", secret, json={"participants": people})
    assert done.status_code == 201
    created = done.get_json()["created"]
    assert len(created) == 2
    lea = db.session.get(User, created[0])
    assert (lea.pseudonym, lea.timezone, lea.mentee_profile.is_minor) == (
        "Lea", "America/Montreal", True)
    again = call("POST", "/api/v1/participants/import", secret, json={"participants": people})
    assert again.status_code == 422  # the addresses have accounts now


def test_the_import_refuses_the_pseudonyms_sign_up_refuses(db, call, make_token, tags):
    secret, _token = make_token(Scope.WRITE)
    response = call("POST", "/api/v1/participants/import", secret,
                    json={"participants": [_row(pseudonym="Imp<b>\r\nX-INJECTED: 1")]})
    assert response.status_code in (400, 422)
    assert db.session.scalar(db.select(db.func.count(User.id)).where(
        User.email == "lea@example.org")) == 0


def test_a_nul_in_json_is_refused_with_a_sentence(call, make_token, tags):
    secret, _token = make_token(Scope.WRITE)
    response = call("POST", "/api/v1/participants/import", secret,
                    json={"participants": [_row(pseudonym="Le\u0000a")]})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_a_dry_run_round_proposes_pairs_and_saves_nothing(db, call, make_token, waiting_mentee,
                                                          approved_mentor):
    mentee, mentor = waiting_mentee(), approved_mentor()
    secret, _token = make_token(Scope.WRITE)
    preview = call("POST", "/api/v1/rounds/preview", secret, json={}).get_json()
    assert [(p["mentee_id"], p["mentor_id"]) for p in preview["pairs"]] == [(mentee.id, mentor.id)]
    assert preview["pairs"][0]["explanation"]
    assert db.session.scalar(db.select(db.func.count(Match.id))) == 0


def test_approving_pairs_is_all_or_nothing(db, call, make_token, waiting_mentee, approved_mentor):
    mentee, other, mentor = waiting_mentee(), waiting_mentee(), approved_mentor(capacity=1)
    secret, _token = make_token(Scope.WRITE)
    both = {"pairs": [{"mentee_id": mentee.id, "mentor_id": mentor.id},
                      {"mentee_id": other.id, "mentor_id": mentor.id}]}
    refused = call("POST", "/api/v1/rounds/approve", secret, json=both)
    assert refused.status_code == 409
    assert db.session.scalar(db.select(db.func.count(Match.id))) == 0
    one = call("POST", "/api/v1/rounds/approve", secret,
               json={"pairs": [{"mentee_id": mentee.id, "mentor_id": mentor.id}]})
    assert one.status_code == 201
    match = one.get_json()["matches"][0]
    assert (match["mentee_id"], match["mentor_id"], match["status"]) == (
        mentee.id, mentor.id, "approved")
    listed = call("GET", "/api/v1/matches?status=approved",
                  make_token(Scope.READ)[0]).get_json()["items"]
    assert [m["id"] for m in listed] == [match["id"]]
    assert listed[0]["history"]


def test_a_token_past_its_rate_limit_gets_429_with_retry_after(app, call, make_token):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    secret, _token = make_token(Scope.READ)
    answers = [call("GET", "/api/v1/matches", secret) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].headers["Retry-After"]
    assert answers[-1].mimetype == "application/problem+json"
    other, _token = make_token(Scope.READ)
    assert call("GET", "/api/v1/matches", other).status_code == 200  # counted per token
