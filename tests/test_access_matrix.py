"""Every URL × every role: anonymous users go to login, wrong roles get 403, owners get in."""

from __future__ import annotations

import pytest

from mentoring import create_app

PUBLIC = "public"
ANY = "any logged-in user"
MENTEE, MENTOR, COORDINATOR = "mentee", "mentor", "coordinator"
PARTICIPANT = (MENTEE, MENTOR)

# endpoint -> (method, sample URL, who may use it). A new endpoint must be added here.
MATRIX = {
    "core.index": ("GET", "/", PUBLIC),
    "safety.help_page": ("GET", "/help", PUBLIC),
    "core.privacy": ("GET", "/privacy", PUBLIC),
    "accounts.signup": ("GET", "/signup", PUBLIC),
    "accounts.login": ("GET", "/login", PUBLIC),
    "accounts.forgot_password": ("GET", "/password/forgot", PUBLIC),
    "accounts.reset_password": ("GET", "/password/reset/x", PUBLIC),
    "accounts.set_language": ("POST", "/language", PUBLIC),
    # The second login step: without a checked password it says to log in again.
    "security.second_factor": ("GET", "/login/code", PUBLIC),
    "static": ("GET", "/static/css/app.css", PUBLIC),
    "core.home": ("GET", "/home", (MENTEE, MENTOR, COORDINATOR)),
    "accounts.logout": ("POST", "/logout", (MENTEE, MENTOR, COORDINATOR)),
    "accounts.change_password": ("GET", "/account/password", (MENTEE, MENTOR, COORDINATOR)),
    "accounts.settings": ("GET", "/account/settings", (MENTEE, MENTOR, COORDINATOR)),
    "security.overview": ("GET", "/account/security", (MENTEE, MENTOR, COORDINATOR)),
    "security.setup": ("GET", "/account/two-factor", (MENTEE, MENTOR, COORDINATOR)),
    "security.disable": ("POST", "/account/two-factor/disable", PARTICIPANT),
    "security.new_recovery_codes": ("POST", "/account/two-factor/recovery-codes",
                                    (MENTEE, MENTOR, COORDINATOR)),
    "security.log_out_everywhere": ("POST", "/account/sessions/end",
                                    (MENTEE, MENTOR, COORDINATOR)),
    "profiles.availability": ("GET", "/availability", PARTICIPANT),
    "profiles.add_availability": ("POST", "/availability", PARTICIPANT),
    "profiles.delete_availability": ("POST", "/availability/999999/delete", PARTICIPANT),
    "programme.dashboard": ("GET", "/programme/", (COORDINATOR,)),
    "programme.tags": ("GET", "/programme/tags", (COORDINATOR,)),
    "programme.add_tag": ("POST", "/programme/tags", (COORDINATOR,)),
    "programme.toggle_tag": ("POST", "/programme/tags/999999/toggle", (COORDINATOR,)),
    "notify.notifications": ("GET", "/notifications", (MENTEE, MENTOR, COORDINATOR)),
    "rights.my_data": ("GET", "/account/data", (MENTEE, MENTOR, COORDINATOR)),
    "rights.download_data": ("GET", "/account/data.json", (MENTEE, MENTOR, COORDINATOR)),
    "rights.delete_account": ("POST", "/account/delete", (MENTEE, MENTOR, COORDINATOR)),
    "pairing.ask_for_new_mentor": ("POST", "/request/renew", (MENTEE,)),
    "pairing.survey": ("POST", "/matches/999999/survey", (MENTEE, MENTOR)),
    "safety.report_concern": ("GET", "/concern", (MENTEE, MENTOR)),
    "safety.concern_sent": ("GET", "/concerns/999999/sent", (MENTEE, MENTOR)),
    "safety.concern_list": ("GET", "/programme/concerns", (COORDINATOR,)),
    "safety.concern_detail": ("GET", "/programme/concerns/999999", (COORDINATOR,)),
    "safety.acknowledge_concern": ("POST", "/programme/concerns/999999/acknowledge",
                                   (COORDINATOR,)),
    "safety.resolve_concern": ("POST", "/programme/concerns/999999/resolve", (COORDINATOR,)),
    "safety.checkin": ("GET", "/sessions/999999/checkin", (MENTEE, MENTOR)),
    "safety.session_notes": ("GET", "/matches/999999/notes", (MENTOR,)),
    "safety.share_note": ("POST", "/notes/999999/share", (MENTOR,)),
    "profiles.request_form": ("GET", "/request", (MENTEE,)),
    "profiles.application_form": ("GET", "/application", (MENTOR,)),
    "profiles.mentor_settings": ("GET", "/mentor/settings", (MENTOR,)),
    "pairing.request_status": ("GET", "/request/status", (MENTEE,)),
    "pairing.withdraw_request": ("POST", "/request/withdraw", (MENTEE,)),
    "pairing.match_page": ("GET", "/matches/999999", (MENTEE, MENTOR, COORDINATOR)),
    "pairing.accept": ("POST", "/matches/999999/accept", (MENTOR,)),
    "pairing.decline": ("POST", "/matches/999999/decline", (MENTOR,)),
    "pairing.confirm": ("POST", "/matches/999999/confirm", (MENTEE,)),
    "pairing.refuse": ("POST", "/matches/999999/refuse", (MENTEE,)),
    "pairing.cancel": ("POST", "/matches/999999/withdraw", (COORDINATOR,)),
    "pairing.close": ("POST", "/matches/999999/close", (MENTEE, MENTOR, COORDINATOR)),
    "rounds.round_page": ("GET", "/programme/round", (COORDINATOR,)),
    "rounds.preview_round": ("POST", "/programme/round", (COORDINATOR,)),
    "rounds.approve_round": ("POST", "/programme/round/approve", (COORDINATOR,)),
    "rounds.manual_pair": ("POST", "/programme/pairs/manual", (COORDINATOR,)),
    "rounds.mark_incompatible": ("POST", "/programme/pairs/incompatible", (COORDINATOR,)),
    "rounds.matches": ("GET", "/programme/matches", (COORDINATOR,)),
    "people.mentors": ("GET", "/programme/mentors", (COORDINATOR,)),
    "people.mentor_review": ("GET", "/programme/mentors/999999", (COORDINATOR,)),
    "people.approve_mentor": ("POST", "/programme/mentors/999999/approve", (COORDINATOR,)),
    "people.reject_mentor": ("POST", "/programme/mentors/999999/reject", (COORDINATOR,)),
    "people.mentees": ("GET", "/programme/mentees", (COORDINATOR,)),
    "people.guardian_consent": ("POST", "/programme/mentees/999999/guardian-consent",
                                (COORDINATOR,)),
    "people.audit": ("GET", "/programme/audit", (COORDINATOR,)),
    "imports.import_form": ("GET", "/programme/import", (COORDINATOR,)),
    "imports.preview_import": ("POST", "/programme/import/preview", (COORDINATOR,)),
    "imports.confirm_import": ("POST", "/programme/import/confirm", (COORDINATOR,)),
    "imports.export_participants": ("GET", "/programme/export/participants.csv", (COORDINATOR,)),
    "insight.page": ("GET", "/programme/insight/", (COORDINATOR,)),
    "insight.export_csv": ("GET", "/programme/insight/insight.csv", (COORDINATOR,)),
    "meetings.my_meetings": ("GET", "/meetings", PARTICIPANT),
    "conversations.inbox": ("GET", "/messages", PARTICIPANT),
    "conversations.thread": ("GET", "/matches/999999/messages", PARTICIPANT),
    "conversations.send": ("POST", "/matches/999999/messages", PARTICIPANT),
    "conversations.new_messages": ("GET", "/matches/999999/messages/new", PARTICIPANT),
    "conversations.not_safe": ("POST", "/matches/999999/messages/not-safe", PARTICIPANT),
    "conversations.report": ("GET", "/matches/999999/messages/999999/report", PARTICIPANT),
    "conversations.message_settings": ("GET", "/messages/settings", PARTICIPANT),
    "conversation_care.risk_phrases": ("GET", "/programme/risk-phrases", (COORDINATOR,)),
    "conversation_care.add_risk_phrase": ("POST", "/programme/risk-phrases", (COORDINATOR,)),
    "conversation_care.remove_risk_phrase": ("POST", "/programme/risk-phrases/remove",
                                             (COORDINATOR,)),
    "conversation_care.risk_flags": ("GET", "/programme/risk-flags", (COORDINATOR,)),
    "conversation_care.flag_checked": ("POST", "/programme/risk-flags/999999/checked",
                                       (COORDINATOR,)),
    "conversation_care.held_messages": ("GET", "/programme/held-messages", (COORDINATOR,)),
    "conversation_care.held_message": ("GET", "/programme/held-messages/999999", (COORDINATOR,)),
    "conversation_care.decide_held": ("POST", "/programme/held-messages/999999/decide",
                                      (COORDINATOR,)),
    "conversation_care.open_conversation": ("GET", "/programme/matches/999999/conversation",
                                            (COORDINATOR,)),
    "conversation_care.read_conversation": ("POST", "/programme/matches/999999/conversation",
                                            (COORDINATOR,)),
    "meetings.match_meetings": ("GET", "/matches/999999/meetings", (MENTEE, MENTOR, COORDINATOR)),
    "meetings.propose": ("POST", "/matches/999999/meetings", PARTICIPANT),
    "meetings.confirm": ("POST", "/series/999999/confirm", PARTICIPANT),
    "meetings.decline": ("POST", "/series/999999/decline", PARTICIPANT),
    "meetings.cancel_series": ("POST", "/series/999999/cancel", PARTICIPANT),
    "meetings.cancel_remaining_page": ("GET", "/matches/999999/meetings/cancel", PARTICIPANT),
    "meetings.cancel_remaining": ("POST", "/matches/999999/meetings/cancel", PARTICIPANT),
    "meetings.cancel_occurrence_page": ("GET", "/sessions/999999/cancel", PARTICIPANT),
    "meetings.download_invite": ("GET", "/series/999999/invite.ics",
                                 (MENTEE, MENTOR, COORDINATOR)),
    "meetings.session_page": ("GET", "/sessions/999999", PARTICIPANT),
    "meetings.cancel_occurrence": ("POST", "/sessions/999999/cancel", PARTICIPANT),
    "meetings.move_occurrence": ("POST", "/sessions/999999/move", PARTICIPANT),
    "meetings.change_series": ("POST", "/sessions/999999/change-series", PARTICIPANT),
    "meetings.regenerate_feed": ("POST", "/account/calendar/regenerate", PARTICIPANT),
    "meetings.revoke_feed": ("POST", "/account/calendar/revoke", PARTICIPANT),
    # No login: the token in the URL is the credential; a wrong token is a plain 404.
    "meetings.feed": ("GET", "/calendar/not-a-key.not-a-mac.ics", PUBLIC),
    # Probes for load balancers and the metrics scraper (the test client is a loopback address).
    "health.healthz": ("GET", "/healthz", PUBLIC),
    "health.readyz": ("GET", "/readyz", PUBLIC),
    "health.metrics": ("GET", "/metrics", PUBLIC),
}
PUBLIC_NOT_FOUND = {"meetings.feed"}
# No scheduler has swept in a test world: "not ready" is the right answer.
PUBLIC_UNAVAILABLE = {"health.readyz"}

