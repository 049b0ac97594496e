"""Sign-in state kept in PostgreSQL so every app process agrees: revoked tokens and failed logins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from db.models import LoginFailure, RevokedToken


def revoke(session: Session, *, jti: str, expires_at: datetime, now: datetime) -> None:
    """Deny-list ``jti`` until it would have expired; rows past expiry are pruned on the way."""
    session.execute(delete(RevokedToken).where(RevokedToken.expires_at < now))
    session.execute(insert(RevokedToken).values(jti=jti, expires_at=expires_at).on_conflict_do_nothing())


def is_revoked(session: Session, *, jti: str) -> bool:
    return session.get(RevokedToken, jti) is not None


def record_failure(session: Session, *, keys: list[str]) -> None:
    session.add_all([LoginFailure(key=key) for key in keys])


def recent_failures(session: Session, *, key: str, since: datetime, limit: int) -> list[datetime]:
    """Times of ``key``'s failures after ``since``, newest first, at most ``limit``."""
    return list(session.scalars(select(LoginFailure.at).where(LoginFailure.key == key, LoginFailure.at > since)
                                .order_by(LoginFailure.at.desc()).limit(limit)))


def clear_failures(session: Session, *, key: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.key == key))


def prune_failures(session: Session, *, before: datetime) -> int:
    result = session.execute(delete(LoginFailure).where(LoginFailure.at < before))
    return int(getattr(result, "rowcount", 0) or 0)

