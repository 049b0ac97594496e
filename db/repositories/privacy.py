"""Erasing a candidate's data from the database: what a withdrawal, the retention purge and an
erasure on request delete or clear, and which sessions are past the retention period.

Resume chunks live in the vector tables (``db.vectorstore``), one per embedding model; every
such table is cleared, so a chunk stored under an earlier embedder goes too.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from db.models import (
    Answer,
    BehaviorSample,
    Evaluation,
    InterviewSession,
    Invite,
    Override,
    Question,
    RetiredInviteToken,
)

ERASED = "erased"


def lock_session(session: Session, *, session_id: uuid.UUID) -> InterviewSession | None:
    """The session row, locked until the unit of work ends (answers are saved under the same lock)."""
    return session.scalars(
        select(InterviewSession).where(InterviewSession.id == session_id).with_for_update()
    ).one_or_none()


def invite_for(session: Session, *, session_id: uuid.UUID) -> Invite | None:
    return session.scalars(select(Invite).where(Invite.session_id == session_id)).one_or_none()


def retire_token(session: Session, *, token_hash: str, session_id: uuid.UUID) -> None:
    """Remember a replaced invite token, so its link answers 410 rather than 404."""
    session.add(RetiredInviteToken(token_hash=token_hash, session_id=session_id))


def is_retired_token(session: Session, *, token_hash: str) -> bool:
    return session.get(RetiredInviteToken, token_hash) is not None


def audio_paths(session: Session, *, session_id: uuid.UUID) -> list[str]:
    """Where the session's answer recordings are, relative to the data dir."""
    return [p for p in session.scalars(
        select(Answer.audio_path).where(Answer.session_id == session_id, Answer.audio_path.is_not(None))) if p]


def resume_tables(session: Session) -> list[str]:
    """Every resume-chunk table (one per embedding model) that has a ``session_id`` column."""
    return list(session.scalars(text(
        "SELECT c.table_name FROM information_schema.columns c "
        "WHERE c.table_schema = 'public' AND c.table_name LIKE 'resume\\_chunks\\_%' "
        "AND c.column_name = 'session_id' ORDER BY c.table_name")))


def delete_resume_chunks(session: Session, *, session_id: uuid.UUID) -> int:
    """Delete the session's resume chunks (text and vectors) from every chunk table."""
    removed = 0
    for table in resume_tables(session):
        result: Any = session.execute(text(f'DELETE FROM "{table}" WHERE session_id = :sid'), {"sid": session_id})
        removed += int(result.rowcount or 0)
    return removed


def count_resume_chunks(session: Session, *, session_id: uuid.UUID) -> int:
    total = 0
    for table in resume_tables(session):
        total += int(session.execute(text(f'SELECT count(*) FROM "{table}" WHERE session_id = :sid'),
                                     {"sid": session_id}).scalar_one())
    return total


def delete_interview_content(session: Session, *, session_id: uuid.UUID) -> None:
    """Withdrawal: the questions (worded from the resume and the answers), and with them the
    answers, their evaluations and face samples; overrides of scores that no longer exist."""
    session.execute(delete(BehaviorSample).where(BehaviorSample.session_id == session_id))
    session.execute(delete(Override).where(Override.session_id == session_id))
    session.execute(delete(Question).where(Question.session_id == session_id))  # cascades to answers, evaluations


def clear_interview_content(session: Session, *, session_id: uuid.UUID) -> None:
    """Retention and erasure: clear every piece of candidate text and signal, keep the scores.

    Answers lose transcript, words, recording path, voice delivery and face measures; face
    samples go; evaluations keep competency, score and status but lose the evidence quotes and
    the rationale (both may quote the transcript); generated questions (worded from the resume
    and the answers) lose their text, citations and provenance. The job's fixed questions stay."""
    session.execute(delete(BehaviorSample).where(BehaviorSample.session_id == session_id))
    session.execute(update(Answer).where(Answer.session_id == session_id).values(
        transcript="", words=[], audio_path=None, delivery={}, behavior={}))
    answer_ids = select(Answer.id).where(Answer.session_id == session_id).scalar_subquery()
    session.execute(update(Evaluation).where(Evaluation.answer_id.in_(answer_ids)).values(evidence=[], rationale=""))
    session.execute(update(Question).where(Question.session_id == session_id, Question.source != "fixed").values(
        text="", cites=[], rationale="", provenance={}, embedding=None))


def clear_session_fields(session: Session, *, session_id: uuid.UUID, **fields: Any) -> None:
    """The resume summary and the plan note go; ``fields`` set the rest (status, timestamps, name)."""
    session.execute(update(InterviewSession).where(InterviewSession.id == session_id).values(
        resume_summary=None, plan_note="", **fields))


def expired_sessions(session: Session, *, created_before: datetime, limit: int = 500) -> list[uuid.UUID]:
    """Sessions created before ``created_before`` whose candidate data is not purged yet, oldest first."""
    return list(session.scalars(
        select(InterviewSession.id)
        .where(InterviewSession.created_at < created_before, InterviewSession.purged_at.is_(None))
        .order_by(InterviewSession.created_at).limit(limit)))


def count_rows(session: Session, *, session_id: uuid.UUID) -> dict[str, int]:
    """How much candidate data a session still holds (tests and the audit detail)."""
    def count(query: Any) -> int:
        return int(session.scalar(query) or 0)

    return {
        "answers": count(select(func.count()).select_from(Answer).where(Answer.session_id == session_id)),
        "behavior_samples": count(select(func.count()).select_from(BehaviorSample)
                                  .where(BehaviorSample.session_id == session_id)),
        "resume_chunks": count_resume_chunks(session, session_id=session_id),
    }
