"""Evaluations: one row per (answer, competency, prompt version); a re-run inserts
only what is missing (ON CONFLICT DO NOTHING), so scoring is safe to repeat."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from db.models import Answer, Evaluation, InterviewSession, Question


def done_keys(session: Session, *, answer_ids: Iterable[uuid.UUID], prompt_version: int) -> set[tuple[uuid.UUID, str]]:
    ids = list(answer_ids)
    if not ids:
        return set()
    rows = session.execute(
        select(Evaluation.answer_id, Evaluation.competency)
        .where(Evaluation.answer_id.in_(ids), Evaluation.prompt_version == prompt_version)
    )
    return {(row[0], row[1]) for row in rows}


def insert_missing(session: Session, *, rows: list[dict[str, Any]]) -> int:
    """Insert evaluations; rows already there (same answer, competency, prompt version) are kept."""
    if not rows:
        return 0
    result = session.execute(
        insert(Evaluation).values(rows)
        .on_conflict_do_nothing(constraint="uq_evaluations_answer_comp_prompt")
        .returning(Evaluation.id)
    )
    return len(result.fetchall())


def latest_for_session(session: Session, *, session_id: uuid.UUID) -> list[Evaluation]:
    """The newest evaluation per (answer, competency) of a session's answers."""
    ranked = (
        select(Evaluation.id, func.row_number().over(
            partition_by=(Evaluation.answer_id, Evaluation.competency),
            order_by=(Evaluation.prompt_version.desc(), Evaluation.created_at.desc()),
        ).label("rank"))
        .join(Answer, Answer.id == Evaluation.answer_id)
        .where(Answer.session_id == session_id)
        .subquery()
    )
    return list(session.scalars(
        select(Evaluation).join(ranked, ranked.c.id == Evaluation.id).where(ranked.c.rank == 1)
    ))


def rubric_version_of(session: Session, *, session_id: uuid.UUID) -> uuid.UUID | None:
    """The rubric version the session's newest evaluation was made with (None before any)."""
    return session.scalar(
        select(Evaluation.rubric_version_id).join(Answer, Answer.id == Evaluation.answer_id)
        .where(Answer.session_id == session_id, Evaluation.rubric_version_id.is_not(None))
        .order_by(Evaluation.created_at.desc()).limit(1)
    )


def answered_questions(session: Session, *, session_id: uuid.UUID) -> list[tuple[Question, Answer]]:
    """The session's answered questions in interview order."""
    rows = session.execute(
        select(Question, Answer).join(Answer, Answer.question_id == Question.id)
        .where(Question.session_id == session_id).order_by(Question.position)
    )
    return [(row[0], row[1]) for row in rows]


def touch_session(session: Session, *, session_id: uuid.UUID) -> None:
    """Heartbeat: scoring progressed (the sweeper re-enqueues only stale sessions)."""
    session.execute(update(InterviewSession).where(InterviewSession.id == session_id)
                    .values(updated_at=func.now()))


def claim_for_scoring(session: Session, *, session_id: uuid.UUID) -> str | None:
    """Move ``completed`` to ``scoring`` (``scoring`` stays); returns the status now, None if missing."""
    row = session.execute(
        select(InterviewSession.status).where(InterviewSession.id == session_id).with_for_update()
    ).one_or_none()
    if row is None:
        return None
    if row[0] == "completed":
        session.execute(update(InterviewSession).where(InterviewSession.id == session_id)
                        .values(status="scoring", failure_reason=None))
        return "scoring"
    return str(row[0])


def stale_scoring(session: Session, *, older_than_s: float | None) -> list[uuid.UUID]:
    """Sessions in ``scoring`` (and ``completed`` ones never enqueued) with no progress for
    ``older_than_s`` seconds; every one of them when None."""
    query = select(InterviewSession.id).where(InterviewSession.status.in_(("scoring", "completed")))
    if older_than_s is not None:
        query = query.where(InterviewSession.updated_at < func.now() - func.make_interval(0, 0, 0, 0, 0, 0,
                                                                                            older_than_s))
    return list(session.scalars(query))
