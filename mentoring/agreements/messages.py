"""Notification kinds of shared goals: which goal, never its words."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from mentoring.notify.kinds import Kind, register

register(Kind(
    name="goal_suggested",
    title=lambda p: _("Your mentor suggested a goal: accept it or not, it is your choice"),
    link=lambda p: url_for("agreements.goals_page", match_id=p["match_id"],
                           _anchor=f"goal-{p['goal_id']}"),
))
register(Kind(
    name="goal_note_added",
    title=lambda p: _("A progress note was added to one of your shared goals"),
    link=lambda p: url_for("agreements.goals_page", match_id=p["match_id"],
                           _anchor=f"goal-{p['goal_id']}"),
))
