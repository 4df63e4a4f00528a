"""The security suite's view of the one URL registry (`tests/urls.py`): rule path -> Entry.

Register a new URL in `tests/urls.py`, not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.urls import NON_COORDINATORS, PARTICIPANT_STRANGERS, URLS  # noqa: F401


@dataclass(frozen=True)
class Entry:
    url: str
    actor: str | None  # None: a public page
    strangers: tuple[str, ...] = ()


COVERAGE: dict[str, Entry] = {
    path: Entry(entry.url, entry.owner, entry.strangers) for path, entry in URLS.items()
}
