"""Rubrics and their versions (one active version per rubric)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from db.models import Rubric, RubricVersion
from db.repositories.versions import switch_active

_SEED_LOCK = 7_346_222  # pg_advisory_xact_lock key: one seeder at a time across replicas


def lock_seeding(session: Session) -> None:
    """Serialise seeding for the rest of this transaction (the default rubric's
    company_id is NULL, which a unique constraint does not guard)."""
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SEED_LOCK})


def get_rubric(session: Session, *, rubric_id: uuid.UUID) -> Rubric | None:
    return session.get(Rubric, rubric_id)


def find_rubric(session: Session, *, name: str, company_id: uuid.UUID | None) -> Rubric | None:
    query = select(Rubric).where(Rubric.name == name)
    query = query.where(Rubric.company_id.is_(None) if company_id is None else Rubric.company_id == company_id)
    return session.scalars(query).one_or_none()


def create_rubric(session: Session, *, name: str, company_id: uuid.UUID | None) -> Rubric:
    rubric = Rubric(name=name, company_id=company_id)
    session.add(rubric)
    session.flush()
    return rubric


def list_rubrics(session: Session, *, company_id: uuid.UUID | None = None) -> list[Rubric]:
    query = select(Rubric).order_by(Rubric.name)
    if company_id is not None:
        query = query.where((Rubric.company_id == company_id) | Rubric.company_id.is_(None))
    return list(session.scalars(query))


def add_version(
    session: Session, *, rubric_id: uuid.UUID, definition: dict[str, Any], note: str,
    author_id: uuid.UUID | None, activate: bool,
) -> RubricVersion:
    # lock the rubric row so two writers cannot take the same version number
    session.execute(select(Rubric.id).where(Rubric.id == rubric_id).with_for_update())
    latest = session.scalar(
        select(func.max(RubricVersion.version)).where(RubricVersion.rubric_id == rubric_id)
    )
    if activate:
        session.execute(
            update(RubricVersion).where(RubricVersion.rubric_id == rubric_id).values(is_active=False)
        )
        session.flush()
    version = RubricVersion(
        rubric_id=rubric_id, version=(latest or 0) + 1, definition=definition, note=note,
        author_id=author_id, is_active=activate,
    )
    session.add(version)
    session.flush()
    return version


def active_version(session: Session, *, rubric_id: uuid.UUID) -> RubricVersion | None:
    return session.scalars(
        select(RubricVersion).where(RubricVersion.rubric_id == rubric_id, RubricVersion.is_active)
    ).one_or_none()


def get_version(session: Session, *, version_id: uuid.UUID) -> RubricVersion | None:
    return session.get(RubricVersion, version_id)


def get_version_number(session: Session, *, rubric_id: uuid.UUID, version: int) -> RubricVersion | None:
    return session.scalars(select(RubricVersion).where(RubricVersion.rubric_id == rubric_id,
                                                       RubricVersion.version == version)).one_or_none()


def activate(session: Session, *, rubric_id: uuid.UUID, version: int) -> bool:
    """Make ``version`` the rubric's active one; False when it does not exist."""
    session.execute(select(Rubric.id).where(Rubric.id == rubric_id).with_for_update())
    if get_version_number(session, rubric_id=rubric_id, version=version) is None:
        return False
    switch_active(session, RubricVersion, RubricVersion.rubric_id == rubric_id, version)
    return True
