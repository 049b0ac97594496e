"""The question plan: stored once per session, the same on every later ``/start``.

The interviewer's template plan (``pipelines.questions.template_plan``) is written and
stored the moment it is needed, right after the resume step (``prepare``) or at
``/start``: it takes milliseconds, so the first question never waits for a model. Where
the LLM writes plans (``PLAN_WRITER``), a task on the ``gpu`` queue then rewrites the
questions the candidate has not reached yet; a rewrite that fails the checks, or comes
late, leaves the template's. Storing locks the session row, so two concurrent
``/start`` calls store one plan.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from db.engine import Database
from db.repositories import companies, questions, sessions
from interview.candidates import CandidateService
from interview.errors import Conflict, NotFound
from interview.prompts import PromptStore
from interview.rubrics import RubricService
from pipelines.questions import Chunk, Competency, Plan, PlanInputs, generate, make_follow_up, seed_for, template_plan
from pipelines.settings import Settings
from pipelines.tasks import runtime, task

if TYPE_CHECKING:
    from pipelines.tasks import TaskRuntime

log = logging.getLogger(__name__)

PLAN_TASK = "make_question_plan"


class ResumeSearch(Protocol):
    """``db.vectorstore.ResumeStore``'s read side."""

    def search(self, *, session_id: uuid.UUID, query: str, k: int = 4) -> list[Any]: ...
    def chunks(self, *, session_id: uuid.UUID) -> list[Any]: ...


@dataclass(frozen=True)
class CurrentQuestion:
    id: uuid.UUID
    text: str
    kind: str


def gather_inputs(db: Database, store: ResumeSearch, session_id: uuid.UUID) -> PlanInputs:
    """Job, talent profile, the job's rubric competencies and the whole resume, in order."""
    with db.session() as s:
        interview = sessions.get_session(s, session_id=session_id)
        if interview is None:
            raise NotFound("this interview does not exist")
        job = interview.job
        company = companies.get_company(s, company_id=job.company_id)
        job_id, language = job.id, job.language
        title, requirements = job.title, job.requirements
        profile = company.talent_profile if company else ""
        fixed = [str(q) for q in job.fixed_questions or []]
        count = job.question_count
        names = [interview.candidate_name] if interview.candidate_name else []
    rubric = RubricService(db).for_job(job_id).rubric
    competencies = [Competency(c.key, c.name(language), c.description(language)) for c in rubric.competencies]
    resume = [Chunk(str(c.id), c.text, c.section) for c in store.chunks(session_id=session_id)]
    return PlanInputs(job_title=title, requirements=requirements, talent_profile=profile, language=language,
                      question_count=count, fixed_questions=fixed, competencies=competencies, resume=resume,
                      has_resume=bool(resume), candidate_names=names, seed=seed_for(str(session_id)))


def store(db: Database, session_id: uuid.UUID, plan: Plan) -> bool:
    items = [{"text": i.text, "competency": i.competency, "source": i.source, "cites": i.cites,
              "rationale": i.rationale, "provenance": i.provenance} for i in plan.items]
    with db.session() as s:
        return questions.store_plan(s, session_id=session_id, items=items, note=plan.note)


def plan_exists(db: Database, session_id: uuid.UUID) -> bool:
    with db.session() as s:
        return questions.has_plan(s, session_id=session_id)


# --- tasks (gpu queue) -------------------------------------------------------------

_stores: dict[int, Any] = {}
_stores_lock = threading.Lock()


def _resume_store(rt: TaskRuntime) -> ResumeSearch:
    """The worker process's resume store (one per process and database, like its models)."""
    with _stores_lock:
        found = _stores.get(id(rt.db))
        if found is None:
            from db.vectorstore import ResumeStore
            from pipelines.embeddings import Embedder

            found = _stores[id(rt.db)] = ResumeStore(rt.db.url, Embedder(rt.models))
        return found  # type: ignore[no-any-return]


@task("gpu")
def make_question_plan(session_id: str) -> dict[str, Any]:
    """The LLM rewrites the stored template plan's questions not asked yet (safe to run twice:
    only template questions are rewritten)."""
    rt = runtime()
    sid = uuid.UUID(session_id)
    with rt.db.session() as s:
        interview = sessions.get_session(s, session_id=sid)
        if interview is None or interview.withdrawn_at is not None or interview.purged_at is not None:
            return {"rewritten": 0, "reason": "the candidate withdrew or their data was erased"}
    inputs = gather_inputs(rt.db, _resume_store(rt), sid)
    base = template_plan(inputs)
    if not plan_exists(rt.db, sid):
        store(rt.db, sid, base)
    if inputs.question_count <= len(inputs.fixed_questions):
        return {"rewritten": 0, "reason": "every question is fixed"}
    version, template = PromptStore(rt.db).active("question_plan")
    plan = generate(rt.models.get("llm"), inputs, base, template=template, prompt_version=version,
                    retries=rt.settings.llm_structured_retries)
    items = [None if i.source != "generated" else {"text": i.text, "source": i.source, "rationale": i.rationale,
                                                   "provenance": i.provenance} for i in plan.items]
    with rt.db.session() as s:
        rewritten = questions.rewrite_unasked(s, session_id=sid, items=items, note=plan.note)
    log.info("plan rewritten by the llm", extra={"fields": {"session": session_id, "rewritten": rewritten}})
    return {"rewritten": rewritten, "note": plan.note}


@task("gpu")
def make_follow_up_question(session_id: str, question: str, answer: str) -> dict[str, Any] | None:
    """A follow-up on what the candidate just said, or None (the turn logic moves on)."""
    rt = runtime()
    sid = uuid.UUID(session_id)
    with rt.db.session() as s:
        interview = sessions.get_session(s, session_id=sid)
        if interview is None:
            return None
        language = interview.job.language
        names = [interview.candidate_name] if interview.candidate_name else []
    chunks = _resume_store(rt).search(session_id=sid, query=answer, k=2)
    version, template = PromptStore(rt.db).active("follow_up")
    follow_up = make_follow_up(rt.models.get("llm"), question=question, answer=answer, chunks=chunks,
                               language=language, template=template, prompt_version=version,
                               retries=rt.settings.llm_structured_retries, names=names)
    if follow_up is None:
        return None
    return {"text": follow_up.text, "rationale": follow_up.rationale, "refers_to": follow_up.refers_to,
            "provenance": follow_up.provenance}


# --- the service ---------------------------------------------------------------------

class PlanService:
    def __init__(self, db: Database, *, candidates: CandidateService, resumes: ResumeSearch,
                 tasks: TaskRuntime, settings: Settings) -> None:
        self.db = db
        self.candidates = candidates
        self.resumes = resumes
        self.tasks = tasks
        self.settings = settings

    def start(self, token: str) -> CurrentQuestion:
        """Store the plan if absent, mark the interview in progress, return the current question."""
        view = self.candidates.resolve(token)
        if view.status == "invited":
            raise Conflict("give your consent first: the interview records and analyses your answers")
        if view.status not in ("consented", "in_progress"):
            raise Conflict(f"this interview is {view.status}: it cannot be started again")
        self._ensure_plan(view.session_id)
        with self.db.session() as s:
            interview = sessions.get_session(s, session_id=view.session_id, for_update=True)
            assert interview is not None
            if interview.status == "consented":
                sessions.set_status(s, session_id=view.session_id, status="in_progress",
                                    started_at=datetime.now(UTC))
            current = questions.current_question(s, session_id=view.session_id)
            if current is None:
                raise Conflict("every question of this interview has been answered: finish the interview")
            return CurrentQuestion(current.id, current.text, current.kind)

    def prepare(self, token: str) -> None:
        """Store the plan right after the resume step (and queue the model's rewrite), so it is
        ready, and being improved, while the candidate checks camera and microphone."""
        view = self.candidates.resolve(token)
        if view.status == "consented":
            self._ensure_plan(view.session_id)

    def _ensure_plan(self, session_id: uuid.UUID) -> None:
        if plan_exists(self.db, session_id):
            return
        plan = template_plan(gather_inputs(self.db, self.resumes, session_id))
        if store(self.db, session_id, plan) and self.settings.plan_uses_llm:
            job = self.tasks.tasks.get(PLAN_TASK)
            if job is not None:
                job(str(session_id))  # not awaited: it rewrites only what is not asked yet
