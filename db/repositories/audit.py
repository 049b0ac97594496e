from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditLog, User


def record(
    session: Session, *, actor_id: uuid.UUID | None, actor_role: str, action: str,
    target_type: str, target_id: str | None, detail: dict[str, Any] | None = None, client: str | None = None,
) -> None:
    """One audit event; ``client`` is the caller's address where the request had one."""
    session.add(AuditLog(
        actor_id=actor_id, actor_role=actor_role, action=action,
        target_type=target_type, target_id=target_id, detail=detail or {},
        client=client[:64] if client else None,
    ))


def lab_events(session: Session, *, limit: int) -> list[tuple[AuditLog, str | None]]:
    """Prompt and rubric versions and activations, newest first, with the author's email."""
    rows = session.execute(
        select(AuditLog, User.email).outerjoin(User, AuditLog.actor_id == User.id)
        .where(AuditLog.action.in_(("prompt.version", "prompt.activate", "rubric.create", "rubric.version",
                                    "rubric.activate")))
        .order_by(AuditLog.at.desc()).limit(limit))
    return [(row[0], row[1]) for row in rows]

