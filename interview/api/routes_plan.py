"""``POST /api/interview/{token}/start``: makes the question plan if needed and returns
the current question. The invite token is the credential."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from interview.api.deps import RuntimeDep
from interview.api.schemas import QuestionOut

router = APIRouter(prefix="/api")


class StartOut(BaseModel):
    question: QuestionOut


@router.post("/interview/{token}/start", response_model=StartOut, tags=["candidate"])
def start(token: str, rt: RuntimeDep) -> StartOut:
    # a sync route runs in the threadpool: the template plan is stored here if the resume step did not
    current = rt.plan.start(token)
    return StartOut(question=QuestionOut(id=current.id, text=current.text, kind=current.kind))  # type: ignore[arg-type]
