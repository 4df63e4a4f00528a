"""security: users.email_verified_at (sign-up confirmed by e-mail); existing accounts count as
confirmed

Revision ID: 0010_security_email_verified
Revises: 0009_api_tokens
Create Date: 2026-12-03 12:30:00

"""
from alembic import op
import sqlalchemy as sa
import mentoring.types  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = '0010_security_email_verified'
down_revision = '0009_api_tokens'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at',
                                      mentoring.types.UTCDateTime(timezone=True), nullable=True))
    # Accounts made before this change logged in without a confirmation: they keep doing so.
    op.execute("UPDATE users SET email_verified_at = created_at")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')
