"""Regression sets: named lists of stored sessions for Prompt Lab dry-runs."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import RegressionSet


def save(session: Session, *, name: str, session_ids: list[str], author_id: uuid.UUID | None) -> RegressionSet:
    """Create the set, or replace the sessions of the one with that name."""
    found = session.scalars(select(RegressionSet).where(RegressionSet.name == name)).one_or_none()
    if found is None:
        found = RegressionSet(name=name, author_id=author_id)
        session.add(found)
    found.session_ids = session_ids
    session.flush()
    return found


def list_sets(session: Session) -> list[RegressionSet]:
    return list(session.scalars(select(RegressionSet).order_by(RegressionSet.name)))
