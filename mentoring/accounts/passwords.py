"""Password hashing with argon2id, tuned by the app's configuration."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app

MIN_PASSWORD_LENGTH = 10


def init_app(app: Flask) -> None:
    """Attach a hasher built from the ARGON2_* settings."""
    app.extensions["password_hasher"] = PasswordHasher(
        time_cost=app.config["ARGON2_TIME_COST"],
        memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )


def _hasher() -> PasswordHasher:
    return current_app.extensions["password_hasher"]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Return True when `password` matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A hash of a random string, verified against when the e-mail is unknown so that timing does not
# reveal which addresses are registered.
def dummy_verify(password: str) -> None:
    hasher = _hasher()
    if "dummy_hash" not in current_app.extensions:
        current_app.extensions["dummy_hash"] = hasher.hash("not-a-real-password")
    verify_password(current_app.extensions["dummy_hash"], password)
