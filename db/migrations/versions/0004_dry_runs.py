"""dry-run jobs: a Prompt Lab dry-run queued on the gpu queue, with progress, a cancel flag and its result

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 00:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dry_runs',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('active_version', sa.Integer(), nullable=True),
    sa.Column('session_ids', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('requested_by', sa.UUID(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('cancel_requested', sa.Boolean(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('result', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('prompt', 'rubric')", name='ck_dry_runs_kind'),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'cancelled', 'failed')", name='ck_dry_runs_status'),
    sa.CheckConstraint('done >= 0 AND done <= total', name='ck_dry_runs_progress'),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_dry_runs_status_updated', 'dry_runs', ['status', 'updated_at'])


def downgrade() -> None:
    op.drop_index('ix_dry_runs_status_updated', table_name='dry_runs')
    op.drop_table('dry_runs')
