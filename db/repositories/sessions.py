"""Interview sessions and the invites that bind a candidate to one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import InterviewSession, Invite, Job


def create_session_with_invite(
    session: Session, *, job_id: uuid.UUID, candidate_name: str, candidate_email: str | None,
    token_hash: str, expires_at: datetime, created_by: uuid.UUID | None,
) -> InterviewSession:
    interview = InterviewSession(job_id=job_id, candidate_name=candidate_name, candidate_email=candidate_email)
    session.add(interview)
    session.flush()
    session.add(Invite(session_id=interview.id, token_hash=token_hash, expires_at=expires_at, created_by=created_by))
    session.flush()
    return interview


def find_invite(session: Session, *, token_hash: str) -> tuple[Invite, InterviewSession, Job] | None:
    row = session.execute(
        select(Invite, InterviewSession, Job)
        .join(InterviewSession, Invite.session_id == InterviewSession.id)
        .join(Job, InterviewSession.job_id == Job.id)
        .where(Invite.token_hash == token_hash)
    ).one_or_none()
    return None if row is None else (row[0], row[1], row[2])


def get_session(session: Session, *, session_id: uuid.UUID, for_update: bool = False) -> InterviewSession | None:
    query = select(InterviewSession).where(InterviewSession.id == session_id)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def mark_invite_used(session: Session, *, session_id: uuid.UUID, at: datetime) -> None:
    session.execute(
        update(Invite).where(Invite.session_id == session_id, Invite.used_at.is_(None)).values(used_at=at)
    )


def set_status(session: Session, *, session_id: uuid.UUID, status: str, unless: tuple[str, ...] = (),
               **fields: Any) -> None:
    """Set the status (and ``fields``); a session whose status is in ``unless`` is left alone."""
    query = update(InterviewSession).where(InterviewSession.id == session_id)
    if unless:
        query = query.where(InterviewSession.status.not_in(unless))
    session.execute(query.values(status=status, **fields))


def sessions_in_status(session: Session, *, status: str) -> list[uuid.UUID]:
    return list(session.scalars(select(InterviewSession.id).where(InterviewSession.status == status)))


def scored_sessions(session: Session, *, company_id: uuid.UUID | None, limit: int) -> list[tuple[InterviewSession, str]]:
    """The newest scored sessions with their job's title (one company's, or all)."""
    query = (select(InterviewSession, Job.title).join(Job, InterviewSession.job_id == Job.id)
             .where(InterviewSession.status == "scored").order_by(InterviewSession.updated_at.desc()).limit(limit))
    if company_id is not None:
        query = query.where(Job.company_id == company_id)
    return [(row[0], row[1]) for row in session.execute(query)]
