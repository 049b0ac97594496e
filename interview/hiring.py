"""Companies, jobs and invites: what a recruiter sets up before an interview."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from db.engine import Database
from db.repositories import audit, companies, jobs, sessions
from interview.actors import Staff
from interview.errors import InvalidInput, NotFound
from interview.rubrics import require_usable_rubric
from interview.security import hash_invite_token, new_invite_token


@dataclass(frozen=True)
class JobSpec:
    company_id: uuid.UUID
    title: str
    requirements: str = ""
    language: str = "en"
    question_count: int = 5
    max_follow_ups: int = 1
    time_limit_s: int = 180
    end_silence_s: float = 1.2
    rubric_id: uuid.UUID | None = None
    questions: tuple[str, ...] = ()
    show_feedback_to_candidate: bool = False


@dataclass(frozen=True)
class CreatedInvite:
    session_id: uuid.UUID
    token: str
    url: str
    expires_at: datetime


class HiringService:
    def __init__(self, db: Database, *, base_url: str, invite_ttl_hours: int) -> None:
        self.db = db
        self.base_url = base_url
        self.invite_ttl_hours = invite_ttl_hours

    def invite_url(self, token: str) -> str:
        return f"{self.base_url}/interview/?token={token}"

    def create_company(self, actor: Staff, *, name: str, talent_profile: str) -> uuid.UUID:
        actor.require_role("admin", "recruiter")
        if actor.role == "recruiter":
            # A recruiter belongs to one company; only admins create new ones.
            actor.require_role("admin")
        if not name.strip():
            raise InvalidInput("the company needs a name")
        with self.db.session() as s:
            company = companies.create_company(s, name=name, talent_profile=talent_profile)
            audit.record(s, actor_id=actor.user_id, actor_role=actor.role, action="company.create",
                         target_type="company", target_id=str(company.id))
            return company.id

    def create_job(self, actor: Staff, spec: JobSpec) -> uuid.UUID:
        actor.require_role("admin", "recruiter")
        actor.require_company(spec.company_id, missing="no company has that id")
        questions = [q.strip() for q in spec.questions if q.strip()]
        if not spec.title.strip():
            raise InvalidInput("the job needs a title")
        if len(questions) > spec.question_count:
            raise InvalidInput(
                f"{len(questions)} fixed questions exceed question_count={spec.question_count}: "
                "raise question_count or remove questions"
            )
        with self.db.session() as s:
            if companies.get_company(s, company_id=spec.company_id) is None:
                raise NotFound("no company has that id")
            if spec.rubric_id is not None:
                require_usable_rubric(s, spec.rubric_id, spec.company_id)
            fields: dict[str, Any] = {
                "title": spec.title.strip(), "requirements": spec.requirements,
                "language": spec.language, "question_count": spec.question_count,
                "max_follow_ups": spec.max_follow_ups, "time_limit_s": spec.time_limit_s,
                "end_silence_s": spec.end_silence_s, "rubric_id": spec.rubric_id,
                "fixed_questions": questions,
                "show_feedback_to_candidate": spec.show_feedback_to_candidate,
            }
            job = jobs.create_job(s, company_id=spec.company_id, created_by=actor.user_id, **fields)
            audit.record(s, actor_id=actor.user_id, actor_role=actor.role, action="job.create",
                         target_type="job", target_id=str(job.id))
            return job.id

    def create_invite(self, actor: Staff, *, job_id: uuid.UUID, candidate_name: str,
                      candidate_email: str | None, expires_in_hours: int | None) -> CreatedInvite:
        actor.require_role("admin", "recruiter")
        if not candidate_name.strip():
            raise InvalidInput("the invite needs the candidate's name")
        hours = expires_in_hours or self.invite_ttl_hours
        if not 1 <= hours <= 24 * 60:
            raise InvalidInput("expires_in_hours must be between 1 and 1440 (60 days)")
        token = new_invite_token()
        expires_at = datetime.now(UTC) + timedelta(hours=hours)
        with self.db.session() as s:
            job = jobs.get_job(s, job_id=job_id)
            if job is None:
                raise NotFound("no job has that id")
            actor.require_company(job.company_id, missing="no job has that id")
            interview = sessions.create_session_with_invite(
                s, job_id=job_id, candidate_name=candidate_name.strip(),
                candidate_email=candidate_email, token_hash=hash_invite_token(token),
                expires_at=expires_at, created_by=actor.user_id,
            )
            audit.record(s, actor_id=actor.user_id, actor_role=actor.role, action="invite.create",
                         target_type="session", target_id=str(interview.id))
            session_id = interview.id
        return CreatedInvite(session_id, token, self.invite_url(token), expires_at)

    def list_companies(self, actor: Staff) -> list[dict[str, Any]]:
        """Companies the caller may work with: all for an admin, their own for a recruiter."""
        actor.require_role("admin", "recruiter")
        own = None if actor.role == "admin" else actor.company_id
        with self.db.session() as s:
            return [{"id": str(c.id), "name": c.name} for c in companies.list_companies(s, company_id=own)]

    def list_jobs(self, actor: Staff) -> list[dict[str, Any]]:
        """Jobs the caller may see (newest first): every company's for an admin, their own for a recruiter."""
        actor.require_role("admin", "recruiter", "ml")
        own = None if actor.role in ("admin", "ml") else actor.company_id
        with self.db.session() as s:
            rows = jobs.jobs_with_company(s, company_id=own)
            return [{
                "id": str(job.id), "title": job.title, "company": company, "company_id": str(job.company_id),
                "language": job.language, "question_count": job.question_count,
                "fixed_questions": len(job.fixed_questions or []), "created_at": job.created_at,
            } for job, company in rows]
