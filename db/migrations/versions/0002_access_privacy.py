"""access and privacy: token deny-list, login failures, invite revocation, withdrawal, purge, audit client

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 22:50:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_OLD = "('invited', 'consented', 'in_progress', 'completed', 'scoring', 'scored', 'failed')"
_NEW = "('invited', 'consented', 'in_progress', 'completed', 'scoring', 'scored', 'failed', 'withdrawn')"


def upgrade() -> None:
    op.create_table('revoked_tokens',
    sa.Column('jti', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('jti')
    )
    op.create_index('ix_revoked_tokens_expires', 'revoked_tokens', ['expires_at'])
    op.create_table('login_failures',
    sa.Column('id', sa.BigInteger(), sa.Identity(), nullable=False),
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_login_failures_key_at', 'login_failures', ['key', 'at'])
    op.add_column('invites', sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('retired_invite_tokens',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('session_id', sa.UUID(), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['interview_sessions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_index('ix_retired_invite_tokens_session_id', 'retired_invite_tokens', ['session_id'])
    op.add_column('interview_sessions', sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('interview_sessions', sa.Column('purged_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('audit_log', sa.Column('client', sa.String(length=64), nullable=True))
    op.create_index('ix_audit_log_action_at', 'audit_log', ['action', 'at'])
    op.drop_constraint('ck_sessions_status', 'interview_sessions', type_='check')
    op.create_check_constraint('ck_sessions_status', 'interview_sessions', f"status IN {_NEW}")


def downgrade() -> None:
    op.drop_constraint('ck_sessions_status', 'interview_sessions', type_='check')
    op.create_check_constraint('ck_sessions_status', 'interview_sessions', f"status IN {_OLD}")
    op.drop_index('ix_audit_log_action_at', table_name='audit_log')
    op.drop_column('audit_log', 'client')
    op.drop_column('interview_sessions', 'purged_at')
    op.drop_column('interview_sessions', 'withdrawn_at')
    op.drop_index('ix_retired_invite_tokens_session_id', table_name='retired_invite_tokens')
    op.drop_table('retired_invite_tokens')
    op.drop_column('invites', 'revoked_at')
    op.drop_index('ix_login_failures_key_at', table_name='login_failures')
    op.drop_table('login_failures')
    op.drop_index('ix_revoked_tokens_expires', table_name='revoked_tokens')
    op.drop_table('revoked_tokens')
