"""Moved: the audit trail lives in mentoring/core/audit.py.

Kept so that branches written before the move still import; new code imports mentoring.core.audit.
"""

from mentoring.core.audit import AuditEvent, record

__all__ = ["AuditEvent", "record"]
