"""The Prompt Lab's versions: list, read, add (validated first), activate and roll back prompts
and rubrics. Callers read the active version when a task starts, so an activation reaches every
process (app and workers) with the next task, without a restart. Every change is audited."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from db.engine import Database
from db.repositories import audit, companies, dry_runs, jobs, regression_sets, rubrics, sessions
from db.repositories import prompts as prompts_repo
from interview.actors import Staff
from interview.errors import Conflict, InvalidInput, NotFound, Unavailable
from interview.reports import shown_name
from interview.rubrics import require_usable_rubric
from pipelines.lab_checks import parse_rubric, rubric_yaml, template_problem
from pipelines.models import ModelRegistry
from pipelines.scoring.dry_run import MissingVersion, Version, dry_run, sides
from pipelines.scoring.session import PROMPT_NAME
from pipelines.settings import Settings
from pipelines.tasks import runtime

NO_RUBRIC = "no rubric has that id"
NO_DRY_RUN = "no dry-run has that id"
MAX_DRY_RUN = 200


def _version_out(row: Any) -> dict[str, Any]:
    return {"version": row.version, "note": row.note, "created_at": row.created_at,
            "author": str(row.author_id) if row.author_id else "shipped"}


def _enqueue_dry_run(dry_run_id: str) -> Any:
    return runtime().tasks["run_dry_run"](dry_run_id)


def _job_out(job: Any) -> dict[str, Any]:
    return {"id": str(job.id), "kind": job.kind, "target": job.target, "version": job.version,
            "active_version": job.active_version, "session_ids": list(job.session_ids), "status": job.status,
            "progress": {"done": job.done, "total": job.total}, "cancel_requested": job.cancel_requested,
            "result": job.result if job.status in ("done", "cancelled", "failed") else None, "error": job.error,
            "requested_by": str(job.requested_by) if job.requested_by else None, "created_at": job.created_at,
            "started_at": job.started_at, "finished_at": job.finished_at}


class PromptLabService:
    def __init__(self, db: Database, models: ModelRegistry, settings: Settings,
                 enqueue: Callable[[str], Any] | None = None) -> None:
        self.db = db
        self.models = models
        self.settings = settings
        self.enqueue = enqueue or _enqueue_dry_run  # enqueue(dry_run_id) on the gpu queue

    # --- prompts (ml, admin) ----------------------------------------------------
    def prompts(self, staff: Staff) -> list[dict[str, Any]]:
        staff.require_role("ml", "admin")
        with self.db.session() as s:
            rows = prompts_repo.list_versions(s)
        names: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = names.setdefault(row.name, {"name": row.name, "active_version": None, "versions": []})
            entry["versions"].append(_version_out(row))
            if row.is_active:
                entry["active_version"] = row.version
        return list(names.values())

    def prompt_version(self, staff: Staff, name: str, version: int) -> dict[str, Any]:
        staff.require_role("ml", "admin")
        with self.db.session() as s:
            row = prompts_repo.get_version(s, name=name, version=version)
            if row is None:
                raise NotFound(f"the prompt {name!r} has no version {version}")
            return {**_version_out(row), "template": row.template, "active": row.is_active}

    def add_prompt_version(self, staff: Staff, name: str, *, template: str, note: str,
                           client: str | None = None) -> int:
        """Stored only when it parses and renders against a sample of its real variables (422 otherwise)."""
        staff.require_role("ml", "admin")
        problem = template_problem(name, template)
        if problem:
            raise InvalidInput(problem)
        with self.db.session() as s:
            row = prompts_repo.add_version(s, name=name, template=template, note=note.strip(),
                                           author_id=staff.user_id)
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="prompt.version",
                         target_type="prompt", target_id=f"{name}:v{row.version}", client=client)
            return int(row.version)

    def activate_prompt(self, staff: Staff, name: str, version: int, *, client: str | None = None) -> int:
        """Activation and roll-back alike: the next task of every process uses ``version``."""
        staff.require_role("ml", "admin")
        with self.db.session() as s:
            before = prompts_repo.active_version(s, name=name)
            if not prompts_repo.activate(s, name=name, version=version):
                raise NotFound(f"the prompt {name!r} has no version {version}")
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="prompt.activate",
                         target_type="prompt", target_id=name, client=client,
                         detail={"from": before.version if before else None, "to": version})
        return version

    def problem(self, staff: Staff, kind: str, name: str, text: str) -> str | None:
        """Why ``text`` could not be stored as a version of prompt ``name`` (kind "prompt") or of a
        rubric (kind "rubric"), or None: the same checks saving runs."""
        staff.require_role("ml", "admin")
        if kind == "prompt":
            return template_problem(name, text)
        try:
            parse_rubric(text)
        except ValueError as err:
            return str(err)
        return None

    # --- rubrics (ml, admin; a recruiter for their company's) ----------------------
    def _rubric(self, s: Any, staff: Staff, rubric_id: uuid.UUID, *, write: bool) -> Any:
        """The rubric if the caller may see it (write: change it). Another company's reads as missing;
        global rubrics are changed by ml and admin only."""
        rubric = rubrics.get_rubric(s, rubric_id=rubric_id)
        if rubric is None:
            raise NotFound(NO_RUBRIC)
        if rubric.company_id is None:
            if write:
                staff.require_role("ml", "admin")
        elif staff.role == "recruiter":
            staff.require_company(rubric.company_id, missing=NO_RUBRIC)
        return rubric

    def rubrics(self, staff: Staff) -> list[dict[str, Any]]:
        staff.require_role("recruiter", "ml", "admin")
        own = staff.company_id if staff.role == "recruiter" else None
        with self.db.session() as s:
            found = rubrics.list_rubrics(s, company_id=own)
            if own is not None:
                found = [r for r in found if r.company_id in (None, own)]
            return [{"id": str(r.id), "name": r.name, "company_id": str(r.company_id) if r.company_id else None,
                     "active_version": next((v.version for v in r.versions if v.is_active), None),
                     "versions": [_version_out(v) for v in r.versions]} for r in found]

    def rubric_version(self, staff: Staff, rubric_id: uuid.UUID, version: int) -> dict[str, Any]:
        staff.require_role("recruiter", "ml", "admin")
        with self.db.session() as s:
            self._rubric(s, staff, rubric_id, write=False)
            row = rubrics.get_version_number(s, rubric_id=rubric_id, version=version)
            if row is None:
                raise NotFound(f"this rubric has no version {version}")
            return {**_version_out(row), "yaml": rubric_yaml(row.definition), "active": row.is_active}

    def create_rubric(self, staff: Staff, *, name: str, company_id: uuid.UUID | None, text: str, note: str,
                      client: str | None = None) -> tuple[uuid.UUID, int]:
        """A new rubric (a company's, or global for ml/admin) with its first version, active."""
        staff.require_role("recruiter", "ml", "admin")
        if company_id is None:
            staff.require_role("ml", "admin")
        elif staff.role == "recruiter":
            staff.require_company(company_id, missing="no company has that id")
        definition = self._definition(text)
        with self.db.session() as s:
            if company_id is not None and companies.get_company(s, company_id=company_id) is None:
                raise NotFound("no company has that id")
            if rubrics.find_rubric(s, name=name.strip(), company_id=company_id) is not None:
                raise InvalidInput(f"a rubric named {name.strip()!r} exists already: add a version to it")
            rubric = rubrics.create_rubric(s, name=name.strip(), company_id=company_id)
            row = rubrics.add_version(s, rubric_id=rubric.id, definition=definition, note=note.strip(),
                                      author_id=staff.user_id, activate=True)
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="rubric.create",
                         target_type="rubric", target_id=str(rubric.id), client=client)
            return rubric.id, int(row.version)

    def add_rubric_version(self, staff: Staff, rubric_id: uuid.UUID, *, text: str, note: str,
                           client: str | None = None) -> int:
        staff.require_role("recruiter", "ml", "admin")
        definition = self._definition(text)
        with self.db.session() as s:
            self._rubric(s, staff, rubric_id, write=True)
            row = rubrics.add_version(s, rubric_id=rubric_id, definition=definition, note=note.strip(),
                                      author_id=staff.user_id, activate=False)
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="rubric.version",
                         target_type="rubric", target_id=f"{rubric_id}:v{row.version}", client=client)
            return int(row.version)

    def activate_rubric(self, staff: Staff, rubric_id: uuid.UUID, version: int, *, client: str | None = None) -> int:
        """New interviews are scored with ``version``; reports already scored keep theirs."""
        staff.require_role("recruiter", "ml", "admin")
        with self.db.session() as s:
            self._rubric(s, staff, rubric_id, write=True)
            before = rubrics.active_version(s, rubric_id=rubric_id)
            if not rubrics.activate(s, rubric_id=rubric_id, version=version):
                raise NotFound(f"this rubric has no version {version}")
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="rubric.activate",
                         target_type="rubric", target_id=str(rubric_id), client=client,
                         detail={"from": before.version if before else None, "to": version})
        return version

    def assign_rubric(self, staff: Staff, job_id: uuid.UUID, rubric_id: uuid.UUID | None, *,
                      client: str | None = None) -> None:
        """A job scores with one of its company's rubrics or a global one (None: the default)."""
        staff.require_role("recruiter", "admin")
        with self.db.session() as s:
            job = jobs.get_job(s, job_id=job_id)
            if job is None:
                raise NotFound("no job has that id")
            staff.require_company(job.company_id, missing="no job has that id")
            if rubric_id is not None:
                require_usable_rubric(s, rubric_id, job.company_id)
            job.rubric_id = rubric_id
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="job.rubric",
                         target_type="job", target_id=str(job_id), client=client,
                         detail={"rubric_id": str(rubric_id) if rubric_id else None})

    # --- dry-runs: no stored score changes ------------------------------------------
    def _sides(self, kind: str, target: str, version: int) -> tuple[Version, Version]:
        try:
            _, active, candidate = sides(self.db, kind, target, version)
        except MissingVersion as err:
            raise NotFound(str(err)) from err
        return active, candidate

    def _prompt_sides(self, staff: Staff, name: str, version: int) -> tuple[Version, Version]:
        """Who may dry-run a prompt version, and its two sides (only the scoring prompt scores)."""
        staff.require_role("ml", "admin")
        if name != PROMPT_NAME:
            raise InvalidInput(f"only the {PROMPT_NAME} prompt scores answers; dry-run that one")
        return self._sides("prompt", name, version)

    def _rubric_sides(self, staff: Staff, rubric_id: uuid.UUID, version: int) -> tuple[Version, Version]:
        """Who may dry-run a rubric version (another company's rubric reads as missing), and its sides."""
        staff.require_role("recruiter", "ml", "admin")
        with self.db.session() as s:
            self._rubric(s, staff, rubric_id, write=False)
        return self._sides("rubric", str(rubric_id), version)

    def dry_run_prompt(self, staff: Staff, name: str, version: int, session_ids: list[uuid.UUID],
                       progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
        """Re-score the sessions with the active and with ``version`` of the scoring prompt (only
        the LLM reads it: on the CPU default scorer both sides agree by construction)."""
        active, candidate = self._prompt_sides(staff, name, version)
        self._check_sessions(staff, session_ids)
        return dry_run(self.db, self.models, self.settings, session_ids, progress=progress,
                       active=active, candidate=candidate)

    def dry_run_rubric(self, staff: Staff, rubric_id: uuid.UUID, version: int, session_ids: list[uuid.UUID],
                       progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
        """Re-score the sessions with the rubric's active version and with ``version``."""
        active, candidate = self._rubric_sides(staff, rubric_id, version)
        self._check_sessions(staff, session_ids)
        return dry_run(self.db, self.models, self.settings, session_ids, progress=progress,
                       active=active, candidate=candidate)

    # --- dry-run jobs: the same work queued on the gpu queue, with progress and cancel ------
    def start_dry_run(self, staff: Staff, kind: str, target: str, version: int, session_ids: list[uuid.UUID], *,
                      client: str | None = None) -> dict[str, Any]:
        """Queue a dry-run of ``version`` of a prompt (kind "prompt", ``target`` its name) or a
        rubric (kind "rubric", ``target`` its id) on the sessions; the same checks as the
        synchronous dry-run, then {"id", "status": "queued"}."""
        if kind == "prompt":
            self._prompt_sides(staff, target, version)
        elif kind == "rubric":
            staff.require_role("recruiter", "ml", "admin")
            try:
                rubric_id = uuid.UUID(target.strip())
            except ValueError as err:
                raise NotFound(NO_RUBRIC) from err
            self._rubric_sides(staff, rubric_id, version)
            target = str(rubric_id)
        else:
            raise InvalidInput("kind is 'prompt' or 'rubric'")
        self._check_sessions(staff, session_ids)
        with self.db.session() as s:
            job = dry_runs.create(s, kind=kind, target=target, version=version,
                                  session_ids=[str(i) for i in session_ids], requested_by=staff.user_id)
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="dry_run.start",
                         target_type="dry_run", target_id=str(job.id), client=client,
                         detail={"kind": kind, "target": target, "version": version, "sessions": len(session_ids)})
            job_id = job.id
        try:
            self.enqueue(str(job_id))
        except Exception as err:  # noqa: BLE001 - the job cannot run: say so on it and to the caller
            why = (f"the gpu queue did not take the dry-run ({type(err).__name__}): check the queue "
                   "(GET /api/health) and start the dry-run again")
            with self.db.session() as s:
                dry_runs.abandon(s, dry_run_id=job_id, error=why)
            raise Unavailable(why) from err
        return {"id": str(job_id), "status": "queued"}

    def _job(self, s: Any, staff: Staff, dry_run_id: uuid.UUID, *, for_update: bool = False) -> Any:
        """The job if the caller may see it: ml and admin every one, a recruiter the ones they
        started on their company's sessions; others read as missing."""
        staff.require_role("recruiter", "ml", "admin")
        job = dry_runs.get(s, dry_run_id=dry_run_id, for_update=for_update)
        if job is None or (staff.role == "recruiter" and (
                job.requested_by != staff.user_id
                or dry_runs.companies_of(s, session_ids=list(job.session_ids)) != {staff.company_id})):
            raise NotFound(NO_DRY_RUN)
        return job

    def dry_run_job(self, staff: Staff, dry_run_id: uuid.UUID) -> dict[str, Any]:
        """Status, progress {done, total}, and once done the same result as the synchronous dry-run
        (cancelled or failed: what was re-scored before it stopped, if anything)."""
        with self.db.session() as s:
            return _job_out(self._job(s, staff, dry_run_id))

    def cancel_dry_run(self, staff: Staff, dry_run_id: uuid.UUID, *, client: str | None = None) -> dict[str, Any]:
        """A queued job is cancelled at once; a running one stops before its next session."""
        with self.db.session() as s:
            job = self._job(s, staff, dry_run_id, for_update=True)
            if job.status in ("done", "failed"):
                raise Conflict(f"this dry-run has {'finished' if job.status == 'done' else 'failed'} already: "
                               "there is nothing to cancel")
            if not job.cancel_requested:
                was = job.status
                dry_runs.request_cancel(s, row=job)
                audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="dry_run.cancel",
                             target_type="dry_run", target_id=str(job.id), client=client,
                             detail={"status": was, "done": job.done, "total": job.total})
            return _job_out(job)

    def scored_sessions(self, staff: Staff, limit: int = 200) -> list[tuple[str, str]]:
        """(label, id) of the newest scored sessions the caller may read, for a dry-run set; ml
        staff see the candidate masked."""
        staff.require_role("recruiter", "ml", "admin")
        with self.db.session() as s:
            rows = sessions.scored_sessions(s, company_id=staff.company_id if staff.role == "recruiter" else None,
                                            limit=limit)
            return [(f"{shown_name(staff, r.candidate_name, r.id)} · {title} · {r.overall:.2f}", str(r.id))
                    for r, title in rows]

    def history(self, staff: Staff, limit: int = 100) -> list[dict[str, Any]]:
        """New versions, activations and roll-backs of prompts and rubrics, newest first."""
        staff.require_role("ml", "admin")
        with self.db.session() as s:
            return [{"at": e.at, "action": e.action, "target": e.target_id, "detail": e.detail, "actor": email}
                    for e, email in audit.lab_events(s, limit=limit)]

    def save_set(self, staff: Staff, name: str, session_ids: list[uuid.UUID], *,
                 client: str | None = None) -> uuid.UUID:
        """Save (or replace) a named regression set of stored sessions."""
        staff.require_role("ml", "admin")
        if not name.strip():
            raise InvalidInput("name the regression set")
        self._check_sessions(staff, session_ids)
        with self.db.session() as s:
            found = regression_sets.save(s, name=name.strip(), session_ids=[str(i) for i in dict.fromkeys(session_ids)],
                                         author_id=staff.user_id)
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="regression_set.save",
                         target_type="regression_set", target_id=str(found.id), client=client,
                         detail={"name": found.name, "sessions": len(found.session_ids)})
            return found.id

    def sets(self, staff: Staff) -> list[dict[str, Any]]:
        staff.require_role("ml", "admin")
        with self.db.session() as s:
            return [{"id": str(r.id), "name": r.name, "session_ids": list(r.session_ids), "created_at": r.created_at}
                    for r in regression_sets.list_sets(s)]

    def _check_sessions(self, staff: Staff, session_ids: list[uuid.UUID]) -> None:
        if not 1 <= len(session_ids) <= MAX_DRY_RUN:
            raise InvalidInput(f"choose between 1 and {MAX_DRY_RUN} sessions")
        with self.db.session() as s:
            for session_id in session_ids:
                interview = sessions.get_session(s, session_id=session_id)
                if interview is None or not staff.may_read(interview.job.company_id):
                    raise NotFound(f"the session {session_id} does not exist")

    @staticmethod
    def _definition(text: str) -> dict[str, Any]:
        try:
            return parse_rubric(text).definition()
        except ValueError as err:
            raise InvalidInput(str(err)) from err
