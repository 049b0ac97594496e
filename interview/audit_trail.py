"""The audit trail as admins read it: who did what, to what, when, from where."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select

from db.engine import Database
from db.models import AuditLog, User
from interview.actors import Staff


class AuditService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def events(self, staff: Staff, *, action: str | None = None, actor: str | None = None,
               since: datetime | None = None, limit: int = 200) -> list[dict[str, Any]]:
        """Newest first. ``action`` matches a prefix ("login" also finds "login.failed");
        ``actor`` is a staff email or a role without an account ("candidate", "system", "anonymous")."""
        staff.require_role("admin")
        query = (select(AuditLog, User.email).outerjoin(User, AuditLog.actor_id == User.id)
                 .order_by(AuditLog.at.desc()).limit(limit))
        if action:
            escaped = action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(or_(AuditLog.action == action, AuditLog.action.like(escaped + ".%", escape="\\")))
        if actor:
            query = query.where(or_(func.lower(User.email) == actor.strip().lower(),
                                    (AuditLog.actor_id.is_(None)) & (AuditLog.actor_role == actor.strip())))
        if since is not None:
            query = query.where(AuditLog.at >= since)
        with self.db.session() as s:
            return [{"at": row.at, "actor": email or row.actor_role, "role": row.actor_role, "action": row.action,
                     "target": f"{row.target_type}:{row.target_id}" if row.target_id else row.target_type,
                     "client": row.client, "detail": row.detail}
                    for row, email in s.execute(query)]
