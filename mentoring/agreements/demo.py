"""The demo's agreements and goals: every started match confirmed, goals with weekly notes."""

from __future__ import annotations

from datetime import datetime, timedelta

from mentoring.agreements import goals, services
from mentoring.agreements.models import Goal, GoalDecision, GoalNote, GoalStatus, MeetingRhythm
from mentoring.extensions import db
from mentoring.pairing.models import Match, MatchStatus

GOALS = [("Oser prendre la parole en classe", GoalStatus.IN_PROGRESS),
         ("Retrouver un rythme de sommeil régulier", GoalStatus.REACHED),
         ("Préparer mon dossier pour le BTS", GoalStatus.NOT_STARTED)]
SUGGESTION = "Noter chaque soir une chose qui s'est bien passée"
# Even turns are the mentee's words, odd turns the mentor's (the authors alternate the same way).
NOTES = ["(demo) Pas facile cette semaine, mais j'ai essayé deux fois.",
         "(demo) Bravo pour mardi, tu as levé la main\u00a0!",
         "(demo) On en a parlé à la séance\u00a0: premier petit pas cette semaine.",
         "(demo) On ajuste\u00a0: un objectif plus petit pour la semaine prochaine."]


def add_demo_agreements(now: datetime) -> None:
    """Both people of every active match confirmed; the mentee set goals, the mentor suggested
    one (taken), and both wrote a note a week since the start (rows only: no e-mail is sent)."""
    matches = db.session.scalars(db.select(Match).where(Match.status == MatchStatus.ACTIVE)
                                 .order_by(Match.id)).all()
    for index, match in enumerate(matches):
        start = match.activated_at or now
        services.confirm_agreement(match.mentee, match, "fr", start + timedelta(hours=3),
                                   rhythm=MeetingRhythm.WEEKLY, minutes=45)
        services.confirm_agreement(match.mentor, match, match.mentor.locale,
                                   start + timedelta(hours=20), rhythm=MeetingRhythm.WEEKLY,
                                   minutes=45)
        made = [goals.add_goal(match.mentee, match, title, start + timedelta(days=3))
                for title, _status in GOALS[: 3 - index % 2]]
        for goal, (_title, status) in zip(made, GOALS, strict=False):
            goal.status = status
        db.session.add(Goal(  # a suggestion the mentee took (built here: no e-mail to send)
            match_id=match.id, mentee_id=match.mentee_id, author_id=match.mentor_id,
            title=SUGGESTION, decision=GoalDecision.ACCEPTED, status=GoalStatus.IN_PROGRESS,
            created_at=start + timedelta(days=5), decided_at=start + timedelta(days=6),
            updated_at=start + timedelta(days=6)))
        _weekly_notes(match, made[0], start + timedelta(days=7), now)
    db.session.flush()


def _weekly_notes(match: Match, goal, first: datetime, now: datetime) -> None:
    when, turn = first, 0
    while when < now:
        author = match.mentee if turn % 2 == 0 else match.mentor
        db.session.add(GoalNote(goal_id=goal.id, author_id=author.id,
                                text=NOTES[turn % len(NOTES)], created_at=when))
        when, turn = when + timedelta(days=7), turn + 1
