"""Scoring one interview session, crash-safe: each answer's evaluations are committed
as they are made, a re-run scores only what is missing (unique per answer,
competency and prompt version), and the session moves completed → scoring → scored
(or failed with a reason)."""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from db.engine import Database
from db.repositories import evaluations as evals
from db.repositories import jobs as jobs_repo
from db.repositories import prompts as prompts_repo
from db.repositories import reports as reports_repo
from db.repositories import rubrics as rubrics_repo
from db.repositories import sessions as sessions_repo
from pipelines.models import ModelRegistry
from pipelines.rubric import Rubric, load_rubric
from pipelines.scoring.aggregate import aggregate, latest_overrides
from pipelines.scoring.anchors import AnchorScorer
from pipelines.scoring.blend import Blend
from pipelines.scoring.config import llm_weight
from pipelines.scoring.domain import DomainScorer
from pipelines.scoring.engine import AnswerInput, Scorer, competencies_for
from pipelines.scoring.llm_scorer import Renderer
from pipelines.scoring.prompts import fixed_renderer, render_file
from pipelines.scoring.text_model import TextModel
from pipelines.settings import Settings

log = logging.getLogger(__name__)

PROMPT_NAME = "score_answer"


@dataclass(frozen=True)
class RubricChoice:
    rubric: Rubric
    version_id: uuid.UUID | None
    name: str = "default"
    version: int | None = None  # None: the file, not a stored version


def _choice(version: Any) -> RubricChoice:
    return RubricChoice(Rubric.from_definition(version.definition), version.id, version.rubric.name, version.version)


def rubric_for_job(db: Database, job_id: uuid.UUID) -> RubricChoice:
    """The job's rubric (active version), else the seeded default, else the file."""
    with db.session() as s:
        job = jobs_repo.get_job(s, job_id=job_id)
        rubric_id = job.rubric_id if job is not None else None
        if rubric_id is None:
            default = rubrics_repo.find_rubric(s, name="default", company_id=None)
            rubric_id = default.id if default is not None else None
        version = rubrics_repo.active_version(s, rubric_id=rubric_id) if rubric_id is not None else None
        if version is not None:
            return _choice(version)
    return RubricChoice(load_rubric(), None)


def rubric_for_session(db: Database, session_id: uuid.UUID, job_id: uuid.UUID) -> RubricChoice:
    """The rubric version the session's scores were made with, so activating another version
    never rewrites a past report (or splits a resumed scoring run); the job's active version
    before any score exists."""
    with db.session() as s:
        version_id = evals.rubric_version_of(s, session_id=session_id)
        version = rubrics_repo.get_version(s, version_id=version_id) if version_id is not None else None
        if version is not None:
            return _choice(version)
    return rubric_for_job(db, job_id)


def prompt_renderer(db: Database) -> tuple[int, Renderer]:
    """The active stored version of the scoring prompt (read once per run), else the file."""
    with db.session() as s:
        found = prompts_repo.active_version(s, name=PROMPT_NAME)
        if found is not None:
            return found.version, fixed_renderer(found.version, found.template)
    return 1, render_file


@functools.lru_cache(maxsize=8)
def _anchor_scorer(encoder: Any) -> AnchorScorer:
    """One per encoder and process: it caches the anchors' embeddings across sessions."""
    return AnchorScorer(encoder)


@functools.lru_cache(maxsize=8)
def _domain_scorer(encoder: Any) -> DomainScorer:
    """One per encoder and process: it caches the topic prototypes' embeddings."""
    return DomainScorer(encoder)


@functools.cache
def _blend() -> Blend:
    """The shipped blend, read once per process (it changes only with a release)."""
    return Blend.load()


@functools.cache
def _text_model() -> TextModel:
    """The shipped text model, read once per process."""
    return TextModel.load()


def build_scorer(rubric: Rubric, models: ModelRegistry, settings: Settings, render: Renderer) -> Scorer:
    weight = llm_weight(settings)
    return Scorer(rubric=rubric, anchors=_anchor_scorer(models.get("embedder")),
                  domain=_domain_scorer(models.get("sentence_encoder")),
                  blend=_blend(), text_model=_text_model(),
                  llm=models.get("llm") if weight > 0 else None, render=render, llm_weight=weight,
                  samples=settings.scoring_llm_samples, retries=settings.scoring_llm_retries)


