"""Huey tasks for scoring (gpu queue): ``score_session`` and the sweeper that re-enqueues
sessions left in ``scoring`` (huey does not acknowledge tasks: a killed worker loses
the one it held); ``run_dry_run`` (a Prompt Lab dry-run job) and its sweeper, which
re-enqueues jobs left ``running`` the same way (the run resumes after the last stored session)."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from huey.api import PeriodicTask

from db.repositories import dry_runs as dry_runs_repo
from db.repositories import evaluations as evals
from pipelines.scoring import dry_run
from pipelines.scoring import session as scoring
from pipelines.tasks import TaskRuntime, runtime, task

log = logging.getLogger(__name__)


@task("gpu")
def score_session(session_id: str) -> dict[str, Any]:
    rt = runtime()
    return scoring.score_session(rt.db, rt.models, rt.settings, uuid.UUID(session_id))


def sweep(rt: TaskRuntime, *, startup: bool = False) -> list[str]:
    """Re-enqueue sessions stuck in ``scoring`` (or ``completed`` and never enqueued).
    At start-up with in-process queues every such session is orphaned; otherwise only those
    with no progress for ``SCORING_STALE_AFTER_S``."""
    older = None if (startup and rt.settings.embedded_queues) else float(rt.settings.scoring_stale_after_s)
    with rt.db.session() as s:
        stuck = [str(i) for i in evals.stale_scoring(s, older_than_s=older)]
    for session_id in stuck:
        rt.tasks["score_session"](session_id)
    if stuck:
        log.info("scoring re-enqueued", extra={"fields": {"sessions": stuck, "startup": startup}})
    return stuck


def _every_minute(self: Any, timestamp: datetime) -> bool:
    return True


@task("gpu", task_base=PeriodicTask, validate_datetime=_every_minute)
def sweep_scoring() -> list[str]:
    return sweep(runtime())


@task("gpu")
def run_dry_run(dry_run_id: str, takeover: bool = False) -> dict[str, Any]:
    rt = runtime()
    return dry_run.run_job(rt.db, rt.models, rt.settings, uuid.UUID(dry_run_id), takeover=takeover)


def sweep_dry_runs(rt: TaskRuntime, *, startup: bool = False) -> list[str]:
    """Re-enqueue dry-run jobs left ``running`` by a killed worker: with no progress for
    ``SCORING_STALE_AFTER_S``; at start-up with in-process queues every queued or running one
    (their worker was this process), taken over at once."""
    takeover = startup and rt.settings.embedded_queues
    older = None if takeover else float(rt.settings.scoring_stale_after_s)
    with rt.db.session() as s:
        stuck = [str(i) for i in dry_runs_repo.stale(s, older_than_s=older)]
    for dry_run_id in stuck:
        rt.tasks["run_dry_run"](dry_run_id, takeover)
    if stuck:
        log.info("dry-runs re-enqueued", extra={"fields": {"dry_runs": stuck, "startup": startup}})
    return stuck


@task("gpu", task_base=PeriodicTask, validate_datetime=_every_minute)
def sweep_dry_run_jobs() -> list[str]:
    return sweep_dry_runs(runtime())
