"""Routes of the REST contract implemented so far. Each states who may call it."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from interview.api.deps import HiringUser, RuntimeDep
from interview.api.schemas import (
    CompanyIn,
    ConsentIn,
    IdOut,
    InterviewOut,
    InviteIn,
    InviteOut,
    JobIn,
    StatusOut,
)
from interview.hiring import JobSpec

router = APIRouter(prefix="/api")


@router.post("/companies", response_model=IdOut, status_code=201, tags=["hiring"])
def create_company(body: CompanyIn, rt: RuntimeDep, actor: HiringUser) -> IdOut:
    return IdOut(id=rt.hiring.create_company(actor, name=body.name, talent_profile=body.talent_profile))


@router.post("/jobs", response_model=IdOut, status_code=201, tags=["hiring"])
def create_job(body: JobIn, rt: RuntimeDep, actor: HiringUser) -> IdOut:
    spec = JobSpec(**body.model_dump(exclude={"questions"}), questions=tuple(body.questions))
    return IdOut(id=rt.hiring.create_job(actor, spec))


@router.post("/jobs/{job_id}/invites", response_model=InviteOut, status_code=201, tags=["hiring"])
def create_invite(job_id: uuid.UUID, body: InviteIn, rt: RuntimeDep, actor: HiringUser) -> InviteOut:
    created = rt.hiring.create_invite(
        actor, job_id=job_id, candidate_name=body.candidate_name,
        candidate_email=str(body.candidate_email) if body.candidate_email else None,
        expires_in_hours=body.expires_in_hours,
    )
    return InviteOut(session_id=created.session_id, token=created.token, url=created.url)


@router.get("/interview/{token}", response_model=InterviewOut, tags=["candidate"])
def get_interview(token: str, rt: RuntimeDep) -> InterviewOut:
    view = rt.candidates.resolve(token)
    return InterviewOut(session_id=view.session_id, status=view.status, job_title=view.job_title,
                        language=view.language, consented=view.consented)


@router.post("/interview/{token}/consent", response_model=StatusOut, tags=["candidate"])
def consent(token: str, body: ConsentIn, rt: RuntimeDep) -> StatusOut:
    return StatusOut(status=rt.candidates.consent(token, recording=body.recording, analysis=body.analysis,
                                                  face_analysis=body.face_analysis))
