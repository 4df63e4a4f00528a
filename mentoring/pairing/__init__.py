"""Pairing: matching rounds, proposals, approvals, the match state machine and consent."""
