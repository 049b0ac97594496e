"""Overrides and the per-job ranking."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Answer, InterviewSession, Override


def add_override(session: Session, *, session_id: uuid.UUID, competency: str, score: float, reason: str,
                 author_id: uuid.UUID | None) -> Override:
    row = Override(session_id=session_id, competency=competency, score=score, reason=reason.strip(),
                   author_id=author_id)
    session.add(row)
    session.flush()
    return row


def overrides_for(session: Session, *, session_id: uuid.UUID) -> list[Override]:
    """All overrides of a session, oldest first (the newest per competency wins)."""
    return list(session.scalars(
        select(Override).where(Override.session_id == session_id).order_by(Override.created_at, Override.id)
    ))


def job_sessions(session: Session, *, job_id: uuid.UUID) -> list[InterviewSession]:
    """A job's sessions, best overall first (unscored last, then newest)."""
    return list(session.scalars(
        select(InterviewSession).where(InterviewSession.job_id == job_id)
        .order_by(InterviewSession.overall.desc().nulls_last(), InterviewSession.created_at.desc())
    ))


def job_candidates(session: Session, *, job_id: uuid.UUID) -> list[tuple[InterviewSession, int]]:
    """A job's sessions with how many questions each answered, newest first."""
    answered = (
        select(Answer.session_id, func.count(func.distinct(Answer.question_id)).label("n"))
        .group_by(Answer.session_id).subquery()
    )
    rows = session.execute(
        select(InterviewSession, func.coalesce(answered.c.n, 0))
        .outerjoin(answered, answered.c.session_id == InterviewSession.id)
        .where(InterviewSession.job_id == job_id)
        .order_by(InterviewSession.created_at.desc())
    ).all()
    return [(row[0], int(row[1])) for row in rows]
