"""Prompt Lab over REST (../shared/API.md, Prompt Lab): prompt and rubric versions, validated
before they are stored, activation and roll-back, a job's rubric, and dry-runs (synchronous, or
queued as a job with progress and cancel). The work is in ``interview.prompt_lab``."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from interview.api.deps import ClientDep, CurrentStaff, HiringUser, MLUser, RuntimeDep

router = APIRouter(prefix="/api", tags=["prompt lab"])


class VersionInfo(BaseModel):
    version: int
    note: str
    created_at: datetime
    author: str


class PromptIn(BaseModel):
    template: str = Field(min_length=1, max_length=60_000)
    note: str = Field("", max_length=2000)


class RubricVersionIn(BaseModel):
    yaml: str = Field(min_length=1, max_length=200_000)
    note: str = Field("", max_length=2000)


class RubricIn(RubricVersionIn):
    name: str = Field(min_length=1, max_length=200)
    company_id: uuid.UUID | None = None


class DryRunIn(BaseModel):
    version: int = Field(ge=1)
    session_ids: list[uuid.UUID] = Field(min_length=1, max_length=200)


class DryRunJobIn(DryRunIn):
    kind: Literal["prompt", "rubric"]
    target: str = Field(min_length=1, max_length=200, description="the prompt's name or the rubric's id")


class RegressionSetIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    session_ids: list[uuid.UUID] = Field(min_length=1, max_length=200)


class JobRubricIn(BaseModel):
    rubric_id: uuid.UUID | None


@router.get("/prompts")
def list_prompts(rt: RuntimeDep, actor: MLUser) -> dict[str, Any]:
    return {"prompts": rt.lab.prompts(actor)}


@router.get("/prompts/{name}/versions/{version}")
def prompt_version(name: str, version: int, rt: RuntimeDep, actor: MLUser) -> dict[str, Any]:
    return rt.lab.prompt_version(actor, name, version)


@router.post("/prompts/{name}/versions", status_code=201)
def add_prompt_version(name: str, body: PromptIn, rt: RuntimeDep, actor: MLUser, client: ClientDep) -> dict[str, int]:
    return {"version": rt.lab.add_prompt_version(actor, name, template=body.template, note=body.note, client=client)}


@router.post("/prompts/{name}/versions/{version}/activate")
def activate_prompt(name: str, version: int, rt: RuntimeDep, actor: MLUser, client: ClientDep) -> dict[str, int]:
    return {"active_version": rt.lab.activate_prompt(actor, name, version, client=client)}


@router.post("/prompts/{name}/dry-run")
def dry_run_prompt(name: str, body: DryRunIn, rt: RuntimeDep, actor: MLUser) -> dict[str, Any]:
    """Re-scores the sessions' stored transcripts with the active and the candidate version;
    stored scores do not change."""
    return rt.lab.dry_run_prompt(actor, name, body.version, body.session_ids)


@router.post("/dry-runs", status_code=202)
def start_dry_run(body: DryRunJobIn, rt: RuntimeDep, actor: CurrentStaff, client: ClientDep) -> dict[str, Any]:
    """Queues the dry-run on the gpu queue: the same checks and roles as the synchronous
    dry-runs; poll ``GET /api/dry-runs/{id}``."""
    return rt.lab.start_dry_run(actor, body.kind, body.target, body.version, body.session_ids, client=client)


@router.get("/dry-runs/{dry_run_id}")
def dry_run_job(dry_run_id: uuid.UUID, rt: RuntimeDep, actor: CurrentStaff) -> dict[str, Any]:
    """Status, progress {done, total}, and the result once done (the synchronous dry-run's shape)."""
    return rt.lab.dry_run_job(actor, dry_run_id)


@router.post("/dry-runs/{dry_run_id}/cancel")
def cancel_dry_run(dry_run_id: uuid.UUID, rt: RuntimeDep, actor: CurrentStaff, client: ClientDep) -> dict[str, Any]:
    """A queued job is cancelled at once, a running one before its next session; 409 once finished."""
    return rt.lab.cancel_dry_run(actor, dry_run_id, client=client)


@router.get("/regression-sets")
def regression_sets(rt: RuntimeDep, actor: MLUser) -> dict[str, Any]:
    return {"sets": rt.lab.sets(actor)}


@router.post("/regression-sets", status_code=201)
def save_regression_set(body: RegressionSetIn, rt: RuntimeDep, actor: MLUser, client: ClientDep) -> dict[str, Any]:
    """Saves (or replaces, by name) a set of sessions to dry-run again with one click."""
    return {"id": rt.lab.save_set(actor, body.name, body.session_ids, client=client)}


@router.get("/rubrics")
def list_rubrics(rt: RuntimeDep, actor: CurrentStaff) -> dict[str, Any]:
    return {"rubrics": rt.lab.rubrics(actor)}


@router.post("/rubrics", status_code=201)
def create_rubric(body: RubricIn, rt: RuntimeDep, actor: CurrentStaff, client: ClientDep) -> dict[str, Any]:
    rubric_id, version = rt.lab.create_rubric(actor, name=body.name, company_id=body.company_id, text=body.yaml,
                                              note=body.note, client=client)
    return {"id": rubric_id, "version": version}


@router.get("/rubrics/{rubric_id}/versions/{version}")
def rubric_version(rubric_id: uuid.UUID, version: int, rt: RuntimeDep, actor: CurrentStaff) -> dict[str, Any]:
    return rt.lab.rubric_version(actor, rubric_id, version)


@router.post("/rubrics/{rubric_id}/versions", status_code=201)
def add_rubric_version(rubric_id: uuid.UUID, body: RubricVersionIn, rt: RuntimeDep, actor: CurrentStaff,
                       client: ClientDep) -> dict[str, int]:
    return {"version": rt.lab.add_rubric_version(actor, rubric_id, text=body.yaml, note=body.note, client=client)}


@router.post("/rubrics/{rubric_id}/versions/{version}/activate")
def activate_rubric(rubric_id: uuid.UUID, version: int, rt: RuntimeDep, actor: CurrentStaff,
                    client: ClientDep) -> dict[str, int]:
    return {"active_version": rt.lab.activate_rubric(actor, rubric_id, version, client=client)}


@router.post("/rubrics/{rubric_id}/dry-run")
def dry_run_rubric(rubric_id: uuid.UUID, body: DryRunIn, rt: RuntimeDep, actor: CurrentStaff) -> dict[str, Any]:
    return rt.lab.dry_run_rubric(actor, rubric_id, body.version, body.session_ids)


@router.patch("/jobs/{job_id}", status_code=204)
def assign_rubric(job_id: uuid.UUID, body: JobRubricIn, rt: RuntimeDep, actor: HiringUser, client: ClientDep) -> None:
    rt.lab.assign_rubric(actor, job_id, body.rubric_id, client=client)
