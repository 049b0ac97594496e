"""Questions and answers as the turn logic walks them: the current question, saving an
answer, inserting a follow-up after the current position."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import Answer, Question


def question_at(session: Session, *, session_id: uuid.UUID, position: int) -> Question | None:
    return session.scalars(
        select(Question).where(Question.session_id == session_id, Question.position == position)
    ).one_or_none()


def planned_numbers(session: Session, *, session_id: uuid.UUID) -> list[tuple[uuid.UUID, int]]:
    """(question id, position) of the planned questions, in order."""
    rows = session.execute(
        select(Question.id, Question.position)
        .where(Question.session_id == session_id, Question.kind == "planned")
        .order_by(Question.position)
    )
    return [(row[0], row[1]) for row in rows]


def follow_up_count(session: Session, *, parent_id: uuid.UUID) -> int:
    return int(session.scalar(select(func.count()).select_from(Question).where(Question.parent_id == parent_id)) or 0)


def follow_up_texts(session: Session, *, session_id: uuid.UUID) -> list[str]:
    """The follow-ups already asked in this interview (so the next one is worded differently)."""
    return list(session.scalars(select(Question.text).where(Question.session_id == session_id,
                                                            Question.kind == "follow_up")))


def answer_for(session: Session, *, question_id: uuid.UUID) -> Answer | None:
    return session.scalars(select(Answer).where(Answer.question_id == question_id)).one_or_none()


def save_answer(session: Session, *, session_id: uuid.UUID, question_id: uuid.UUID, **fields: Any) -> Answer:
    answer = Answer(session_id=session_id, question_id=question_id, **fields)
    session.add(answer)
    session.flush()
    return answer


def insert_follow_up(session: Session, *, session_id: uuid.UUID, after_position: int, parent_id: uuid.UUID,
                     text: str, competency: str | None, rationale: str, provenance: dict[str, Any]) -> Question:
    """Shift later questions down by one and put the follow-up right after ``after_position``.

    Positions are unique per session and PostgreSQL checks that row by row, so the
    shift goes through negative positions first."""
    later = (Question.session_id == session_id) & (Question.position > after_position)
    session.execute(update(Question).where(later).values(position=-(Question.position + 1)))
    session.execute(
        update(Question).where((Question.session_id == session_id) & (Question.position < 0))
        .values(position=-Question.position)
    )
    question = Question(session_id=session_id, position=after_position + 1, text=text, kind="follow_up",
                        parent_id=parent_id, competency=competency, source="generated", rationale=rationale,
                        provenance=provenance)
    session.add(question)
    session.flush()
    return question

