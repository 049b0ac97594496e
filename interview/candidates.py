"""The candidate side of an invite: who they are, consent. The token is the credential."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from db.engine import Database
from db.models import InterviewSession, Invite
from db.repositories import audit, sessions
from db.repositories import privacy as privacy_repo
from interview.errors import Conflict, Gone, InvalidInput, NotFound, ServiceError
from interview.security import hash_invite_token
from pipelines.logs import bind

CONSENT_ITEMS = ("recording", "analysis", "face_analysis")
# The version of the consent text the candidate read (interview/ui/locales.py "consent_*"); bump it
# whenever that text changes, so every stored consent says which wording it answered.
CONSENT_VERSION = "2026-11"

NOT_VALID = "this interview link is not valid: check it, or ask the recruiter for a new one"
REVOKED = "this interview link was withdrawn by the recruiter: ask them for a new one"
WITHDRAWN = "you withdrew from this interview and your data was deleted; this link no longer works"
ERASED = "this interview's data was deleted; this link no longer works: ask the recruiter if you have questions"
USED = "this interview link has already been used: ask the recruiter if you need another"
EXPIRED = "this interview link has expired: ask the recruiter for a new one"
REPLACED = "this interview link was replaced by a newer one: use the latest link you received"


def unknown_link(session: Session, token_hash: str) -> ServiceError:
    """The error for a token with no invite: 410 for one a reissued link replaced, else 404."""
    if privacy_repo.is_retired_token(session, token_hash=token_hash):
        return Gone(REPLACED)
    return NotFound(NOT_VALID)


def face_consented(consent: dict[str, Any] | None) -> bool:
    """Whether the candidate agreed to face analysis. Consents given before it was asked apart
    (no ``version``) covered "voice and face signals" under ``analysis``."""
    consent = consent or {}
    if "face_analysis" in consent:
        return bool(consent["face_analysis"])
    return "version" not in consent and bool(consent.get("analysis"))


def check_not_closed(invite: Invite, interview: InterviewSession) -> None:
    """410 for a link the recruiter revoked, or whose candidate withdrew or whose data was erased:
    it answers nothing any more, wherever the token is used."""
    if invite.revoked_at is not None:
        raise Gone(REVOKED)
    if interview.withdrawn_at is not None:
        raise Gone(WITHDRAWN)
    if interview.purged_at is not None:
        raise Gone(ERASED)


def check_link(invite: Invite, interview: InterviewSession, *, allow_used: bool = False,
               now: datetime | None = None) -> None:
    """410 for a link that no longer opens the interview: closed (``check_not_closed``), used
    (unless ``allow_used``: the end screen, withdrawal) or expired."""
    check_not_closed(invite, interview)
    if invite.used_at is not None and not allow_used:
        raise Gone(USED)
    if invite.expires_at <= (now or datetime.now(UTC)):
        raise Gone(EXPIRED)


@dataclass(frozen=True)
class InviteView:
    session_id: uuid.UUID
    status: str
    job_title: str
    language: str
    consented: bool
    candidate_name: str
    company_id: uuid.UUID
    face_analysis: bool = False  # the candidate agreed to face analysis (biometric, asked apart)
    used: bool = False  # the interview was finished with this link


class CandidateService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def resolve(self, token: str, *, allow_used: bool = False) -> InviteView:
        """404 for an unknown token; 410 for a revoked, expired or used one (a used one resolves with
        ``allow_used``), or one whose candidate withdrew or whose data was erased."""
        with self.db.session() as s:
            token_hash = hash_invite_token(token)
            found = sessions.find_invite(s, token_hash=token_hash)
            if found is None:
                raise unknown_link(s, token_hash)
            invite, interview, job = found
            check_link(invite, interview, allow_used=allow_used)
            bind(session_id=interview.id)  # the rest of this request's log lines name the session
            return InviteView(
                session_id=interview.id, status=interview.status, job_title=job.title,
                language=job.language, consented=interview.consented_at is not None,
                candidate_name=interview.candidate_name, company_id=job.company_id,
                face_analysis=interview.consented_at is not None and face_consented(interview.consent),
                used=invite.used_at is not None,
            )

    def consent(self, token: str, *, recording: bool, analysis: bool, face_analysis: bool = False) -> str:
        """Record the candidate's three choices with the time and the consent text's version and
        language. Recording and analysis are required; face analysis (biometric) is optional."""
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
            record = {"version": CONSENT_VERSION, "language": view.language, "recording": True, "analysis": True,
                      "face_analysis": bool(face_analysis), "at": now.isoformat()}
            sessions.set_status(s, session_id=view.session_id, status="consented", consent=record, consented_at=now)
            audit.record(s, actor_id=None, actor_role="candidate", action="consent",
                         target_type="session", target_id=str(view.session_id),
                         detail={"version": CONSENT_VERSION, "face_analysis": bool(face_analysis)})
        return "consented"
