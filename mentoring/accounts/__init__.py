"""Accounts: sign-up, login, passwords, personal settings and roles."""
