"""The resume summary kept on an interview session (the chunks live in ``db.vectorstore``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import InterviewSession


def save_summary(session: Session, *, session_id: uuid.UUID, summary: dict[str, Any] | None) -> None:
    session.execute(update(InterviewSession).where(InterviewSession.id == session_id).values(resume_summary=summary))


def get_summary(session: Session, *, session_id: uuid.UUID) -> dict[str, Any] | None:
    return session.scalars(
        select(InterviewSession.resume_summary).where(InterviewSession.id == session_id)
    ).one_or_none()
