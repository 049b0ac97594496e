"""A session's question plan: storing it once, reading it, and the current question.

Follow-up insertion and answers live in ``db.repositories.turns`` (the turn logic);
this module owns the plan. Positions are dense from 0; the current question is the
one at ``interview_sessions.current_position``, which the turn logic advances.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from db.models import InterviewSession, Question
from db.repositories.sessions import get_session


def has_plan(session: Session, *, session_id: uuid.UUID) -> bool:
    return bool(session.scalar(select(exists().where(Question.session_id == session_id))))


def store_plan(session: Session, *, session_id: uuid.UUID, items: Sequence[dict[str, Any]], note: str) -> bool:
    """Store the planned questions (dicts with text, competency, source, cites, rationale,
    provenance) at positions 0..n-1 and the plan note, unless a plan exists. The session row
    is locked first, so of two concurrent writers exactly one stores; True when this one did."""
    interview = get_session(session, session_id=session_id, for_update=True)
    if interview is None:
        raise LookupError(f"interview session {session_id} does not exist")
    if has_plan(session, session_id=session_id):
        return False
    session.add_all(
        Question(session_id=session_id, position=position, text=item["text"], kind="planned",
                 competency=item.get("competency"), source=item.get("source", "generated"),
                 cites=list(item.get("cites") or []), rationale=item.get("rationale", ""),
                 provenance=dict(item.get("provenance") or {}))
        for position, item in enumerate(items)
    )
    interview.plan_note = note
    session.flush()
    return True


def current_question(session: Session, *, session_id: uuid.UUID) -> Question | None:
    """The question at the session's ``current_position`` (None past the last one)."""
    position = select(InterviewSession.current_position).where(InterviewSession.id == session_id).scalar_subquery()
    return session.scalars(
        select(Question).where(Question.session_id == session_id, Question.position == position)
    ).one_or_none()


def rewrite_unasked(session: Session, *, session_id: uuid.UUID, items: Sequence[dict[str, Any] | None],
                    note: str) -> int:
    """Replace the text (and source, rationale, provenance) of planned template questions the
    candidate has not reached yet: ``items[i]`` is the new version of the i-th planned question
    (None keeps it). The session row is locked first, so a question being asked never changes
    under the candidate. Returns how many were rewritten."""
    interview = get_session(session, session_id=session_id, for_update=True)
    if interview is None:
        return 0
    planned = session.scalars(select(Question).where(Question.session_id == session_id, Question.kind == "planned")
                              .order_by(Question.position)).all()
    changed = 0
    for question, item in zip(planned, items, strict=False):
        if item is None or question.position <= interview.current_position or question.source != "template":
            continue
        question.text = item["text"]
        question.source = item.get("source", "generated")
        question.rationale = item.get("rationale", "")
        question.provenance = dict(item.get("provenance") or {})
        changed += 1
    if note:
        interview.plan_note = note
    session.flush()
    return changed
