"""Form fields carry aria-invalid / aria-describedby only when they mean something."""

from __future__ import annotations

import re


def _dangling_ids(page: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    referenced = [ref for refs in re.findall(r'aria-describedby="([^"]*)"', page)
                  for ref in refs.split()]
    return [ref for ref in referenced if ref not in ids]


def test_request_form_has_no_none_attributes(client, login_as, make_mentee, post):
    login_as(make_mentee())
    page = client.get("/request").get_data(as_text=True)
    assert "<form" in page
    assert '"None"' not in page
    assert "aria-invalid" not in page
    assert _dangling_ids(page) == []

    # A form sent back with errors marks the faulty fields and links their messages.
    sent_back = post("/request", {"goals_text": ""}).get_data(as_text=True)
    assert 'aria-invalid="true"' in sent_back
    assert '"None"' not in sent_back
    assert _dangling_ids(sent_back) == []
