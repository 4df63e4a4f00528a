"""Imports every feature's models so that SQLAlchemy and Alembic know all the tables."""
from mentoring.accounts.models import RecoveryCode, User  # noqa: F401
from mentoring.agreements.models import AgreementConfirmation, AgreementVersion, Goal, GoalNote  # noqa: F401
from mentoring.api.models import ApiToken  # noqa: F401
from mentoring.conversations.models import ConversationRead, Message  # noqa: F401
from mentoring.core.audit import AuditEvent  # noqa: F401
from mentoring.health.models import SchedulerHeartbeat  # noqa: F401
from mentoring.meetings.models import CalendarFeed, MeetingSeries, Occurrence  # noqa: F401
from mentoring.notify.models import Notification  # noqa: F401
from mentoring.pairing.models import ExcludedPair, Match  # noqa: F401
from mentoring.profiles.models import AvailabilityInterval, MenteeProfile, MentorProfile, Tag  # noqa: F401
from mentoring.safety.models import CheckIn, ClosingSurvey, Concern, SessionNote  # noqa: F401
from mentoring.support.models import SupportContact, SupportDigest, SupportSchedule  # noqa: F401
