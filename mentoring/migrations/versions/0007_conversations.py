"""conversations: messages of a match and how far each person has read

Revision ID: 0007_conversations
Revises: 0005_two_factor
Create Date: 2026-12-03 09:07:00

"""
from alembic import op
import sqlalchemy as sa
import mentoring.types  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '0007_conversations'
down_revision = '0006_delivery_leases'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', mentoring.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_messages_author_id_users')),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_messages_match_id_matches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_messages_match_id_id', ['match_id', 'id'], unique=False)

    op.create_table('conversation_reads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('last_read_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_conversation_reads_match_id_matches')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conversation_reads_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_reads')),
    sa.UniqueConstraint('match_id', 'user_id', name='uq_conversation_reads_pair')
    )


def downgrade():
    op.drop_table('conversation_reads')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_match_id_id')
        batch_op.drop_index(batch_op.f('ix_messages_author_id'))
    op.drop_table('messages')
