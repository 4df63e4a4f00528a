"""people: a country on users (crisis resources), per-country crisis resource lists

Revision ID: 0008_people
Revises: 0005_two_factor
Create Date: 2026-12-03 07:50:00

"""
from alembic import op
import sqlalchemy as sa
import mentoring.types  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = '0008_people'
down_revision = '0007_conversations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('crisis_resource_lists',
    sa.Column('country', sa.String(length=8), nullable=False),
    sa.Column('resources', sa.JSON(), nullable=False),
    sa.Column('updated_at', mentoring.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_crisis_resource_lists_updated_by_id_users')),
    sa.PrimaryKeyConstraint('country', name=op.f('pk_crisis_resource_lists'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('country')
    op.drop_table('crisis_resource_lists')