PROTECTED = [(e, spec) for e, spec in MATRIX.items() if spec[2] != PUBLIC]


def test_every_endpoint_is_in_the_matrix():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(MATRIX) == set(), "add the new endpoints to MATRIX"
    assert set(MATRIX) - endpoints == set(), "remove endpoints that no longer exist"


def _call(client, post, method, url):
    return client.get(url) if method == "GET" else post(url, {})


@pytest.mark.parametrize(("endpoint", "spec"), PROTECTED, ids=[e for e, _ in PROTECTED])
def test_anonymous_is_sent_to_login(client, post, endpoint, spec):
    method, url, _ = spec
    response = _call(client, post, method, url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(("endpoint", "spec"), PROTECTED, ids=[e for e, _ in PROTECTED])
@pytest.mark.parametrize("role", [MENTEE, MENTOR, COORDINATOR])
def test_each_role_is_let_in_or_refused(client, post, make_user, login_as, endpoint, spec, role):
    from mentoring.accounts.models import Role

    method, url, allowed = spec
    login_as(make_user(Role(role)))
    response = _call(client, post, method, url)
    if role in allowed:
        assert response.status_code not in (401, 403)
        assert not response.headers.get("Location", "").startswith("/login")
    else:
        assert response.status_code == 403
        assert "accès" in response.get_data(as_text=True)


@pytest.mark.parametrize("endpoint", [e for e, s in MATRIX.items() if s[2] == PUBLIC])
def test_public_pages_answer_without_login(client, post, endpoint):
    method, url, _ = MATRIX[endpoint]
    response = _call(client, post, method, url)
    expected = ((404,) if endpoint in PUBLIC_NOT_FOUND
                else (503,) if endpoint in PUBLIC_UNAVAILABLE else (200, 302, 400))
    assert response.status_code in expected
    assert not response.headers.get("Location", "").startswith("/login")
