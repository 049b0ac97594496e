"""Prompt templates and their versions (one active version per name)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from db.models import PromptVersion
from db.repositories.versions import switch_active


def seed_version_one(session: Session, *, name: str, template: str, note: str) -> bool:
    """Insert ``name`` version 1 (active) unless the name has any version; True when inserted.
    Safe when several replicas seed at once (the unique constraints decide)."""
    if session.scalar(select(PromptVersion.id).where(PromptVersion.name == name).limit(1)) is not None:
        return False
    inserted = session.execute(
        insert(PromptVersion)
        .values(id=uuid.uuid4(), name=name, version=1, template=template, note=note, is_active=True)
        .on_conflict_do_nothing()
        .returning(PromptVersion.id)
    ).first()
    return inserted is not None


def active_version(session: Session, *, name: str) -> PromptVersion | None:
    return session.scalars(
        select(PromptVersion).where(PromptVersion.name == name, PromptVersion.is_active)
    ).one_or_none()


def get_version(session: Session, *, name: str, version: int) -> PromptVersion | None:
    return session.scalars(
        select(PromptVersion).where(PromptVersion.name == name, PromptVersion.version == version)
    ).one_or_none()


def list_versions(session: Session, *, name: str | None = None) -> list[PromptVersion]:
    query = select(PromptVersion).order_by(PromptVersion.name, PromptVersion.version)
    if name is not None:
        query = query.where(PromptVersion.name == name)
    return list(session.scalars(query))


def add_version(session: Session, *, name: str, template: str, note: str, author_id: uuid.UUID | None,
                activate: bool = False) -> PromptVersion:
    """The next version number for ``name`` (serialised per name by a transaction advisory lock)."""
    session.execute(select(func.pg_advisory_xact_lock(func.hashtext("prompt:" + name))))
    latest = session.scalar(select(func.max(PromptVersion.version)).where(PromptVersion.name == name))
    if activate:
        session.execute(update(PromptVersion).where(PromptVersion.name == name).values(is_active=False))
        session.flush()
    version = PromptVersion(name=name, version=(latest or 0) + 1, template=template, note=note,
                            author_id=author_id, is_active=activate)
    session.add(version)
    session.flush()
    return version


def activate(session: Session, *, name: str, version: int) -> bool:
    """Make ``version`` the active one; False when it does not exist."""
    session.execute(select(func.pg_advisory_xact_lock(func.hashtext("prompt:" + name))))
    if get_version(session, name=name, version=version) is None:
        return False
    switch_active(session, PromptVersion, PromptVersion.name == name, version)
    return True


SHIPPED = ("seeded from rubrics/prompts/", "shipped with the app: rubrics/prompts/")


def ship_update(session: Session, *, name: str, template: str, note: str) -> bool:
    """A new shipped text of ``name`` becomes its next version, active, when the active version is
    itself a shipped one (never over a version ML staff activated) and no version holds that
    text yet; True when one was added."""
    active = active_version(session, name=name)
    if active is None or not active.note.startswith(SHIPPED) or active.template == template:
        return False
    if session.scalar(select(PromptVersion.id).where(PromptVersion.name == name, PromptVersion.template == template)
                      .limit(1)) is not None:
        return False
    add_version(session, name=name, template=template, note=note, author_id=None, activate=True)
    return True
