"""SQLAlchemy 2 models: the one store of record (DESIGN.md, Data).

Constraints keep the data honest: foreign keys, one active version per prompt and
rubric, score ranges, status sets. Indexes serve the recruiter pages (a job's
sessions by status, a session's answers and samples in order).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("recruiter", "ml", "admin")
LANGUAGES = ("en", "ko")
SESSION_STATUSES = (
    "invited", "consented", "in_progress", "completed", "scoring", "scored", "failed", "withdrawn",
)
QUESTION_KINDS = ("planned", "follow_up")
EVALUATION_STATUSES = ("ok", "needs_review")
DRY_RUN_KINDS = ("prompt", "rubric")
DRY_RUN_STATUSES = ("queued", "running", "done", "cancelled", "failed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONB, list[Any]: JSONB}


def _pk() -> Mapped[uuid.UUID]:
    return mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


class Company(Base):
    __tablename__ = "companies"
    id: Mapped[uuid.UUID] = _pk()
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    talent_profile: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = _created()


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="ck_users_role"),
        CheckConstraint("role <> 'recruiter' OR company_id IS NOT NULL", name="ck_users_recruiter_company"),
        Index("uq_users_email_lower", text("lower(email)"), unique=True),
    )
    id: Mapped[uuid.UUID] = _pk()
    email: Mapped[str] = mapped_column(String(320), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    company_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = _created()


class Rubric(Base):
    __tablename__ = "rubrics"
    __table_args__ = (UniqueConstraint("company_id", "name", name="uq_rubrics_company_name"),)
    id: Mapped[uuid.UUID] = _pk()
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    company_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = _created()
    versions: Mapped[list[RubricVersion]] = relationship(back_populates="rubric", order_by="RubricVersion.version")


class RubricVersion(Base):
    __tablename__ = "rubric_versions"
    __table_args__ = (
        UniqueConstraint("rubric_id", "version", name="uq_rubric_versions_version"),
        Index("uq_rubric_versions_active", "rubric_id", unique=True, postgresql_where=text("is_active")),
        CheckConstraint("version >= 1", name="ck_rubric_versions_version"),
    )
    id: Mapped[uuid.UUID] = _pk()
    rubric_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rubrics.id", ondelete="CASCADE"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    definition: Mapped[dict[str, Any]] = mapped_column(nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = _created()
    rubric: Mapped[Rubric] = relationship(back_populates="versions")


class PromptVersion(Base):
    __tablename__ = "prompt_versions"
    __table_args__ = (
        UniqueConstraint("name", "version", name="uq_prompt_versions_version"),
        Index("uq_prompt_versions_active", "name", unique=True, postgresql_where=text("is_active")),
        CheckConstraint("version >= 1", name="ck_prompt_versions_version"),
    )
    id: Mapped[uuid.UUID] = _pk()
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    template: Mapped[str] = mapped_column(Text, nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = _created()


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(_in("language", LANGUAGES), name="ck_jobs_language"),
        CheckConstraint("question_count BETWEEN 1 AND 30", name="ck_jobs_question_count"),
        CheckConstraint("max_follow_ups BETWEEN 0 AND 5", name="ck_jobs_max_follow_ups"),
        CheckConstraint("time_limit_s BETWEEN 15 AND 1800", name="ck_jobs_time_limit"),
        CheckConstraint("end_silence_s BETWEEN 0.3 AND 10", name="ck_jobs_end_silence"),
    )
    id: Mapped[uuid.UUID] = _pk()
    company_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    requirements: Mapped[str] = mapped_column(Text, nullable=False, default="")
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="en")
    question_count: Mapped[int] = mapped_column(Integer, nullable=False, default=5)
    max_follow_ups: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    time_limit_s: Mapped[int] = mapped_column(Integer, nullable=False, default=180)
    end_silence_s: Mapped[float] = mapped_column(Float, nullable=False, default=1.2)
    rubric_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("rubrics.id", ondelete="SET NULL"))
    fixed_questions: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    show_feedback_to_candidate: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()
    company: Mapped[Company] = relationship()


class InterviewSession(Base):
    __tablename__ = "interview_sessions"
    __table_args__ = (
        CheckConstraint(_in("status", SESSION_STATUSES), name="ck_sessions_status"),
        Index("ix_sessions_job_status", "job_id", "status"),
        Index("ix_sessions_status_updated", "status", "updated_at"),
    )
    id: Mapped[uuid.UUID] = _pk()
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="RESTRICT"), nullable=False)
    candidate_name: Mapped[str] = mapped_column(String(200), nullable=False)
    candidate_email: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="invited")
    consent: Mapped[dict[str, Any]] = mapped_column(nullable=False, default=dict)
    consented_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    current_position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    resume_summary: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    plan_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    failure_reason: Mapped[str | None] = mapped_column(Text)
    overall: Mapped[float | None] = mapped_column(Float)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # candidate data erased
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )
    job: Mapped[Job] = relationship()


class Invite(Base):
    __tablename__ = "invites"
    id: Mapped[uuid.UUID] = _pk()
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()


class RetiredInviteToken(Base):
    """The hash of an invite token replaced by a reissue: the old link answers 410, not 404."""

    __tablename__ = "retired_invite_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    retired_at: Mapped[datetime] = _created()


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint(_in("kind", QUESTION_KINDS), name="ck_questions_kind"),
        CheckConstraint("kind = 'planned' OR parent_id IS NOT NULL", name="ck_questions_follow_up_parent"),
        UniqueConstraint("session_id", "position", name="uq_questions_position"),
    )
    id: Mapped[uuid.UUID] = _pk()
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="planned")
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    competency: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(20), nullable=False, default="generated")
    cites: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    rationale: Mapped[str] = mapped_column(Text, nullable=False, default="")
    provenance: Mapped[dict[str, Any]] = mapped_column(nullable=False, default=dict)
    embedding: Mapped[Any] = mapped_column(Vector(), nullable=True)
    created_at: Mapped[datetime] = _created()


class Answer(Base):
    __tablename__ = "answers"
    id: Mapped[uuid.UUID] = _pk()
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    question_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    transcript: Mapped[str] = mapped_column(Text, nullable=False, default="")
    words: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    audio_path: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    end_reason: Mapped[str] = mapped_column(String(20), nullable=False, default="silence")
    delivery: Mapped[dict[str, Any]] = mapped_column(nullable=False, default=dict)
    behavior: Mapped[dict[str, Any]] = mapped_column(nullable=False, default=dict)
    created_at: Mapped[datetime] = _created()


class BehaviorSample(Base):
    __tablename__ = "behavior_samples"
    __table_args__ = (Index("ix_behavior_session_t", "session_id", "t_s"),)
    id: Mapped[uuid.UUID] = _pk()
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), nullable=False
    )
    answer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    t_s: Mapped[float] = mapped_column(Float, nullable=False)
    face_present: Mapped[bool] = mapped_column(Boolean, nullable=False)
    face_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    blinks: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    gaze_on_screen: Mapped[bool | None] = mapped_column(Boolean)
    emotion: Mapped[str | None] = mapped_column(String(30))
    scores: Mapped[dict[str, Any]] = mapped_column(nullable=False, default=dict)
    created_at: Mapped[datetime] = _created()


class Evaluation(Base):
    __tablename__ = "evaluations"
    __table_args__ = (
        UniqueConstraint("answer_id", "competency", "prompt_version", name="uq_evaluations_answer_comp_prompt"),
        CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5", name="ck_evaluations_score"),
        CheckConstraint(_in("status", EVALUATION_STATUSES), name="ck_evaluations_status"),
        CheckConstraint("status = 'needs_review' OR score IS NOT NULL", name="ck_evaluations_scored"),
    )
    id: Mapped[uuid.UUID] = _pk()
    answer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), nullable=False)
    competency: Mapped[str] = mapped_column(String(100), nullable=False)
    score: Mapped[int | None] = mapped_column(Integer)
    evidence: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    rationale: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="ok")
    scorer: Mapped[str] = mapped_column(String(100), nullable=False)
    model: Mapped[str] = mapped_column(String(200), nullable=False)
    backend: Mapped[str] = mapped_column(String(50), nullable=False)
    prompt_version: Mapped[int] = mapped_column(Integer, nullable=False)
    rubric_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("rubric_versions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = _created()


class Override(Base):
    __tablename__ = "overrides"
    __table_args__ = (
        CheckConstraint("score BETWEEN 1 AND 5", name="ck_overrides_score"),
        CheckConstraint("length(trim(reason)) > 0", name="ck_overrides_reason"),
        Index("ix_overrides_session", "session_id", "competency", "created_at"),
    )
    id: Mapped[uuid.UUID] = _pk()
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("interview_sessions.id", ondelete="CASCADE"), nullable=False
    )
    competency: Mapped[str] = mapped_column(String(100), nullable=False)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_target", "target_type", "target_id"),
                      Index("ix_audit_log_action_at", "action", "at"))
    id: Mapped[uuid.UUID] = _pk()
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_role: Mapped[str] = mapped_column(String(20), nullable=False)
    action: Mapped[str] = mapped_column(String(100), nullable=False)
    target_type: Mapped[str] = mapped_column(String(50), nullable=False)
    target_id: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(nullable=False, default=dict)
    client: Mapped[str | None] = mapped_column(String(64))  # the caller's address, where there is one


class RevokedToken(Base):
    """Signed-out access and refresh tokens, by ``jti``, until they would have expired anyway."""

    __tablename__ = "revoked_tokens"
    __table_args__ = (Index("ix_revoked_tokens_expires", "expires_at"),)
    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class LoginFailure(Base):
    """One failed sign-in, keyed by account (``email:…``) and by client address (``ip:…``)."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    key: Mapped[str] = mapped_column(String(400), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


