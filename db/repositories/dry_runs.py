"""Prompt Lab dry-run jobs: created queued, claimed by a gpu worker, progress after each session,
a cancel flag read between sessions, the result (or a sentence) at the end."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from db.models import DryRun, InterviewSession, Job

FINISHED = ("done", "cancelled", "failed")


def create(session: Session, *, kind: str, target: str, version: int, session_ids: list[str],
           requested_by: uuid.UUID | None) -> DryRun:
    row = DryRun(kind=kind, target=target, version=version, session_ids=session_ids, requested_by=requested_by,
                 status="queued", done=0, total=len(session_ids), cancel_requested=False, attempt=0)
    session.add(row)
    session.flush()
    return row


def get(session: Session, *, dry_run_id: uuid.UUID, for_update: bool = False) -> DryRun | None:
    query = select(DryRun).where(DryRun.id == dry_run_id)
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def _older_than(seconds: float) -> Any:
    return DryRun.updated_at < func.now() - func.make_interval(0, 0, 0, 0, 0, 0, seconds)


def claim(session: Session, *, dry_run_id: uuid.UUID, stale_after_s: float | None) -> DryRun | None:
    """Take the job for one run: a queued one, or a running one whose run shows no progress for
    ``stale_after_s`` seconds (any running one when None: its worker is known to be gone). The
    attempt number goes up, so the run that lost it stops writing. None when not claimable."""
    running = DryRun.status == "running"
    if stale_after_s is not None:
        running = and_(running, _older_than(stale_after_s))
    found = session.execute(
        update(DryRun)
        .where(DryRun.id == dry_run_id, or_(DryRun.status == "queued", running))
        .values(status="running", attempt=DryRun.attempt + 1, started_at=func.coalesce(DryRun.started_at, func.now()),
                updated_at=func.now())
        .returning(DryRun.id)
    ).first()
    if found is None:
        return None
    return get(session, dry_run_id=dry_run_id)


def beat(session: Session, *, dry_run_id: uuid.UUID, attempt: int, **values: Any) -> DryRun | None:
    """Mark the run's progress (``values``: done, result, active_version) while it still holds the
    job; the row (its cancel flag) or None when another run took it over or it is not running."""
    found = session.execute(
        update(DryRun)
        .where(DryRun.id == dry_run_id, DryRun.attempt == attempt, DryRun.status == "running")
        .values(updated_at=func.now(), **values)
        .returning(DryRun.id)
    ).first()
    if found is None:
        return None
    return get(session, dry_run_id=dry_run_id)


def finish(session: Session, *, dry_run_id: uuid.UUID, attempt: int, status: str,
           result: dict[str, Any] | None = None, error: str | None = None) -> bool:
    """done, cancelled or failed, unless another run holds the job now."""
    found = session.execute(
        update(DryRun)
        .where(DryRun.id == dry_run_id, DryRun.attempt == attempt, DryRun.status == "running")
        .values(status=status, result=result, error=error, finished_at=func.now(), updated_at=func.now())
        .returning(DryRun.id)
    ).first()
    return found is not None


def abandon(session: Session, *, dry_run_id: uuid.UUID, error: str) -> None:
    """A job that could not be queued: failed, with the sentence."""
    session.execute(update(DryRun).where(DryRun.id == dry_run_id)
                    .values(status="failed", error=error, finished_at=func.now(), updated_at=func.now()))


def request_cancel(session: Session, *, row: DryRun) -> None:
    """A queued job is cancelled at once; a running one when its worker next reads the flag
    (between sessions)."""
    if row.status == "queued":
        row.status = "cancelled"
        row.finished_at = func.now()
    row.cancel_requested = True
    session.flush()
    session.refresh(row)


def stale(session: Session, *, older_than_s: float | None) -> list[uuid.UUID]:
    """Running jobs with no progress for ``older_than_s`` seconds; with None every queued and
    running one (at start-up with in-process queues, where every such run is orphaned)."""
    if older_than_s is None:
        query = select(DryRun.id).where(DryRun.status.in_(("queued", "running")))
    else:
        query = select(DryRun.id).where(DryRun.status == "running", _older_than(older_than_s))
    return list(session.scalars(query.order_by(DryRun.created_at)))


def companies_of(session: Session, *, session_ids: list[str]) -> set[uuid.UUID | None]:
    """The companies the sessions belong to (None for a session that no longer exists)."""
    ids = [uuid.UUID(i) for i in session_ids]
    found = dict(session.execute(select(InterviewSession.id, Job.company_id)
                                 .join(Job, Job.id == InterviewSession.job_id)
                                 .where(InterviewSession.id.in_(ids))).tuples().all())
    return {found.get(i) for i in ids}

