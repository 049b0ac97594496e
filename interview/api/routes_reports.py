"""Finish, report, overrides, PDF, ranking and candidate feedback."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from interview.api.deps import ClientDep, HiringUser, ReviewUser, RuntimeDep
from interview.api.schemas import IdOut, StatusOut

router = APIRouter(prefix="/api")


class OverrideIn(BaseModel):
    competency: str = Field(min_length=1, max_length=100)
    score: float = Field(ge=1, le=5)
    reason: str = Field(min_length=1, max_length=2000)


@router.post("/interview/{token}/finish", response_model=StatusOut, status_code=202, tags=["candidate"])
def finish(token: str, rt: RuntimeDep) -> JSONResponse:
    return JSONResponse({"status": rt.reports.finish(token)}, status_code=202)


@router.get("/interview/{token}/feedback", tags=["candidate"])
def feedback(token: str, rt: RuntimeDep) -> dict[str, Any]:
    return rt.reports.feedback(token)


@router.get("/sessions/{session_id}/report", tags=["reports"])
def report(session_id: uuid.UUID, rt: RuntimeDep, actor: ReviewUser, client: ClientDep) -> dict[str, Any]:
    return rt.reports.report(actor, session_id, client=client)


@router.post("/sessions/{session_id}/overrides", response_model=IdOut, status_code=201, tags=["reports"])
def override(session_id: uuid.UUID, body: OverrideIn, rt: RuntimeDep, actor: HiringUser, client: ClientDep) -> IdOut:
    return IdOut(id=rt.reports.add_override(actor, session_id, competency=body.competency, score=body.score,
                                            reason=body.reason, client=client))


@router.get("/sessions/{session_id}/report.pdf", tags=["reports"],
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
def report_pdf(session_id: uuid.UUID, rt: RuntimeDep, actor: ReviewUser, client: ClientDep) -> Response:
    return Response(rt.reports.pdf(actor, session_id, client=client), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="report-{session_id}.pdf"'})


@router.get("/jobs/{job_id}/ranking", tags=["reports"])
def ranking(job_id: uuid.UUID, rt: RuntimeDep, actor: ReviewUser) -> dict[str, Any]:
    return {"candidates": rt.reports.ranking(actor, job_id)}