class RegressionSet(Base):
    """A named list of stored sessions that a Prompt Lab dry-run re-runs with one click."""

    __tablename__ = "regression_sets"
    __table_args__ = (UniqueConstraint("name", name="uq_regression_sets_name"),)
    id: Mapped[uuid.UUID] = _pk()
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    session_ids: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()


class DryRun(Base):
    """A Prompt Lab dry-run as a queued job: re-score stored sessions with a candidate prompt or
    rubric version (and the active one) on the gpu queue, session by session. ``done``/``total``
    is its progress; ``cancel_requested`` is read between sessions; ``attempt`` counts the runs
    that claimed it (a run that lost its claim to a newer one stops writing); ``result`` holds the
    rows so far while it runs and the synchronous dry-run's response once done."""

    __tablename__ = "dry_runs"
    __table_args__ = (
        CheckConstraint(_in("kind", DRY_RUN_KINDS), name="ck_dry_runs_kind"),
        CheckConstraint(_in("status", DRY_RUN_STATUSES), name="ck_dry_runs_status"),
        CheckConstraint("done >= 0 AND done <= total", name="ck_dry_runs_progress"),
        Index("ix_dry_runs_status_updated", "status", "updated_at"),
    )
    id: Mapped[uuid.UUID] = _pk()
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    target: Mapped[str] = mapped_column(String(200), nullable=False)  # prompt name or rubric id
    version: Mapped[int] = mapped_column(Integer, nullable=False)  # the candidate version
    active_version: Mapped[int | None] = mapped_column(Integer)  # fixed by the first run that claims it
    session_ids: Mapped[list[Any]] = mapped_column(nullable=False, default=list)
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="queued")
    done: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _created()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )
