"""The candidate side of an invite: who they are, consent. The token is the credential."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from db.engine import Database
from db.repositories import audit, sessions
from interview.errors import Conflict, Gone, InvalidInput, NotFound
from interview.security import hash_invite_token

CONSENT_ITEMS = ("recording", "analysis")


@dataclass(frozen=True)
class InviteView:
    session_id: uuid.UUID
    status: str
    job_title: str
    language: str
    consented: bool
    candidate_name: str
    company_id: uuid.UUID


class CandidateService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def resolve(self, token: str) -> InviteView:
        """404 for an unknown token, 410 for an expired or used one."""
        with self.db.session() as s:
            found = sessions.find_invite(s, token_hash=hash_invite_token(token))
            if found is None:
                raise NotFound("this interview link is not valid: check it, or ask the recruiter for a new one")
            invite, interview, job = found
            if invite.used_at is not None:
                raise Gone("this interview link has already been used: ask the recruiter if you need another")
            if invite.expires_at <= datetime.now(UTC):
                raise Gone("this interview link has expired: ask the recruiter for a new one")
            return InviteView(
                session_id=interview.id, status=interview.status, job_title=job.title,
                language=job.language, consented=interview.consented_at is not None,
                candidate_name=interview.candidate_name, company_id=job.company_id,
            )

    def consent(self, token: str, *, recording: bool, analysis: bool) -> str:
        view = self.resolve(token)
        if not (recording and analysis):
            raise InvalidInput(
                "the interview needs consent to both recording and analysis; "
                "if you do not agree, close this page and tell the recruiter"
            )
        with self.db.session() as s:
            interview = sessions.get_session(s, session_id=view.session_id, for_update=True)
            assert interview is not None
            if interview.status not in ("invited", "consented"):
                raise Conflict(f"consent was already given; the interview is {interview.status}")
            now = datetime.now(UTC)
            sessions.set_status(s, session_id=view.session_id, status="consented",
                                consent={"recording": True, "analysis": True, "at": now.isoformat()},
                                consented_at=now)
            audit.record(s, actor_id=None, actor_role="candidate", action="consent",
                         target_type="session", target_id=str(view.session_id))
        return "consented"
