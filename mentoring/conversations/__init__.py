"""Conversations: one private thread of plain-text messages per active match."""
