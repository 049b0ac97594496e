"""Candidate privacy over REST: the candidate's withdrawal, revoking and reissuing an invite,
erasure on request. The work is in ``interview.privacy``."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response
from pydantic import BaseModel

from interview.api.deps import AdminUser, ClientDep, HiringUser, RuntimeDep
from interview.api.schemas import StatusOut

router = APIRouter(prefix="/api")


class ReissuedOut(BaseModel):
    token: str
    url: str


@router.post("/interview/{token}/withdraw", response_model=StatusOut, tags=["candidate"],
             responses={410: {"description": "already withdrawn or erased, or the link was revoked or expired"}})
def withdraw(token: str, rt: RuntimeDep, client: ClientDep) -> StatusOut:
    """The candidate withdraws (any stage, after finishing too): recordings, transcripts, resume,
    face and voice signals and evaluations are deleted; the recruiter sees only "withdrawn"."""
    return StatusOut(status=rt.privacy.withdraw(token, client=client))


@router.post("/sessions/{session_id}/invite/revoke", status_code=204, tags=["hiring"])
def revoke_invite(session_id: uuid.UUID, rt: RuntimeDep, actor: HiringUser, client: ClientDep) -> Response:
    """The invite link stops working: it answers 410 wherever it is used."""
    rt.privacy.revoke_invite(actor, session_id, client=client)
    return Response(status_code=204)


@router.post("/sessions/{session_id}/invite/reissue", response_model=ReissuedOut, tags=["hiring"])
def reissue_invite(session_id: uuid.UUID, rt: RuntimeDep, actor: HiringUser, client: ClientDep) -> ReissuedOut:
    """A new link for the same interview (expires after INVITE_TTL_HOURS); the old one stops working."""
    made = rt.privacy.reissue_invite(actor, session_id, client=client)
    return ReissuedOut(token=made.token, url=made.url)


@router.delete("/sessions/{session_id}", status_code=204, tags=["hiring"])
def erase_session(session_id: uuid.UUID, rt: RuntimeDep, actor: AdminUser, client: ClientDep) -> Response:
    """Erasure on request: the candidate's data, name and email go at once; scores, the overall
    and the audit trail stay."""
    rt.privacy.erase(actor, session_id, client=client)
    return Response(status_code=204)
