"""delivery leases (claimed_at/by, stable Message-ID, retry, undeliverable); concern form token

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
    op.create_table('scheduler_heartbeats',
    sa.Column('worker', sa.String(length=80), nullable=False),
    sa.Column('swept_at', mentoring.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sweep_seconds', sa.Double(), nullable=False),
    sa.PrimaryKeyConstraint('worker', name=op.f('pk_scheduler_heartbeats'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', mentoring.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('retry_at', mentoring.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('undeliverable_at', mentoring.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_concerns_reporter_id_form_token', ['reporter_id', 'form_token'])


def downgrade():
    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.drop_constraint('uq_concerns_reporter_id_form_token', type_='unique')
        batch_op.drop_column('form_token')
    op.drop_table('scheduler_heartbeats')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('undeliverable_at')
        batch_op.drop_column('retry_at')
        batch_op.drop_column('message_id')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('claimed_at')
