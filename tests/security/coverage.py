"""The security suite's table of every URL rule: a new rule without an entry fails the suite.

For each rule: a sample URL (placeholders filled from the `world` fixture), who owns what it
touches (`actor`: a person of the world, or None for pages without login), and the people who
are not party to it (`strangers`), who must get 403 or 404 and change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

PARTICIPANT_STRANGERS = ("stranger_mentee", "stranger_mentor", "coordinator")
NON_COORDINATORS = ("owner_mentee", "owner_mentor", "stranger_mentee", "stranger_mentor")


@dataclass(frozen=True)
class Entry:
    url: str
    actor: str | None  # None: a public page
    strangers: tuple[str, ...] = ()


COVERAGE: dict[str, Entry] = {
    # Public pages.
    "/": Entry("/", None),
    "/help": Entry("/help", None),
    "/privacy": Entry("/privacy", None),
    # Probes and metrics (no login; /metrics checks the address or a token instead).
    "/healthz": Entry("/healthz", None),
    "/readyz": Entry("/readyz", None),
    "/metrics": Entry("/metrics", None),
    "/signup": Entry("/signup", None),
    "/login": Entry("/login", None),
    # The two-factor code step: without a checked password it only says to log in again.
    "/login/code": Entry("/login/code", None),
    "/password/forgot": Entry("/password/forgot", None),
    "/password/reset/<token>": Entry("/password/reset/not-a-token", None),
    "/language": Entry("/language", None),
    "/static/<path:filename>": Entry("/static/css/app.css", None),
    # The token in the URL is the credential: a stranger's guess is a plain 404.
    "/calendar/<token>.ics": Entry("/calendar/{feed}.ics", None),
    # Everyone's own pages: no id, so nothing of anyone else's to reach.
    "/home": Entry("/home", "owner_mentee"),
    "/logout": Entry("/logout", "owner_mentee"),
    "/account/password": Entry("/account/password", "owner_mentee"),
    "/account/settings": Entry("/account/settings", "owner_mentee"),
    "/account/security": Entry("/account/security", "owner_mentee"),
    "/account/two-factor": Entry("/account/two-factor", "owner_mentee"),
    "/account/two-factor/disable": Entry("/account/two-factor/disable", "owner_mentee"),
    "/account/two-factor/recovery-codes": Entry("/account/two-factor/recovery-codes",
                                                "owner_mentee"),
    "/account/sessions/end": Entry("/account/sessions/end", "owner_mentee"),
    "/account/data": Entry("/account/data", "owner_mentee"),
    "/account/data.json": Entry("/account/data.json", "owner_mentee"),
    "/account/delete": Entry("/account/delete", "owner_mentee"),
    "/account/calendar/regenerate": Entry("/account/calendar/regenerate", "owner_mentee"),
    "/account/calendar/revoke": Entry("/account/calendar/revoke", "owner_mentee"),
    "/notifications": Entry("/notifications", "owner_mentee"),
    "/availability": Entry("/availability", "owner_mentee"),
    "/request": Entry("/request", "owner_mentee"),
    "/request/status": Entry("/request/status", "owner_mentee"),
    "/request/renew": Entry("/request/renew", "owner_mentee"),
    "/request/withdraw": Entry("/request/withdraw", "owner_mentee"),
    "/application": Entry("/application", "owner_mentor"),
    "/mentor/settings": Entry("/mentor/settings", "owner_mentor"),
    "/meetings": Entry("/meetings", "owner_mentee"),
    "/messages": Entry("/messages", "owner_mentee"),
    "/matches/<int:match_id>/messages": Entry("/matches/{match}/messages", "owner_mentee",
                                              PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/messages/new": Entry("/matches/{match}/messages/new", "owner_mentee",
                                                  PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/messages/not-safe": Entry("/matches/{match}/messages/not-safe",
                                                       "owner_mentee", PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/messages/<int:message_id>/report": Entry(
        "/matches/{match}/messages/{message}/report", "owner_mentee", PARTICIPANT_STRANGERS),
    "/messages/settings": Entry("/messages/settings", "owner_mentee"),
    "/concern": Entry("/concern", "owner_mentee"),
    # Someone's availability slot.
    "/availability/<int:interval_id>/delete": Entry(
        "/availability/{interval}/delete", "owner_mentee",
        ("owner_mentor", "stranger_mentee", "stranger_mentor", "coordinator")),
    # A match and what hangs from it.
    "/matches/<int:match_id>": Entry("/matches/{match}", "owner_mentee",
                                     ("stranger_mentee", "stranger_mentor")),
    "/matches/<int:match_id>/accept": Entry("/matches/{match}/accept", "owner_mentor",
                                            PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/decline": Entry("/matches/{match}/decline", "owner_mentor",
                                             PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/confirm": Entry("/matches/{match}/confirm", "owner_mentee",
                                             PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/refuse": Entry("/matches/{match}/refuse", "owner_mentee",
                                            PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/close": Entry("/matches/{match}/close", "owner_mentee",
                                           ("stranger_mentee", "stranger_mentor")),
    "/matches/<int:match_id>/survey": Entry("/matches/{match}/survey", "owner_mentee",
                                            PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/withdraw": Entry("/matches/{match}/withdraw", "coordinator",
                                              NON_COORDINATORS),
    "/matches/<int:match_id>/meetings": Entry("/matches/{match}/meetings", "owner_mentee",
                                              ("stranger_mentee", "stranger_mentor")),
    "/matches/<int:match_id>/meetings/cancel": Entry("/matches/{match}/meetings/cancel",
                                                     "owner_mentee", PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/concern": Entry("/matches/{match}/concern", "owner_mentee",
                                             PARTICIPANT_STRANGERS),
    "/matches/<int:match_id>/notes": Entry("/matches/{match}/notes", "owner_mentor",
                                           ("owner_mentee", *PARTICIPANT_STRANGERS)),
    "/notes/<int:note_id>/share": Entry("/notes/{note}/share", "owner_mentor",
                                        ("owner_mentee", *PARTICIPANT_STRANGERS)),
    "/series/<int:series_id>/confirm": Entry("/series/{series}/confirm", "owner_mentor",
                                             PARTICIPANT_STRANGERS),
    "/series/<int:series_id>/decline": Entry("/series/{series}/decline", "owner_mentor",
                                             PARTICIPANT_STRANGERS),
    "/series/<int:series_id>/cancel": Entry("/series/{series}/cancel", "owner_mentee",
                                            PARTICIPANT_STRANGERS),
    "/series/<int:series_id>/invite.ics": Entry("/series/{series}/invite.ics", "owner_mentee",
                                                ("stranger_mentee", "stranger_mentor")),
    "/sessions/<int:occurrence_id>": Entry("/sessions/{occurrence}", "owner_mentee",
                                           PARTICIPANT_STRANGERS),
    "/sessions/<int:occurrence_id>/cancel": Entry("/sessions/{occurrence}/cancel",
                                                  "owner_mentee", PARTICIPANT_STRANGERS),
    "/sessions/<int:occurrence_id>/move": Entry("/sessions/{occurrence}/move", "owner_mentee",
                                                PARTICIPANT_STRANGERS),
    "/sessions/<int:occurrence_id>/change-series": Entry(
        "/sessions/{occurrence}/change-series", "owner_mentee", PARTICIPANT_STRANGERS),
    "/sessions/<int:occurrence_id>/checkin": Entry("/sessions/{occurrence}/checkin",
                                                   "owner_mentee", PARTICIPANT_STRANGERS),
    # A concern: only its reporter sees the receipt; only coordinators handle it.
    "/concerns/<int:concern_id>/sent": Entry("/concerns/{concern}/sent", "owner_mentee",
                                             ("owner_mentor", *PARTICIPANT_STRANGERS)),
    "/programme/concerns/<int:concern_id>": Entry("/programme/concerns/{concern}",
                                                  "coordinator", NON_COORDINATORS),
    "/programme/concerns/<int:concern_id>/acknowledge": Entry(
        "/programme/concerns/{concern}/acknowledge", "coordinator", NON_COORDINATORS),
    "/programme/concerns/<int:concern_id>/resolve": Entry(
        "/programme/concerns/{concern}/resolve", "coordinator", NON_COORDINATORS),
    # A conversation, read by a coordinator only during an open concern, with a reason.
    "/programme/matches/<int:match_id>/conversation": Entry(
        "/programme/matches/{match}/conversation", "coordinator", NON_COORDINATORS),
    "/programme/risk-flags/<int:flag_id>/checked": Entry(
        "/programme/risk-flags/{flag}/checked", "coordinator", NON_COORDINATORS),
    "/programme/held-messages/<int:held_id>": Entry(
        "/programme/held-messages/{held}", "coordinator", NON_COORDINATORS),
    "/programme/held-messages/<int:held_id>/decide": Entry(
        "/programme/held-messages/{held}/decide", "coordinator", NON_COORDINATORS),
    # Coordinators' pages: programme-wide by design; everyone else is refused.
    "/programme/risk-phrases": Entry("/programme/risk-phrases", "coordinator"),
    "/programme/risk-phrases/remove": Entry("/programme/risk-phrases/remove", "coordinator"),
    "/programme/risk-flags": Entry("/programme/risk-flags", "coordinator"),
    "/programme/held-messages": Entry("/programme/held-messages", "coordinator"),
    "/programme/": Entry("/programme/", "coordinator"),
    "/programme/audit": Entry("/programme/audit", "coordinator"),
    "/programme/concerns": Entry("/programme/concerns", "coordinator"),
    "/programme/export/participants.csv": Entry("/programme/export/participants.csv",
                                                "coordinator"),
    "/programme/import": Entry("/programme/import", "coordinator"),
    "/programme/import/preview": Entry("/programme/import/preview", "coordinator"),
    "/programme/import/confirm": Entry("/programme/import/confirm", "coordinator"),
    "/programme/insight/": Entry("/programme/insight/", "coordinator"),
    "/programme/insight/insight.csv": Entry("/programme/insight/insight.csv", "coordinator"),
    "/programme/matches": Entry("/programme/matches", "coordinator"),
    "/programme/mentees": Entry("/programme/mentees", "coordinator"),
    "/programme/mentors": Entry("/programme/mentors", "coordinator"),
    "/programme/round": Entry("/programme/round", "coordinator"),
    "/programme/round/approve": Entry("/programme/round/approve", "coordinator"),
    "/programme/pairs/manual": Entry("/programme/pairs/manual", "coordinator"),
    "/programme/pairs/incompatible": Entry("/programme/pairs/incompatible", "coordinator"),
    "/programme/tags": Entry("/programme/tags", "coordinator"),
    "/programme/tags/<int:tag_id>/toggle": Entry("/programme/tags/{tag}/toggle", "coordinator",
                                                 NON_COORDINATORS),
    "/programme/mentees/<int:user_id>/guardian-consent": Entry(
        "/programme/mentees/{mentee}/guardian-consent", "coordinator", NON_COORDINATORS),
    "/programme/mentors/<int:user_id>": Entry("/programme/mentors/{mentor}", "coordinator",
                                              NON_COORDINATORS),
    "/programme/mentors/<int:user_id>/approve": Entry("/programme/mentors/{mentor}/approve",
                                                      "coordinator", NON_COORDINATORS),
    "/programme/mentors/<int:user_id>/reject": Entry("/programme/mentors/{mentor}/reject",
                                                     "coordinator", NON_COORDINATORS),
}