def score_session(db: Database, models: ModelRegistry, settings: Settings, session_id: uuid.UUID, *,
                  after_answer: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Score every answer of a completed session; safe to run twice or after a crash.
    ``after_answer(n)`` is called after the n-th answer's evaluations are committed."""
    with db.session() as s:
        status = evals.claim_for_scoring(s, session_id=session_id)
        interview = sessions_repo.get_session(s, session_id=session_id)
        job_id = interview.job_id if interview is not None else None
        lang = interview.job.language if interview is not None else "en"
    if status != "scoring" or job_id is None:
        return {"session_id": str(session_id), "skipped": status}
    try:
        return _score(db, models, settings, session_id, job_id, lang, after_answer)
    except Exception as err:
        log.exception("scoring failed", extra={"fields": {"session_id": str(session_id)}})
        with db.session() as s:
            sessions_repo.set_status(s, session_id=session_id, status="failed", unless=("withdrawn",),
                                     failure_reason=f"scoring failed: {type(err).__name__}: {err}"[:500])
        raise


def _score(db: Database, models: ModelRegistry, settings: Settings, session_id: uuid.UUID,
           job_id: uuid.UUID, lang: str, after_answer: Callable[[int], None] | None) -> dict[str, Any]:
    choice = rubric_for_session(db, session_id, job_id)
    prompt_version, render = prompt_renderer(db)
    scorer = build_scorer(choice.rubric, models, settings, render)
    with db.session() as s:
        pairs = evals.answered_questions(s, session_id=session_id)
        answers = [AnswerInput(answer_id=a.id, question=q.text, transcript=a.transcript,
                               question_competency=q.competency, lang=lang) for q, a in pairs]
        done = evals.done_keys(s, answer_ids=[a.answer_id for a in answers], prompt_version=prompt_version)
    inserted = 0
    for n, answer in enumerate(answers, start=1):
        todo = [(0, key) for key in competencies_for(answer, choice.rubric, scorer.anchors)
                if (answer.answer_id, key) not in done]
        if todo:
            rows = [{
                "answer_id": item.answer_id, "competency": item.competency, "score": item.score,
                "evidence": item.evidence, "rationale": item.rationale, "status": item.status,
                "scorer": item.scorer, "model": item.model, "backend": item.backend,
                "prompt_version": prompt_version, "rubric_version_id": choice.version_id,
            } for item in scorer.score([answer], todo)]
            with db.session() as s:
                inserted += evals.insert_missing(s, rows=rows)
                evals.touch_session(s, session_id=session_id)
        if after_answer is not None:
            after_answer(n)
    overall = finalise(db, session_id, choice.rubric, lang)
    log.info("session scored", extra={"fields": {"session_id": str(session_id), "answers": len(answers),
                                                 "inserted": inserted, "scorer": scorer.name}})
    return {"session_id": str(session_id), "answers": len(answers), "inserted": inserted, "overall": overall}


def finalise(db: Database, session_id: uuid.UUID, rubric: Rubric, lang: str, *, status: str = "scored") -> float | None:
    """Aggregate the stored evaluations (with overrides) into ``interview_sessions.overall``."""
    with db.session() as s:
        rows = evals.latest_for_session(s, session_id=session_id)
        overrides = latest_overrides(reports_repo.overrides_for(s, session_id=session_id))
        qa = evals.answered_questions(s, session_id=session_id)
        result = aggregate(rubric, [(e.competency, e.score) for e in rows], overrides=overrides,
                           deliveries=[a.delivery for _, a in qa], behaviors=[a.behavior for _, a in qa], lang=lang)
        # a candidate who withdrew while scoring ran stays withdrawn, with no overall
        sessions_repo.set_status(s, session_id=session_id, status=status, overall=result.overall,
                                 failure_reason=None, unless=("withdrawn",))
    return result.overall
