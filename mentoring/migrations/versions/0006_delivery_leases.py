"""notification delivery leases: claimed_at/claimed_by, stable Message-ID, retry and undeliverable

Revision ID: 0006_delivery_leases
Revises: 0005_two_factor
"""
from alembic import op
import sqlalchemy as sa
import mentoring.types  # noqa: F401  (custom column types used by autogenerate)


revision = '0006_delivery_leases'
down_revision = '0005_two_factor'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', mentoring.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('retry_at', mentoring.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('undeliverable_at', mentoring.types.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('undeliverable_at')
        batch_op.drop_column('retry_at')
        batch_op.drop_column('message_id')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('claimed_at')
