"""The question plan: made once per session at ``/start``, stored before the first
question is returned, the same on every later ``/start``.

The LLM work runs as a task on the ``gpu`` queue; the request waits for it with a
time limit (``PLAN_TIMEOUT_S``) and, past it or on a model failure, stores the
deterministic template plan instead (the plan note says so). Storing locks the
session row, so two concurrent ``/start`` calls store one plan.
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
from pipelines.questions import NO_RESUME_NOTE, Chunk, Competency, Plan, PlanInputs, make_follow_up, make_plan
from pipelines.tasks import runtime, task

if TYPE_CHECKING:
    from pipelines.tasks import TaskRuntime

log = logging.getLogger(__name__)

CHUNKS_PER_COMPETENCY = 3
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
    """Job, talent profile, the job's rubric competencies, and for each competency the
    resume chunks most relevant to it and to the job's requirements."""
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
    rubric = RubricService(db).for_job(job_id).rubric
    competencies = [Competency(c.key, c.name(language), c.description(language)) for c in rubric.competencies]
    has_resume = bool(store.chunks(session_id=session_id))
    chunks: dict[str, list[Chunk]] = {}
    for competency in competencies:
        found = store.search(session_id=session_id, query=f"{competency.name}. {competency.description} {requirements}",
                             k=CHUNKS_PER_COMPETENCY) if has_resume else []
        chunks[competency.key] = [Chunk(str(c.id), c.text, c.section) for c in found]
    return PlanInputs(job_title=title, requirements=requirements, talent_profile=profile, language=language,
                      question_count=count, fixed_questions=fixed, competencies=competencies, chunks=chunks,
                      has_resume=has_resume)


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
    """Generate and store the plan (no-op when one is stored already: safe to run twice)."""
    rt = runtime()
    sid = uuid.UUID(session_id)
    if plan_exists(rt.db, sid):
        return {"stored": False, "reason": "exists"}
    inputs = gather_inputs(rt.db, _resume_store(rt), sid)
    version, template = PromptStore(rt.db).active("question_plan")
    needs_llm = inputs.question_count > len(inputs.fixed_questions)  # all-fixed plans need no model
    plan = make_plan(rt.models.get("llm") if needs_llm else None, inputs, template=template, prompt_version=version,
                     retries=rt.settings.llm_structured_retries)
    stored = store(rt.db, sid, plan)
    return {"stored": stored, "note": plan.note}


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
    chunks = _resume_store(rt).search(session_id=sid, query=answer, k=2)
    version, template = PromptStore(rt.db).active("follow_up")
    follow_up = make_follow_up(rt.models.get("llm"), question=question, answer=answer, chunks=chunks,
                               language=language, template=template, prompt_version=version,
                               retries=rt.settings.llm_structured_retries)
    if follow_up is None:
        return None
    return {"text": follow_up.text, "rationale": follow_up.rationale, "refers_to": follow_up.refers_to,
            "provenance": follow_up.provenance}


# --- the service ---------------------------------------------------------------------

class PlanService:
    def __init__(self, db: Database, *, candidates: CandidateService, resumes: ResumeSearch,
                 tasks: TaskRuntime, timeout_s: float) -> None:
        self.db = db
        self.candidates = candidates
        self.resumes = resumes
        self.tasks = tasks
        self.timeout_s = timeout_s

    def start(self, token: str) -> CurrentQuestion:
        """Make the plan if absent, mark the interview in progress, return the current question."""
        view = self.candidates.resolve(token)
        if view.status == "invited":
            raise Conflict("give your consent first: the interview records and analyses your answers")
        if view.status not in ("consented", "in_progress"):
            raise Conflict(f"this interview is {view.status}: it cannot be started again")
        if not plan_exists(self.db, view.session_id):
            self._make(view.session_id)
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
        """Queue the plan without waiting (right after the resume step), so it is being
        written while the candidate checks camera and microphone; ``start`` then waits
        only for what is left."""
        view = self.candidates.resolve(token)
        job = self.tasks.tasks.get(PLAN_TASK)
        if view.status == "consented" and job is not None and not plan_exists(self.db, view.session_id):
            job(str(view.session_id))

    def _make(self, session_id: uuid.UUID) -> None:
        reason = ""
        job = self.tasks.tasks.get(PLAN_TASK)
        if job is None:
            reason = "the plan task is not registered"
        else:
            try:
                job(str(session_id)).get(blocking=True, timeout=self.timeout_s)
            except Exception as err:  # noqa: BLE001 - any failure falls back to the template plan
                reason = f"{type(err).__name__}: {err}"[:300]
        if plan_exists(self.db, session_id):
            return
        log.warning("question plan fell back to templates", extra={"fields": {
            "session": str(session_id), "reason": reason or "no plan stored"}})
        inputs = gather_inputs(self.db, self.resumes, session_id)
        plan = make_plan(None, inputs)
        why = (f"the LLM plan was not ready in {self.timeout_s:g} s" if "Timeout" in reason
               else f"the LLM plan failed ({reason or 'no plan stored'})")
        plan.note = "; ".join([*([] if inputs.has_resume else [NO_RESUME_NOTE]), f"template plan: {why}"])
        store(self.db, session_id, plan)
