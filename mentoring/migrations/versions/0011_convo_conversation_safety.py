"""conversation safety: risk phrases and flags, held messages, coordinator access, preferences

Revision ID: 0011_convo_conversation_safety
Revises: 0010_security_email_verified
Create Date: 2026-12-03 12:01:40

"""
from alembic import op
import sqlalchemy as sa
import mentoring.types  # noqa: F401  (custom column types used by autogenerate)


# revision identifiers, used by Alembic.
revision = '0011_convo_conversation_safety'
down_revision = '0010_security_email_verified'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('message_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('emails_off', sa.Boolean(), nullable=False),
    sa.Column('updated_at', mentoring.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_message_preferences_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_message_preferences'))
    )
    op.create_table('risk_phrases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phrase', sa.String(length=120), nullable=False),
    sa.Column('normalised', sa.String(length=120), nullable=False),
    sa.Column('category', sa.Enum('suicide', 'self_harm', 'abuse', 'violence', name='risk_category'), nullable=False),
    sa.Column('is_removed', sa.Boolean(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', mentoring.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_risk_phrases_changed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_phrases')),
    sa.UniqueConstraint('normalised', name='uq_risk_phrases_normalised')
    )
    op.create_table('risk_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum('suicide', 'self_harm', 'abuse', 'violence', name='risk_category'), nullable=False),
    sa.Column('created_at', mentoring.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('checked_at', mentoring.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['checked_by_id'], ['users.id'], name=op.f('fk_risk_flags_checked_by_id_users')),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_risk_flags_match_id_matches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_flags'))
    )
    with op.batch_alter_table('risk_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_flags_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_flags_match_id'), ['match_id'], unique=False)

    op.create_table('held_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('kinds', sa.String(length=60), nullable=False),
    sa.Column('created_at', mentoring.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', mentoring.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.String(length=10), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_held_messages_author_id_users')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_held_messages_decided_by_id_users')),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_held_messages_match_id_matches')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_held_messages_message_id_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_held_messages'))
    )
    with op.batch_alter_table('held_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_held_messages_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_held_messages_match_id'), ['match_id'], unique=False)

    op.create_table('conversation_accesses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('coordinator_id', sa.Integer(), nullable=True),
    sa.Column('concern_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('opened_at', mentoring.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['concern_id'], ['concerns.id'], name=op.f('fk_conversation_accesses_concern_id_concerns')),
    sa.ForeignKeyConstraint(['coordinator_id'], ['users.id'], name=op.f('fk_conversation_accesses_coordinator_id_users')),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_conversation_accesses_match_id_matches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_accesses'))
    )
    with op.batch_alter_table('conversation_accesses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_accesses_match_id'), ['match_id'], unique=False)

    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_concerns_message_id_messages'), 'messages', ['message_id'], ['id'])

    with op.batch_alter_table('conversation_reads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('noticed_at', mentoring.types.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_at', mentoring.types.UTCDateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('removed_at')

    with op.batch_alter_table('conversation_reads', schema=None) as batch_op:
        batch_op.drop_column('noticed_at')

    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_concerns_message_id_messages'), type_='foreignkey')
        batch_op.drop_column('message_id')

    with op.batch_alter_table('conversation_accesses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_accesses_match_id'))

    op.drop_table('conversation_accesses')
    with op.batch_alter_table('held_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_held_messages_match_id'))
        batch_op.drop_index(batch_op.f('ix_held_messages_author_id'))

    op.drop_table('held_messages')
    with op.batch_alter_table('risk_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_flags_match_id'))
        batch_op.drop_index(batch_op.f('ix_risk_flags_created_at'))

    op.drop_table('risk_flags')
    op.drop_table('risk_phrases')
    sa.Enum(name='risk_category').drop(op.get_bind(), checkfirst=True)
    op.drop_table('message_preferences')
