"""The migrations build, from empty, exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext


def test_migrated_schema_matches_the_models(app, db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_email_is_unique_in_the_database(make_user, db):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from mentoring.accounts.models import Role, User

    make_user(email="same@example.org")
    db.session.add(User(email="same@example.org", pseudonym="X", password_hash="x",
                        role=Role.MENTEE))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
