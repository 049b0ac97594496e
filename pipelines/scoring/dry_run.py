"""Dry-run: re-score stored sessions (their stored transcripts; no audio work) with the active
and with a candidate prompt or rubric version, in memory: no stored score changes. Where
recruiters left overrides, each version's agreement with them (mean absolute error, Spearman)
says which one the humans would have preferred."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from db.engine import Database
from db.repositories import evaluations as evals
from db.repositories import reports as reports_repo
from db.repositories import sessions as sessions_repo
from pipelines.models import ModelRegistry
from pipelines.rubric import Rubric
from pipelines.scoring.aggregate import aggregate, latest_overrides
from pipelines.scoring.engine import AnswerInput
from pipelines.scoring.llm_scorer import Renderer
from pipelines.scoring.session import build_scorer, rubric_for_session
from pipelines.scoring.validity import spearman
from pipelines.settings import Settings


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


def dry_run(db: Database, models: ModelRegistry, settings: Settings, session_ids: Sequence[uuid.UUID], *,
            active: Version, candidate: Version,
            progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Per session the active and the candidate version's overall and competency scores, and each
    version's agreement with the recruiters' overrides. ``progress(done, total)`` after each session;
    it may raise to cancel."""
    results: list[dict[str, Any]] = []
    pairs: dict[str, list[tuple[float, float]]] = {"active": [], "candidate": []}
    for done, session_id in enumerate(session_ids, start=1):
        sides = {"active": _scores(db, models, settings, session_id, active),
                 "candidate": _scores(db, models, settings, session_id, candidate)}
        with db.session() as s:
            overrides = latest_overrides(reports_repo.overrides_for(s, session_id=session_id))
        for side, scored in sides.items():
            for key, human in overrides.items():
                model = scored["competencies"].get(key)
                if model is not None:
                    pairs[side].append((float(model), human))
        results.append({"session_id": str(session_id), **sides, "overrides": overrides})
        if progress is not None:
            progress(done, len(session_ids))
    return {"results": results, "agreement": {side: _agreement(p) for side, p in pairs.items()}}
