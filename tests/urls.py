"""The one registry of URL rules: each rule once, with who may use it and who owns what it touches.

A new URL rule fails the suite until it is added here. Two suites read this table:
`tests/security/test_access_matrix.py` (every rule × every role: anonymous visitors go to login,
wrong roles get 403, allowed roles get in) and the security suite in `tests/security/` (strangers
get 403 or 404 and change nothing; bad input gets a sentence, never a 500).

For each rule path (as in the app's url_map):
- `url`: a sample URL; placeholders such as `{match}` are filled from the security `world`
  fixture (`SAMPLE_IDS` fills them where no world is needed); `{occurrence}` is a past session,
  `{upcoming}` one still to come (with the clock at FIXED_NOW);
- `roles`: PUBLIC, or the roles let in (a dict by method where GET and POST differ);
- `actor`: the person of the world who owns what the URL touches (by default the world's owner of
  the first allowed role; None for public pages);
- `strangers`: people of the world who are not party to it and must get 403 or 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PUBLIC = "public"
MENTEE, MENTOR, COORDINATOR = "mentee", "mentor", "coordinator"
EVERYONE = (MENTEE, MENTOR, COORDINATOR)
PARTICIPANT = (MENTEE, MENTOR)
MENTEE_ONLY, MENTOR_ONLY, COORDINATOR_ONLY = (MENTEE,), (MENTOR,), (COORDINATOR,)

PARTICIPANT_STRANGERS = ("stranger_mentee", "stranger_mentor", "coordinator")
NON_COORDINATORS = ("owner_mentee", "owner_mentor", "stranger_mentee", "stranger_mentor")
# The person of the security world who acts for each role.
WORLD_PERSON = {MENTEE: "owner_mentee", MENTOR: "owner_mentor", COORDINATOR: "coordinator"}
# Placeholders filled without a world: ids that exist nowhere.
SAMPLE_IDS = {name: "999999" for name in (
    "match", "series", "occurrence", "upcoming", "concern", "note", "interval", "tag", "mentor",
    "mentee")}
SAMPLE_IDS |= {"feed": "not-a-key.not-a-mac", "day": "2026-11-27", "api_token": "999999",
               "message": "999999", "flag": "999999", "held": "999999", "goal": "999999",
               "contact": "999999"}

Roles = str | tuple[str, ...]


@dataclass(frozen=True)
class Url:
    url: str
    roles: Roles | dict[str, Roles]
    actor: str | None = field(default="", compare=False)  # "": derived from the roles
    strangers: tuple[str, ...] = ()

    def roles_for(self, method: str) -> Roles:
        return self.roles[method] if isinstance(self.roles, dict) else self.roles

    @property
    def owner(self) -> str | None:
        if self.actor != "":
            return self.actor
        first = next(iter(self.roles.values())) if isinstance(self.roles, dict) else self.roles
        return None if first == PUBLIC else WORLD_PERSON[first[0]]

    def sample(self) -> str:
        return self.url.format(**SAMPLE_IDS)


def url_calls() -> list[tuple[str, str]]:
    """(rule path, method) for every rule of the app and every method it answers."""
    from mentoring import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    # /api/v1 takes tokens, never the session cookie: tests/api/test_api.py walks each of its
    # routes (401 without a token, scopes, bad input) and Schemathesis fuzzes them.
    return sorted({(rule.rule, method) for rule in app.url_map.iter_rules()
                   if not rule.rule.startswith("/api/")
                   for method in rule.methods - {"HEAD", "OPTIONS"}})


URLS: dict[str, Url] = {
    "/": Url("/", PUBLIC),
    "/help": Url("/help", PUBLIC),
    "/privacy": Url("/privacy", PUBLIC),
    # Probes and metrics (no login; /metrics checks the address or a token instead).
    "/healthz": Url("/healthz", PUBLIC),
    "/readyz": Url("/readyz", PUBLIC),
    "/metrics": Url("/metrics", PUBLIC),
    "/signup": Url("/signup", PUBLIC),
    "/login": Url("/login", PUBLIC),
    # The second login step: without a checked password it only says to log in again.
    "/login/code": Url("/login/code", PUBLIC),
    "/password/forgot": Url("/password/forgot", PUBLIC),
    "/password/reset/<token>": Url("/password/reset/not-a-token", PUBLIC),
    "/signup/confirm/<token>": Url("/signup/confirm/not-a-token", PUBLIC),
    "/language": Url("/language", PUBLIC),
    "/static/<path:filename>": Url("/static/css/app.css", PUBLIC),
    # No login: the token in the URL is the credential; a wrong one is a plain 404.
    "/calendar/<token>.ics": Url("/calendar/{feed}.ics", PUBLIC),
    # Everyone's own pages: no id, so nothing of anyone else's to reach.
    "/home": Url("/home", EVERYONE),
    "/logout": Url("/logout", EVERYONE),
    "/account/password": Url("/account/password", EVERYONE),
    "/account/settings": Url("/account/settings", EVERYONE),
    "/account/security": Url("/account/security", EVERYONE),
    "/account/two-factor": Url("/account/two-factor", EVERYONE),
    "/account/two-factor/start": Url("/account/two-factor/start", EVERYONE),
    "/account/two-factor/disable": Url("/account/two-factor/disable", PARTICIPANT),
    "/account/two-factor/recovery-codes": Url("/account/two-factor/recovery-codes", EVERYONE),
    "/account/sessions/end": Url("/account/sessions/end", EVERYONE),
    "/account/data": Url("/account/data", EVERYONE),
    "/account/data.json": Url("/account/data.json", EVERYONE),
    "/account/data/readable": Url("/account/data/readable", EVERYONE),
    "/account/delete": Url("/account/delete", EVERYONE),
    "/account/calendar/regenerate": Url("/account/calendar/regenerate", PARTICIPANT),
    "/account/calendar/revoke": Url("/account/calendar/revoke", PARTICIPANT),
    "/notifications": Url("/notifications", EVERYONE),
    "/notifications/read": Url("/notifications/read", EVERYONE),
    "/availability": Url("/availability", PARTICIPANT),
    "/request": Url("/request", MENTEE_ONLY),
    "/request/status": Url("/request/status", MENTEE_ONLY),
    "/request/renew": Url("/request/renew", MENTEE_ONLY),
    "/request/withdraw": Url("/request/withdraw", MENTEE_ONLY),
    "/application": Url("/application", MENTOR_ONLY),
    "/mentor/settings": Url("/mentor/settings", MENTOR_ONLY),
    "/meetings": Url("/meetings", PARTICIPANT),
    "/messages": Url("/messages", PARTICIPANT),
    "/messages/settings": Url("/messages/settings", PARTICIPANT),
    "/matches/<int:match_id>/messages/not-safe": Url(
        "/matches/{match}/messages/not-safe", PARTICIPANT, strangers=PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/messages/<int:message_id>/report": Url(
        "/matches/{match}/messages/{message}/report", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/messages": Url(
        "/matches/{match}/messages", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/matches/<int:match_id>/messages/new": Url(
        "/matches/{match}/messages/new", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/concern": Url("/concern", PARTICIPANT),
    # Someone's availability slot; then a match and what hangs from it.
    "/availability/<int:interval_id>/delete": Url(
        "/availability/{interval}/delete", PARTICIPANT,
        strangers=("owner_mentor", *PARTICIPANT_STRANGERS),
    ),
    "/matches/<int:match_id>": Url(
        "/matches/{match}", EVERYONE,
        strangers=("stranger_mentee", "stranger_mentor"),
    ),
    "/matches/<int:match_id>/accept": Url(
        "/matches/{match}/accept", MENTOR_ONLY,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/matches/<int:match_id>/decline": Url(
        "/matches/{match}/decline", MENTOR_ONLY,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/matches/<int:match_id>/confirm": Url(
        "/matches/{match}/confirm", MENTEE_ONLY,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/matches/<int:match_id>/refuse": Url(
        "/matches/{match}/refuse", MENTEE_ONLY,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/matches/<int:match_id>/close": Url(
        "/matches/{match}/close", EVERYONE,
        strangers=("stranger_mentee", "stranger_mentor"),
    ),
    "/matches/<int:match_id>/survey": Url(
        "/matches/{match}/survey", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/matches/<int:match_id>/withdraw": Url(
        "/matches/{match}/withdraw", COORDINATOR_ONLY,
        strangers=NON_COORDINATORS,
    ),
    "/matches/<int:match_id>/meetings": Url(
        "/matches/{match}/meetings", {"GET": EVERYONE, "POST": PARTICIPANT},
        strangers=("stranger_mentee", "stranger_mentor"),
    ),
    "/matches/<int:match_id>/meetings/cancel": Url(
        "/matches/{match}/meetings/cancel", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/matches/<int:match_id>/concern": Url(
        "/matches/{match}/concern", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/matches/<int:match_id>/notes": Url(
        "/matches/{match}/notes", MENTOR_ONLY,
        strangers=("owner_mentee", *PARTICIPANT_STRANGERS),
    ),
    "/notes/<int:note_id>/share": Url(
        "/notes/{note}/share", MENTOR_ONLY,
        strangers=("owner_mentee", *PARTICIPANT_STRANGERS),
    ),
    "/series/<int:series_id>/confirm": Url(
        "/series/{series}/confirm", PARTICIPANT,
        actor="owner_mentor",
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/series/<int:series_id>/decline": Url(
        "/series/{series}/decline", PARTICIPANT,
        actor="owner_mentor",
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/series/<int:series_id>/cancel": Url(
        "/series/{series}/cancel", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/series/<int:series_id>/invite.ics": Url(
        "/series/{series}/invite.ics", EVERYONE,
        strangers=("stranger_mentee", "stranger_mentor"),
    ),
    "/sessions/<int:occurrence_id>": Url(
        "/sessions/{occurrence}", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/sessions/<int:occurrence_id>/cancel": Url(
        "/sessions/{upcoming}/cancel", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/sessions/<int:occurrence_id>/move": Url(
        "/sessions/{upcoming}/move", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/sessions/<int:occurrence_id>/change-series": Url(
        "/sessions/{upcoming}/change-series", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    "/sessions/<int:occurrence_id>/checkin": Url(
        "/sessions/{occurrence}/checkin", PARTICIPANT,
        strangers=PARTICIPANT_STRANGERS,
    ),
    # A concern: only its reporter sees the receipt; only coordinators handle it.
    "/concerns/<int:concern_id>/sent": Url(
        "/concerns/{concern}/sent", PARTICIPANT,
        strangers=("owner_mentor", *PARTICIPANT_STRANGERS),
    ),
    "/programme/concerns/<int:concern_id>": Url(
        "/programme/concerns/{concern}", COORDINATOR_ONLY,
        strangers=NON_COORDINATORS,
    ),
    "/programme/concerns/<int:concern_id>/acknowledge": Url(
        "/programme/concerns/{concern}/acknowledge", COORDINATOR_ONLY,
        strangers=NON_COORDINATORS,
    ),
    "/programme/concerns/<int:concern_id>/resolve": Url(
        "/programme/concerns/{concern}/resolve", COORDINATOR_ONLY,
        strangers=NON_COORDINATORS,
    ),
    # Coordinators' pages: programme-wide by design; everyone else is refused.
    "/programme/": Url("/programme/", COORDINATOR_ONLY),
    "/programme/audit": Url("/programme/audit", COORDINATOR_ONLY),
    "/programme/concerns": Url("/programme/concerns", COORDINATOR_ONLY),
    "/programme/export/participants.csv": Url(
        "/programme/export/participants.csv", COORDINATOR_ONLY,
    ),
    "/programme/import": Url("/programme/import", COORDINATOR_ONLY),
    "/programme/import/preview": Url("/programme/import/preview", COORDINATOR_ONLY),
    "/programme/import/confirm": Url("/programme/import/confirm", COORDINATOR_ONLY),
    "/programme/insight/": Url("/programme/insight/", COORDINATOR_ONLY),
    "/programme/insight/insight.csv": Url("/programme/insight/insight.csv", COORDINATOR_ONLY),
    "/programme/matches": Url("/programme/matches", COORDINATOR_ONLY),
    "/programme/mentees": Url("/programme/mentees", COORDINATOR_ONLY),
    "/programme/mentors": Url("/programme/mentors", COORDINATOR_ONLY),
    "/programme/round": Url("/programme/round", COORDINATOR_ONLY),
    "/programme/round/approve": Url("/programme/round/approve", COORDINATOR_ONLY),
    "/programme/pairs/manual": Url("/programme/pairs/manual", COORDINATOR_ONLY),
    "/programme/pairs/incompatible": Url("/programme/pairs/incompatible", COORDINATOR_ONLY),
    "/programme/tags": Url("/programme/tags", COORDINATOR_ONLY),
    "/programme/helplines/": Url("/programme/helplines/", COORDINATOR_ONLY),
    # Conversations' safeguards: risk phrases and flags, held messages, a coordinator's reading
    # of a conversation (only during an open concern, with a reason, shown to both people).
    "/programme/risk-phrases": Url("/programme/risk-phrases", COORDINATOR_ONLY),
    "/programme/risk-phrases/remove": Url("/programme/risk-phrases/remove", COORDINATOR_ONLY),
    "/programme/risk-flags": Url("/programme/risk-flags", COORDINATOR_ONLY),
    "/programme/risk-flags/<int:flag_id>/checked": Url(
        "/programme/risk-flags/{flag}/checked", COORDINATOR_ONLY, strangers=NON_COORDINATORS),
    "/programme/held-messages": Url("/programme/held-messages", COORDINATOR_ONLY),
    "/programme/held-messages/<int:held_id>": Url(
        "/programme/held-messages/{held}", COORDINATOR_ONLY, strangers=NON_COORDINATORS),
    "/programme/held-messages/<int:held_id>/decide": Url(
        "/programme/held-messages/{held}/decide", COORDINATOR_ONLY, strangers=NON_COORDINATORS),
    "/programme/matches/<int:match_id>/conversation": Url(
        "/programme/matches/{match}/conversation", COORDINATOR_ONLY, strangers=NON_COORDINATORS),
    "/programme/helplines/add": Url("/programme/helplines/add", COORDINATOR_ONLY),
    # Match support: coordinators' contacts with a match (private notes), the schedule.
    "/programme/matches/<int:match_id>/support": Url(
        "/programme/matches/{match}/support", COORDINATOR_ONLY, strangers=NON_COORDINATORS),
    "/programme/support-contacts/<int:contact_id>/follow-up-done": Url(
        "/programme/support-contacts/{contact}/follow-up-done", COORDINATOR_ONLY,
        strangers=NON_COORDINATORS),
    "/programme/support/schedule": Url("/programme/support/schedule", COORDINATOR_ONLY),
    "/programme/helplines/<code>": Url("/programme/helplines/CA", COORDINATOR_ONLY),
    "/programme/helplines/<code>/reset": Url("/programme/helplines/CA/reset", COORDINATOR_ONLY),
    # A coordinator's own API tokens (another coordinator's token id is a 404: tests/api).
    "/account/api-tokens": Url("/account/api-tokens", COORDINATOR_ONLY),
    "/account/api-tokens/<int:token_id>/revoke": Url(
        "/account/api-tokens/{api_token}/revoke", COORDINATOR_ONLY, strangers=NON_COORDINATORS),
    "/programme/tags/<int:tag_id>/toggle": Url(
        "/programme/tags/{tag}/toggle", COORDINATOR_ONLY,
        strangers=NON_COORDINATORS,
    ),
    "/programme/mentees/<int:user_id>/guardian-consent": Url(
        "/programme/mentees/{mentee}/guardian-consent", COORDINATOR_ONLY,
        strangers=NON_COORDINATORS,
    ),
    "/programme/mentors/<int:user_id>": Url(
        "/programme/mentors/{mentor}", COORDINATOR_ONLY,
        strangers=NON_COORDINATORS,
    ),
    "/programme/mentors/<int:user_id>/approve": Url(
        "/programme/mentors/{mentor}/approve", COORDINATOR_ONLY,
        strangers=NON_COORDINATORS,
    ),
    "/programme/mentors/<int:user_id>/reject": Url(
        "/programme/mentors/{mentor}/reject", COORDINATOR_ONLY,
        strangers=NON_COORDINATORS,
    ),
    # The match agreement and shared goals (mentoring/agreements/).
    "/matches/<int:match_id>/agreement": Url(
        "/matches/{match}/agreement", {"GET": EVERYONE, "POST": PARTICIPANT},
        strangers=("stranger_mentee", "stranger_mentor"),
    ),
    "/matches/<int:match_id>/goals": Url(
        "/matches/{match}/goals", {"GET": EVERYONE, "POST": PARTICIPANT},
        strangers=("stranger_mentee", "stranger_mentor"),
    ),
    "/goals/<int:goal_id>/decision": Url(
        "/goals/{goal}/decision", MENTEE_ONLY, strangers=PARTICIPANT_STRANGERS),
    "/goals/<int:goal_id>/status": Url(
        "/goals/{goal}/status", MENTEE_ONLY, strangers=PARTICIPANT_STRANGERS),
    "/goals/<int:goal_id>/notes": Url(
        "/goals/{goal}/notes", PARTICIPANT, strangers=PARTICIPANT_STRANGERS),
    "/programme/agreement": Url("/programme/agreement", COORDINATOR_ONLY),
}
