"""Company competencies drafted from the talent profile (인재상) and, when a job is named, its
requirements: the model writes them on the gpu queue where a capable LLM is configured (cuda,
an OpenAI-compatible server, or a set LLM_MODEL), a template otherwise or when the model gives
no valid draft. The draft is the base rubric plus the new competencies, as YAML for a person to
edit, validate and save as a rubric version in the Prompt Lab; nothing is stored here."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from db.engine import Database
from db.repositories import companies
from db.repositories import jobs as jobs_repo
from interview.actors import Staff
from interview.errors import NotFound
from interview.prompts import PromptStore
from interview.rubrics import RubricService
from pipelines.lab_checks import rubric_yaml
from pipelines.llm.templates import render_messages
from pipelines.rubric import Competency
from pipelines.rubric_drafts import draft_from_template, draft_with_llm, profile_values, with_competencies
from pipelines.settings import Settings
from pipelines.tasks import TaskRuntime, runtime, task

log = logging.getLogger(__name__)

NO_COMPANY = "no company has that id"
NO_JOB = "no job has that id in this company"


@task("gpu")
def draft_competencies(company: str, talent_profile: str, requirements: str, existing: list[str]) -> dict[str, Any]:
    """The model's competencies for the profile's values, or the errors that stopped it."""
    rt = runtime()
    version, template = PromptStore(rt.db).active("draft_competencies")

    def render(name: str, **variables: Any) -> list[dict[str, str]]:
        return render_messages(template, name, **variables).with_version(version)

    llm = rt.models.get("llm")
    drafted, errors = draft_with_llm(llm, render, company=company, talent_profile=talent_profile,
                                     requirements=requirements, existing=existing,
                                     retries=rt.settings.llm_structured_retries)
    return {"competencies": [c.model_dump(by_alias=True) for c in drafted], "errors": errors[-2:],
            "model": llm.model_id, "prompt_version": version}


class RubricDraftService:
    def __init__(self, db: Database, settings: Settings, tasks: TaskRuntime, rubrics: RubricService) -> None:
        self.db = db
        self.settings = settings
        self.tasks = tasks
        self.rubrics = rubrics

    def companies(self, staff: Staff) -> list[dict[str, Any]]:
        """The companies the caller may draft for: every one for ml and admin, their own for a recruiter."""
        own = staff.company_id if staff.role == "recruiter" else None
        with self.db.session() as s:
            return [{"id": str(c.id), "name": c.name, "values": len(profile_values(c.talent_profile))}
                    for c in companies.list_companies(s, company_id=own)]

    def draft(self, staff: Staff, company_id: uuid.UUID, *, job_id: uuid.UUID | None = None) -> dict[str, Any]:
        """Recruiters for their own company, ml and admin for any."""
        if not staff.may_read(company_id):
            raise NotFound(NO_COMPANY)
        with self.db.session() as s:
            company = companies.get_company(s, company_id=company_id)
            if company is None:
                raise NotFound(NO_COMPANY)
            name, profile = company.name, company.talent_profile
            requirements, rubric_id = "", None
            if job_id is not None:
                job = jobs_repo.get_job(s, job_id=job_id)
                if job is None or job.company_id != company_id:
                    raise NotFound(NO_JOB)
                requirements, rubric_id = job.requirements, job.rubric_id
        base = self.rubrics.active(rubric_id)
        existing = base.rubric.keys
        if not profile_values(profile):
            return {"source": "none", "note": "the company's talent profile lists no values: add them to the "
                    "company first (one per line or separated by ';')", "competencies": [], "yaml": ""}
        drafted, source, note = self._model_draft(name, profile, requirements, existing)
        if not drafted:
            drafted, source = draft_from_template(profile, existing), "template"
        log.info("rubric drafted", extra={"fields": {"company": str(company_id), "source": source,
                                                     "competencies": len(drafted)}})
        return {"source": source, "note": note, "base": {"name": base.rubric.name, "version": base.version},
                "competencies": [c.model_dump(by_alias=True, mode="json") for c in drafted],
                "yaml": rubric_yaml(with_competencies(base.rubric, drafted,
                                                      name=f"{name} ({base.rubric.name} + talent profile)"))}

    def _model_draft(self, company: str, profile: str, requirements: str,
                     existing: list[str]) -> tuple[list[Competency], str, str]:
        if self.settings.llm_is_offline_cpu_default:
            return [], "template", ("written from a template: the offline CPU model is too small to draft anchors; "
                                    "edit them, or configure a capable LLM (README: LLM settings)")
        handle = self.tasks.tasks["draft_competencies"](company, profile, requirements, existing)
        try:
            result = handle.get(blocking=True, timeout=self.settings.rubric_draft_wait_s)
        except Exception as err:  # noqa: BLE001 - a slow or failed model falls back to the template
            handle.revoke()
            log.warning("rubric draft by the model failed", extra={"fields": {"reason": type(err).__name__}})
            return [], "template", "the model did not answer in time; written from a template instead: edit it"
        drafted = [Competency.model_validate(c) for c in result["competencies"]]
        if not drafted:
            return [], "template", ("the model gave no valid draft (" + "; ".join(result["errors"])[:300]
                                    + "); written from a template instead: edit it")
        return drafted, "llm", f"drafted by {result['model']} (prompt draft_competencies v{result['prompt_version']}): " \
                               "read and edit every anchor before saving"
