"""Imports each feature's notification kinds so that the registry is complete."""


def load_kinds() -> None:
    from mentoring.accounts import messages as accounts_messages  # noqa: F401
    from mentoring.conversations import notification_kinds as conversation_kinds  # noqa: F401
    from mentoring.meetings import messages as meetings_messages  # noqa: F401
    from mentoring.pairing import messages as pairing_messages  # noqa: F401
    from mentoring.safety import messages as safety_messages  # noqa: F401
