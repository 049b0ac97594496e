from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import User


def create_user(
    session: Session, *, email: str, password_hash: str, role: str, company_id: uuid.UUID | None
) -> User:
    user = User(email=email.strip(), password_hash=password_hash, role=role, company_id=company_id)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, *, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)


def get_user_by_email(session: Session, *, email: str) -> User | None:
    return session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).one_or_none()


def admin_exists(session: Session) -> bool:
    count = session.scalar(select(func.count()).select_from(User).where(User.role == "admin"))
    return bool(count)


def set_password_hash(session: Session, *, user_id: uuid.UUID, password_hash: str) -> None:
    user = session.get(User, user_id)
    if user is not None:
        user.password_hash = password_hash


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.created_at)))


def active_admins(session: Session, *, for_update: bool = False) -> list[uuid.UUID]:
    """Ids of the active admins; ``for_update`` locks them so two demotions cannot both pass."""
    query = select(User.id).where(User.role == "admin", User.is_active.is_(True))
    if for_update:
        query = query.with_for_update()
    return list(session.scalars(query))
