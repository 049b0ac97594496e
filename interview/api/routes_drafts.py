"""``POST /api/companies/{company_id}/rubric-draft``: competencies drafted from the company's
talent profile (and a job's requirements), as rubric YAML to edit and save in the Prompt Lab."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from interview.api.deps import ReviewUser, RuntimeDep

router = APIRouter(prefix="/api", tags=["prompt lab"])


class DraftIn(BaseModel):
    job_id: uuid.UUID | None = None


@router.post("/companies/{company_id}/rubric-draft")
def rubric_draft(company_id: uuid.UUID, body: DraftIn, rt: RuntimeDep, actor: ReviewUser) -> dict[str, Any]:
    """Recruiters for their own company, ml and admin for any; nothing is stored."""
    return rt.drafting.draft(actor, company_id, job_id=body.job_id)
