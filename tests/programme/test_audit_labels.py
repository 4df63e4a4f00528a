"""The audit trail reads as sentences in the coordinator's language, never as internal codes."""

from __future__ import annotations

import re
from pathlib import Path

from mentoring.core.audit import record
from mentoring.pairing.models import MatchStatus
from mentoring.programme import audit_labels
from tests.factories import FIXED_NOW

SOURCE = Path(__file__).resolve().parents[2] / "mentoring"


def recorded_action_codes() -> set[str]:
    """Every action code the features can record, read from their source."""
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'action="([a-z_]+)"', text))
        # Helpers that wrap record(): _audit(series, actor, "meeting_proposed", now) and the like.
        codes |= set(re.findall(r'_audit\([^()"]*"([a-z_]+)"', text))
        codes |= set(re.findall(r'action = "([a-z_]+)"', text))
    # The two codes built from a value.
    codes |= {f"match_{status.value}" for status in MatchStatus}
    codes |= {"held_message_released", "held_message_declined"}
    return codes


def test_every_action_a_feature_records_has_words_for_the_audit_page():
    codes = recorded_action_codes()
    assert len(codes) > 40  # the scan found the features' codes, not nothing
    missing = sorted(code for code in codes if code not in audit_labels.ACTIONS)
    assert missing == [], f"add words in programme/audit_labels.py: {missing}"


def test_the_audit_page_shows_actions_and_states_in_words_in_french_and_english(
        app, db, client, login_as, coordinator, make_active_match, frozen):
    match = make_active_match()
    record(actor=coordinator, action="match_closed", subject_type="match", subject_id=match.id,
           now=FIXED_NOW, from_status="active", to_status="closed")
    record(actor=None, action="meeting_session_moved", subject_type="meeting_series",
           subject_id=7, now=FIXED_NOW, from_status="confirmed", to_status="confirmed")
    coordinator.locale = "en"
    db.session.commit()
    login_as(coordinator)

    page = client.get("/programme/audit").get_data(as_text=True)
    assert "Match ended" in page and "Session moved" in page
    assert f"Match no.\u00a0{match.id}" in page and "Meeting series no.\u00a07" in page
    assert ">ended<" in page and ">active<" in page
    for code in ("match_closed", "meeting_session_moved", "meeting_series"):
        assert code not in page

    coordinator.locale = "fr"
    db.session.commit()
    page = client.get("/programme/audit").get_data(as_text=True)
    assert "Fin du binôme" in page and "Binôme n°\u00a0" in page
    assert "Séance déplacée" in page
    assert "match_closed" not in page
