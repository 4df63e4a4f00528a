"""The coordinators' mentor list tells a full mentor from one with a free place."""

from __future__ import annotations

import html
import re


def _row(page: str, pseudonym: str) -> str:
    return next(row for row in re.findall(r"<tr>.*?</tr>", page, re.S) if pseudonym in row)


def test_full_mentor_is_not_available_for_a_pair(client, login_as, approved_mentor, coordinator):
    full = approved_mentor(capacity=1, open_matches=1)
    free = approved_mentor(capacity=2, open_matches=1)
    login_as(coordinator)
    page = html.unescape(client.get("/programme/mentors").get_data(as_text=True))
    assert "complet" in _row(page, full.pseudonym)
    assert "disponible pour un binôme" not in _row(page, full.pseudonym)
    assert "disponible pour un binôme" in _row(page, free.pseudonym)
