"""What prompt and rubric versions share: exactly one active version per owner."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import Session


def switch_active(session: Session, model: Any, owner: ColumnElement[bool], version: int) -> None:
    """Make ``version`` the only active row of ``model`` matching ``owner``. The caller holds the
    owner's lock and has checked that the version exists. The flush between the two updates keeps
    the partial unique index on (owner, is_active) satisfied at every step."""
    session.execute(update(model).where(owner).values(is_active=False))
    session.flush()
    session.execute(update(model).where(owner, model.version == version).values(is_active=True))
