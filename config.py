"""Configuration classes, read from environment variables with safe development defaults.

Every setting a deployment may change is read here from an environment variable whose name is
listed in docs/configuration.md. Production refuses to start with a missing or weak secret key.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

# Values seen in examples, tutorials and this repository: a key like these signs nothing safely.
WELL_KNOWN_SECRETS = {
    "dev", "secret", "changeme", "change-me", "development-only-secret-key",
    "testing-secret-key-that-is-long-enough-0123456789",
    "192b9bdd22ab9ed4d12e236c78afcb9a393ec15f71bbf5dc987d54727823bcbf",  # Flask's docs
}
# A key containing one of these was typed by a person, not drawn at random.
WEAK_SECRET_PARTS = ("changeme", "change-me", "change_me", "secret-key", "secret_key", "example",
                     "placeholder", "password", "development", "testing", "default")
MIN_SECRET_LENGTH = 32
MIN_SECRET_DISTINCT_CHARACTERS = 10


class ConfigError(RuntimeError):
    """Raised when the configuration cannot run safely."""


def is_weak_secret(key: str | None) -> bool:
    """True for a key too short, well known, typed by hand or with too few distinct characters."""
    key = key or ""
    lowered = key.lower()
    return (len(key) < MIN_SECRET_LENGTH or lowered in WELL_KNOWN_SECRETS
            or any(part in lowered for part in WEAK_SECRET_PARTS)
            or len(set(key)) < MIN_SECRET_DISTINCT_CHARACTERS)


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    return int(raw) if raw is not None else default


def _env_bool(name: str, default: bool) -> bool:
    raw = _env(name)
    return default if raw is None else raw.strip().lower() in {"1", "true", "yes", "on"}


def _crisis_resources() -> list[dict] | None:
    """Load the deployment's crisis resources from a JSON file, or None for the French defaults."""
    path = _env("MENTORING_CRISIS_RESOURCES")
    if path is None:
        return None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"MENTORING_CRISIS_RESOURCES: cannot read {path}: {exc}") from exc


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = _env("MENTORING_SECRET_KEY")
    # Older keys still accepted for sessions and tokens during a key rotation (comma-separated).
    SECRET_KEY_FALLBACKS = [
        k for k in (_env("MENTORING_SECRET_KEY_FALLBACKS") or "").split(",") if k
    ]
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL")  # None: SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    PROGRAMME_NAME = _env("MENTORING_PROGRAMME_NAME", "Pairs & Repères")
    BASE_URL = _env("MENTORING_BASE_URL", "http://127.0.0.1:5000")
    DEFAULT_TIMEZONE = _env("MENTORING_DEFAULT_TIMEZONE", "Europe/Paris")
    # The crisis resources shown when nothing tells the person's country (FR, BE, CH, LU, CA…).
    DEFAULT_COUNTRY = _env("MENTORING_DEFAULT_COUNTRY", "FR")
    BABEL_DEFAULT_LOCALE = _env("MENTORING_DEFAULT_LANGUAGE", "fr")
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("fr", "en")
    CRISIS_RESOURCES = _crisis_resources()
    # How long a web process keeps the programme's crisis lists before reading them again: a
    # change made in another process shows within this many seconds (at once in its own).
    CRISIS_LISTS_MAX_AGE_SECONDS = _env_int("MENTORING_CRISIS_LISTS_MAX_AGE_SECONDS", 10)
    CONSENT_POLICY_VERSION = _env("MENTORING_CONSENT_POLICY_VERSION", "2026-11")
    DIGITAL_CONSENT_AGE = _env_int("MENTORING_DIGITAL_CONSENT_AGE", 15)
    PROPOSAL_RESPONSE_DAYS = _env_int("MENTORING_PROPOSAL_RESPONSE_DAYS", 3)
    SCREENING_WARNING_DAYS = _env_int("MENTORING_SCREENING_WARNING_DAYS", 30)
    CONCERN_REALERT_MINUTES = _env_int("MENTORING_CONCERN_REALERT_MINUTES", 30)
    RETENTION_MONTHS = _env_int("MENTORING_RETENTION_MONTHS", 12)
    RETENTION_WARNING_DAYS = _env_int("MENTORING_RETENTION_WARNING_DAYS", 30)

    # Conversations (docs/safety.md): contact details in a match with a minor are "hold" (for a
    # coordinator) or "refuse"; other matches get a reminder unless CONTACT_REMINDER is off.
    CONTACTS_WITH_MINORS = _env("MENTORING_CONTACTS_WITH_MINORS", "hold")
    CONTACT_REMINDER = _env_bool("MENTORING_CONTACT_REMINDER", True)
    # "A message is waiting" e-mails: sent this long after the message if still unread, at most
    # once per conversation per quiet period, never in a minor's quiet hours (their own zone).
    MESSAGE_NOTICE_DELAY_MINUTES = _env_int("MENTORING_MESSAGE_NOTICE_DELAY_MINUTES", 15)
    MESSAGE_NOTICE_QUIET_HOURS = _env_int("MENTORING_MESSAGE_NOTICE_QUIET_HOURS", 12)
    QUIET_HOURS_FOR_MINORS = _env("MENTORING_QUIET_HOURS_FOR_MINORS", "21:00-08:00")
    MESSAGE_RATE_LIMIT = _env_int("MENTORING_MESSAGE_RATE_LIMIT", 30)  # per person per minute
    CONVERSATION_RETENTION_MONTHS = _env_int("MENTORING_CONVERSATION_RETENTION_MONTHS", 12)

    MAIL_SERVER = _env("MAIL_SERVER")  # None: messages are written to MAIL_OUTBOX instead
    MAIL_PORT = _env_int("MAIL_PORT", 587)
    MAIL_USERNAME = _env("MAIL_USERNAME")
    MAIL_PASSWORD = _env("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_FROM = _env("MAIL_FROM", "Pairs & Repères <no-reply@mentoring.example.org>")
    MAIL_OUTBOX = _env("MAIL_OUTBOX")  # None: <instance>/outbox
    # Sign-up and reset e-mails leave after the answer, so its time does not tell who has an
    # account (the test client never closes responses, so the tests send them in the request).
    MAIL_AFTER_RESPONSE = True
    # A claimed e-mail not marked sent after this long is taken again by the next sweep.
    MAIL_LEASE_SECONDS = _env_int("MENTORING_MAIL_LEASE_SECONDS", 300)
    # /metrics: with a token, only "Authorization: Bearer <token>"; without, internal addresses.
    METRICS_TOKEN = _env("MENTORING_METRICS_TOKEN")

    MEETING_MINUTES = _env_int("MENTORING_MEETING_MINUTES", 45)  # session length
    MEETING_SESSIONS = _env_int("MENTORING_MEETING_SESSIONS", 12)  # default number of sessions
    MEETING_REMINDER_HOURS = _env_int("MENTORING_MEETING_REMINDER_HOURS", 24)
    SCHEDULER_INTERVAL_SECONDS = _env_int("MENTORING_SCHEDULER_INTERVAL", 60)
    # Programme insight: a figure about fewer people than this is shown as "fewer than N".
    INSIGHT_MIN_COUNT = _env_int("MENTORING_INSIGHT_MIN_COUNT", 3)
    # Outcomes: a folder of the programme's own questionnaire definitions (docs/outcomes.md).
    QUESTIONNAIRE_DIR = _env("MENTORING_QUESTIONNAIRE_DIR", "")
    IMPORT_MAX_BYTES = _env_int("MENTORING_IMPORT_MAX_BYTES", 200_000)  # CSV participant import

    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = _env("MENTORING_RATELIMIT_KEY_PREFIX", "mentoring")
    # If the shared storage (Redis) stops answering, count per worker instead of failing requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = _env("MENTORING_LOGIN_RATE_LIMIT", "5 per minute")
    # Calls per API token (docs/api.md); past it: 429 with Retry-After.
    API_RATE_LIMIT = _env("MENTORING_API_RATE_LIMIT", "300 per minute")
    RESET_RATE_LIMIT = _env("MENTORING_RESET_RATE_LIMIT", "5 per hour")
    PASSWORD_RESET_MAX_AGE = _env_int("MENTORING_PASSWORD_RESET_MAX_AGE", 3600)
    # Per account address (docs/security.md): after this many wrong passwords, devices that never
    # logged in to it may try only at this pace; the owner's own browsers are not slowed.
    LOGIN_ACCOUNT_FAILURES = _env("MENTORING_LOGIN_ACCOUNT_FAILURES", "5 per 15 minutes")
    LOGIN_ACCOUNT_SLOW = _env("MENTORING_LOGIN_ACCOUNT_SLOW", "1 per minute")
    # Sign-up: per client address, like login; the link that confirms the address lives 3 days.
    SIGNUP_RATE_LIMIT = _env("MENTORING_SIGNUP_RATE_LIMIT", "5 per minute;20 per hour")
    EMAIL_CONFIRM_MAX_AGE = _env_int("MENTORING_EMAIL_CONFIRM_MAX_AGE", 3 * 24 * 3600)

    # Sessions (docs/security.md): logged out after this long without a request, and in any case
    # this many hours after logging in. There is no remember-me: closing the browser ends it too.
    SESSION_IDLE_MINUTES = _env_int("MENTORING_SESSION_IDLE_MINUTES", 120)
    SESSION_IDLE_MINUTES_COORDINATOR = _env_int("MENTORING_SESSION_IDLE_MINUTES_COORDINATOR", 30)
    SESSION_MAX_HOURS = _env_int("MENTORING_SESSION_MAX_HOURS", 12)
    # The signed cookie itself is refused once older than the absolute timeout.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=SESSION_MAX_HOURS)
    # How long the second-factor step may follow the password (seconds), and how many wrong codes
    # one account may receive, whatever the client address (beside LOGIN_RATE_LIMIT per address).
    TWO_FACTOR_LOGIN_SECONDS = _env_int("MENTORING_TWO_FACTOR_LOGIN_SECONDS", 300)
    TWO_FACTOR_ACCOUNT_LIMIT = _env("MENTORING_TWO_FACTOR_ACCOUNT_LIMIT", "10 per hour")

    # argon2id parameters (RFC 9106 "second recommended" profile by default).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4

    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    HSTS_SECONDS = 0  # Strict-Transport-Security is sent only when this is positive

    # Number of proxies in front of the app that set each X-Forwarded-* header (0: ignore it).
    PROXY_FIX_X_FOR = _env_int("MENTORING_PROXY_FIX_X_FOR", 0)
    PROXY_FIX_X_PROTO = _env_int("MENTORING_PROXY_FIX_X_PROTO", 0)
    PROXY_FIX_X_HOST = _env_int("MENTORING_PROXY_FIX_X_HOST", 0)
    PROXY_FIX_X_PORT = _env_int("MENTORING_PROXY_FIX_X_PORT", 0)
    PROXY_FIX_X_PREFIX = _env_int("MENTORING_PROXY_FIX_X_PREFIX", 0)

    @classmethod
    def check(cls) -> None:
        """Refuse settings that cannot run safely; the base class accepts anything."""


class DevelopmentConfig(Config):
    """Local development and the demo: SQLite, mail to a folder, a throw-away secret."""

    ENV_NAME = "development"
    SECRET_KEY = Config.SECRET_KEY or "development-only-secret-key"


class TestingConfig(Config):
    """The test suite: fast hashing, isolated database chosen by the fixtures."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-that-is-long-enough-0123456789"
    SQLALCHEMY_DATABASE_URI = None
    BABEL_DEFAULT_LOCALE = "fr"
    MAIL_SERVER = None
    MAIL_AFTER_RESPONSE = False
    RATELIMIT_STORAGE_URI = "memory://"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    ARGON2_PARALLELISM = 1
    BASE_URL = "http://localhost"


class ProductionConfig(Config):
    """A real deployment: refuses to start without a strong secret key."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS_SECONDS = _env_int("MENTORING_HSTS_SECONDS", 365 * 24 * 3600)

    @classmethod
    def check(cls) -> None:
        advice = (f"a random value of at least {MIN_SECRET_LENGTH} characters in production "
                  "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))').")
        if is_weak_secret(cls.SECRET_KEY):
            raise ConfigError(f"MENTORING_SECRET_KEY must be set to {advice}")
        if any(is_weak_secret(key) for key in cls.SECRET_KEY_FALLBACKS):
            raise ConfigError(f"Each key in MENTORING_SECRET_KEY_FALLBACKS must be {advice}")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    """Return the config class named by `name` or by MENTORING_ENV (default: development)."""
    key = (name or _env("MENTORING_ENV") or "development").lower()
    if key not in CONFIGS:
        raise ConfigError(f"MENTORING_ENV must be one of {', '.join(CONFIGS)}, not {key!r}.")
    return CONFIGS[key]
