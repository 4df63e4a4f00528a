"""Words for the audit trail: what each recorded action, record type and state means.

The features record short codes (`match_active`, `meeting_session_moved`); the audit page shows
these sentences in the reader's language. `tests/programme/test_audit_labels.py` fails when a
feature records an action that has no words here.
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

ACTIONS: dict[str, LazyString] = {
    # accounts
    "account_erased": _l("Account erased"),
    "two_factor_enabled": _l("Two-step sign-in turned on"),
    "two_factor_disabled": _l("Two-step sign-in turned off"),
    "two_factor_reset": _l("Two-step sign-in reset by a coordinator"),
    "recovery_codes_replaced": _l("Recovery codes replaced"),
    "logged_out_everywhere": _l("Signed out on every device"),
    # profiles and screening
    "mentor_approved": _l("Mentor approved"),
    "mentor_rejected": _l("Mentor application turned down"),
    "screening_expired": _l("Mentor screening expired"),
    "guardian_consent": _l("Guardian's consent recorded"),
    "viewed_application_story": _l("Read a mentor's application story"),
    "viewed_request_text": _l("Read a mentee's request text"),
    "participant_imported": _l("Participant imported"),
    "request_withdrawn": _l("Request withdrawn"),
    "request_renewed": _l("Back on the waiting list"),
    # pairing
    "match_approved": _l("Pair approved"),
    "match_accepted": _l("Mentor accepted the match"),
    "match_active": _l("Match started"),
    "match_closed": _l("Match ended"),
    "match_declined": _l("Mentor declined the match"),
    "match_expired": _l("Proposal expired without an answer"),
    "match_withdrawn": _l("Match withdrawn before it started"),
    "match_rejected": _l("Mentee did not confirm the mentor"),
    "pair_incompatible": _l("Pair marked as not to be matched"),
    # meetings
    "meeting_proposed": _l("Meeting times proposed"),
    "meeting_confirmed": _l("Meeting times confirmed"),
    "meeting_declined": _l("Meeting times declined"),
    "meeting_session_cancelled": _l("Session cancelled"),
    "meeting_session_moved": _l("Session moved"),
    "meeting_series_shortened": _l("Sessions changed from a date on"),
    "meeting_series_cancelled": _l("Remaining sessions cancelled"),
    "meeting_series_booked": _l("New sessions booked"),
    "meeting_proposal_cancelled": _l("Meeting proposal withdrawn"),
    # safety
    "concern_raised": _l("Concern raised"),
    "concern_acknowledged": _l("Concern taken on"),
    "concern_resolved": _l("Concern resolved"),
    "concern_realerted": _l("Concern alert sent again"),
    "viewed_concern": _l("Read a concern"),
    "note_shared": _l("Mentor shared a note with coordinators"),
    "viewed_shared_notes": _l("Read shared notes"),
    "crisis_list_edited": _l("Crisis numbers edited"),
    "crisis_list_reset": _l("Crisis numbers reset to the shipped list"),
    # conversations
    "conversation_opened": _l("Coordinator opened a conversation"),
    "conversation_erased": _l("Conversation erased"),
    "risk_flag_checked": _l("Risk flag checked"),
    "risk_phrase_added": _l("Risk phrase added"),
    "risk_phrase_removed": _l("Risk phrase removed"),
    "viewed_held_message": _l("Read a held message"),
    "held_message_released": _l("Held message released"),
    "held_message_declined": _l("Held message not delivered"),
    # agreements
    "agreement_edited": _l("Match agreement edited"),
    # support
    "support_contact": _l("Support contact recorded"),
    "support_schedule_changed": _l("Support schedule changed"),
    # API
    "api_token_created": _l("API token created"),
    "api_token_revoked": _l("API token revoked"),
    "api_call": _l("API call"),
}

SUBJECTS: dict[str, LazyString] = {
    "match": _l("Match"),
    "mentee": _l("Mentee"),
    "mentor": _l("Mentor"),
    "coordinator": _l("Coordinator"),
    "user": _l("Account"),
    "concern": _l("Concern"),
    "meeting_series": _l("Meeting series"),
    "crisis_list": _l("Crisis list"),
    "risk_phrase": _l("Risk phrase"),
    "api_token": _l("API token"),
    "programme": _l("Programme"),
    "support_contact": _l("Support contact"),
}

STATES: dict[str, LazyString] = {
    "approved": _l("approved"),
    "accepted": _l("accepted"),
    "active": _l("active"),
    "closed": _l("ended"),
    "declined": _l("declined"),
    "expired": _l("expired"),
    "withdrawn": _l("withdrawn"),
    "rejected": _l("not confirmed"),
    "proposed": _l("proposed"),
    "confirmed": _l("confirmed"),
    "cancelled": _l("cancelled"),
    "replaced": _l("replaced"),
    "new": _l("new"),
    "acknowledged": _l("taken on"),
    "resolved": _l("resolved"),
    "erased": _l("erased"),
    "waiting": _l("waiting"),
    "consented": _l("consent given"),
    "unmatchable": _l("cannot be matched"),
    "applied": _l("applied"),
    "released": _l("released"),
    "immediate_risk": _l("immediate risk"),
    "boundary": _l("boundary"),
    "safeguarding_minor": _l("safeguarding of a minor"),
    "other": _l("other"),
    "suicide": _l("suicide"),
    "self_harm": _l("self-harm"),
    "abuse": _l("abuse"),
    "violence": _l("violence"),
}


def _readable(code: str) -> str:
    return code.replace("_", " ")


def action_label(code: str) -> str:
    """The action in words; an unknown code (a newer feature) is shown with spaces, not hidden."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else _readable(code)


def subject_label(code: str) -> str:
    label = SUBJECTS.get(code)
    return str(label) if label is not None else _readable(code)


def state_label(code: str | None) -> str:
    if not code:
        return "—"
    label = STATES.get(code)
    return str(label) if label is not None else _readable(code)
