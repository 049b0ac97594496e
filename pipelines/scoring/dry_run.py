"""Dry-run: re-score stored sessions (their stored transcripts; no audio work) with the active
and with a candidate prompt or rubric version, in memory: no stored score changes. Where
recruiters left overrides, each version's agreement with them (mean absolute error, Spearman)
says which one the humans would have preferred."""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from db.engine import Database
from db.repositories import dry_runs as dry_runs_repo
from db.repositories import evaluations as evals
from db.repositories import prompts as prompts_repo
from db.repositories import reports as reports_repo
from db.repositories import rubrics as rubrics_repo
from db.repositories import sessions as sessions_repo
from pipelines.models import ModelRegistry
from pipelines.rubric import Rubric
from pipelines.scoring.aggregate import aggregate, latest_overrides
from pipelines.scoring.engine import AnswerInput
from pipelines.scoring.llm_scorer import Renderer
from pipelines.scoring.prompts import fixed_renderer, render_file
from pipelines.scoring.session import build_scorer, prompt_renderer, rubric_for_session
from pipelines.scoring.validity import spearman
from pipelines.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Version:
    """What one side of the comparison scores with; ``rubric`` None: each session's own (the
    version its stored scores were made with, else its job's active one)."""

    rubric: Rubric | None
    render: Renderer


def _scores(db: Database, models: ModelRegistry, settings: Settings, session_id: uuid.UUID,
            version: Version) -> dict[str, Any]:
    with db.session() as s:
        interview = sessions_repo.get_session(s, session_id=session_id)
        lang = interview.job.language if interview is not None else "en"
        job_id = interview.job_id if interview is not None else None
        pairs = evals.answered_questions(s, session_id=session_id)
        answers = [AnswerInput(answer_id=a.id, question=q.text, transcript=a.transcript,
                               question_competency=q.competency, lang=lang) for q, a in pairs]
    rubric = version.rubric or rubric_for_session(db, session_id, job_id).rubric  # type: ignore[arg-type]
    scorer = build_scorer(rubric, models, settings, version.render)
    items = scorer.score(answers) if answers else []
    result = aggregate(rubric, [(i.competency, i.score) for i in items], lang=lang)
    return {"overall": result.overall, "competencies": {c.key: c.score for c in result.competencies}}


def _agreement(pairs: Sequence[tuple[float, float]]) -> dict[str, Any]:
    """Model score against the recruiter's override, per (session, competency)."""
    if not pairs:
        return {"n": 0, "mae": None, "spearman": None}
    mae = sum(abs(m - h) for m, h in pairs) / len(pairs)
    rho = spearman([h for _, h in pairs], [m for m, _ in pairs]) if len(pairs) >= 3 else float("nan")
    return {"n": len(pairs), "mae": round(mae, 3), "spearman": None if math.isnan(rho) else round(rho, 3)}


def score_one(db: Database, models: ModelRegistry, settings: Settings, session_id: uuid.UUID, *,
              active: Version, candidate: Version, between: Callable[[], None] | None = None) -> dict[str, Any]:
    """One session's row: the active and the candidate version's scores and the recruiters'
    latest overrides. ``between()`` runs after the active side (a long run's heartbeat)."""
    active_side = _scores(db, models, settings, session_id, active)
    if between is not None:
        between()
    sides = {"active": active_side, "candidate": _scores(db, models, settings, session_id, candidate)}
    with db.session() as s:
        overrides = latest_overrides(reports_repo.overrides_for(s, session_id=session_id))
    return {"session_id": str(session_id), **sides, "overrides": overrides}


