"""Coordinator rules for the taxonomy and the dashboard figures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func

from mentoring.accounts.models import Role, User
from mentoring.errors import Conflict, NotFound
from mentoring.extensions import db
from mentoring.profiles.models import MentorProfile, Tag, TagKind

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def tags_by_kind() -> dict[TagKind, list[Tag]]:
    tags = db.session.scalars(db.select(Tag).order_by(Tag.kind, Tag.slug))
    grouped: dict[TagKind, list[Tag]] = {kind: [] for kind in TagKind}
    for tag in tags:
        grouped[tag.kind].append(tag)
    return grouped


def add_tag(kind: TagKind, slug: str, label_fr: str, label_en: str) -> Tag:
    """Create a tag; its slug is unique within its kind."""
    exists = db.session.scalar(db.select(Tag).where(Tag.kind == kind, Tag.slug == slug))
    if exists is not None:
        raise Conflict(_("A tag with this identifier already exists."))
    tag = Tag(kind=kind, slug=slug, label_fr=label_fr.strip(), label_en=label_en.strip())
    db.session.add(tag)
    db.session.flush()
    return tag


def toggle_tag(tag_id: int) -> Tag:
    """Retire a tag from new forms, or bring it back; people who chose it keep it."""
    tag = db.session.get(Tag, tag_id)
    if tag is None:
        raise NotFound(_("This tag does not exist."))
    tag.is_active = not tag.is_active
    db.session.flush()
    return tag


@dataclass(frozen=True)
class DashboardCounts:
    mentees: int
    mentors_approved: int
    mentor_applications: int


def dashboard_counts() -> DashboardCounts:
    def count(query) -> int:
        return db.session.scalar(query) or 0

    users = db.select(func.count(User.id)).where(User.is_enabled.is_(True))
    mentors = db.select(func.count(MentorProfile.id))
    return DashboardCounts(
        mentees=count(users.where(User.role == Role.MENTEE)),
        mentors_approved=count(mentors.where(MentorProfile.approved_at.is_not(None))),
        mentor_applications=count(mentors.where(MentorProfile.approved_at.is_(None))),
    )