def summarize(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The rows and each version's agreement with the recruiters' overrides."""
    pairs: dict[str, list[tuple[float, float]]] = {"active": [], "candidate": []}
    for row in results:
        for side in pairs:
            for key, human in row["overrides"].items():
                model = row[side]["competencies"].get(key)
                if model is not None:
                    pairs[side].append((float(model), human))
    return {"results": list(results), "agreement": {side: _agreement(p) for side, p in pairs.items()}}


def dry_run(db: Database, models: ModelRegistry, settings: Settings, session_ids: Sequence[uuid.UUID], *,
            active: Version, candidate: Version,
            progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Per session the active and the candidate version's overall and competency scores, and each
    version's agreement with the recruiters' overrides. ``progress(done, total)`` after each session;
    it may raise to cancel."""
    results: list[dict[str, Any]] = []
    for done, session_id in enumerate(session_ids, start=1):
        results.append(score_one(db, models, settings, session_id, active=active, candidate=candidate))
        if progress is not None:
            progress(done, len(session_ids))
    return summarize(results)


class MissingVersion(LookupError):
    """The prompt or rubric version a dry-run names does not exist (the message says which)."""


def sides(db: Database, kind: str, target: str, version: int,
          active_version: int | None = None) -> tuple[int, Version, Version]:
    """(the active version's number, the active side, the candidate side) for a dry-run of
    ``version`` of the prompt ``target`` (kind "prompt") or of the rubric with id ``target``
    (kind "rubric"). ``active_version`` pins the active side: a resumed job keeps the one it
    started with, whatever was activated since."""
    if kind == "prompt":
        with db.session() as s:
            found = prompts_repo.get_version(s, name=target, version=version)
            if found is None:
                raise MissingVersion(f"the prompt {target!r} has no version {version}")
            candidate = Version(None, fixed_renderer(version, found.template))
            current = (prompts_repo.active_version(s, name=target) if active_version is None
                       else prompts_repo.get_version(s, name=target, version=active_version))
            if current is None:  # nothing stored: the file, version 1
                return 1, Version(None, render_file), candidate
            return current.version, Version(None, fixed_renderer(current.version, current.template)), candidate
    with db.session() as s:
        rubric_id = uuid.UUID(target)
        found_rubric = rubrics_repo.get_version_number(s, rubric_id=rubric_id, version=version)
        current_rubric = (rubrics_repo.active_version(s, rubric_id=rubric_id) if active_version is None
                          else rubrics_repo.get_version_number(s, rubric_id=rubric_id, version=active_version))
        if found_rubric is None or current_rubric is None:
            missing = active_version if found_rubric is not None and active_version is not None else version
            raise MissingVersion(f"this rubric has no version {missing}")
        pair = (int(current_rubric.version), Rubric.from_definition(current_rubric.definition),
                Rubric.from_definition(found_rubric.definition))
    _, render = prompt_renderer(db)
    return pair[0], Version(pair[1], render), Version(pair[2], render)


# --- the queued job (pipelines.scoring.tasks.run_dry_run on the gpu queue) ---------------------

def _failure(err: Exception, position: int, total: int, session_id: uuid.UUID | None) -> str:
    """A sentence a person can act on."""
    if isinstance(err, MissingVersion):
        return f"{err} any more: start the dry-run again with a version that exists"
    first = (str(err).strip().splitlines() or [""])[0][:300].rstrip(".") or "no detail"
    where = f"session {session_id} ({position} of {total})" if session_id is not None else "the versions"
    return (f"re-scoring {where} failed with {type(err).__name__}: {first}. Check that the session still "
            "exists and that the scoring models load (GET /api/health, the gpu worker's log), then start "
            "the dry-run again")


def run_job(db: Database, models: ModelRegistry, settings: Settings, dry_run_id: uuid.UUID, *,
            takeover: bool = False, after_session: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Run a queued dry-run job session by session: progress after each one, the cancel flag
    read before each one (cancelled: the rows so far are kept), the result at the end, a
    sentence on failure. Safe to run twice: only a queued job, or a running one with no progress
    for SCORING_STALE_AFTER_S (any running one with ``takeover``: its worker is gone), is taken,
    and a taken-over run resumes after the last stored session. ``after_session(n)`` is called
    after the n-th session's progress is stored. Stored scores never change."""
    stale_after = None if takeover else float(settings.scoring_stale_after_s)
    with db.session() as s:
        job = dry_runs_repo.claim(s, dry_run_id=dry_run_id, stale_after_s=stale_after)
        if job is None:
            found = dry_runs_repo.get(s, dry_run_id=dry_run_id)
            return {"dry_run_id": str(dry_run_id), "skipped": found.status if found is not None else "missing"}
        attempt, kind, target, version = job.attempt, job.kind, job.target, job.version
        pinned, cancelled = job.active_version, job.cancel_requested
        session_ids = [uuid.UUID(i) for i in job.session_ids]
        results: list[dict[str, Any]] = list((job.result or {}).get("results", []))[:job.done]

    def beat(**values: Any) -> Any:
        with db.session() as s:
            return dry_runs_repo.beat(s, dry_run_id=dry_run_id, attempt=attempt, **values)

    def end(status: str, result: dict[str, Any] | None, error: str | None = None) -> dict[str, Any]:
        with db.session() as s:
            dry_runs_repo.finish(s, dry_run_id=dry_run_id, attempt=attempt, status=status, result=result, error=error)
        log.info("dry-run %s", status, extra={"fields": {"dry_run_id": str(dry_run_id), "done": len(results),
                                                          "total": len(session_ids)}})
        return {"dry_run_id": str(dry_run_id), "status": status, "done": len(results)}

    def so_far() -> dict[str, Any] | None:
        return summarize(results) if results else None

    if cancelled:
        return end("cancelled", so_far())
    current: uuid.UUID | None = None
    try:
        active_version, active, candidate = sides(db, kind, target, version, pinned)
        if pinned is None and beat(active_version=active_version) is None:
            return {"dry_run_id": str(dry_run_id), "skipped": "taken over"}
        for current in session_ids[len(results):]:
            state = beat()
            if state is None:  # another run holds it now
                return {"dry_run_id": str(dry_run_id), "skipped": "taken over"}
            if state.cancel_requested:
                return end("cancelled", so_far())
            results.append(score_one(db, models, settings, current, active=active, candidate=candidate,
                                     between=beat))
            if beat(done=len(results), result={"results": results}) is None:
                return {"dry_run_id": str(dry_run_id), "skipped": "taken over"}
            if after_session is not None:
                after_session(len(results))
        return end("done", summarize(results))
    except Exception as err:  # noqa: BLE001 - stored as a sentence; the job ends failed
        log.exception("dry-run failed", extra={"fields": {"dry_run_id": str(dry_run_id)}})
        return end("failed", so_far(), _failure(err, len(results) + 1, len(session_ids), current))
