"""Finishing an interview, the scored report, overrides, ranking, PDF and candidate feedback."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from db.engine import Database
from db.models import Evaluation, InterviewSession
from db.repositories import audit, sessions
from db.repositories import behavior as behavior_repo
from db.repositories import evaluations as evals
from db.repositories import jobs as jobs_repo
from db.repositories import reports as repo
from interview.actors import Staff
from interview.candidates import check_not_closed, face_consented, unknown_link
from interview.errors import Conflict, Forbidden, Gone, InvalidInput, NotFound
from interview.security import hash_invite_token
from pipelines.scoring.aggregate import aggregate, latest_overrides
from pipelines.scoring.pdf import render_pdf
from pipelines.scoring.session import finalise, rubric_for_session
from pipelines.tasks import runtime

log = logging.getLogger(__name__)

DELIVERY_KEYS = ("duration_s", "words_per_minute", "pause_ratio", "filler_count", "loudness_db", "confidence")
BEHAVIOR_KEYS = ("face_present_ratio", "blink_rate_per_min", "gaze_on_screen_ratio", "dominant_emotion")
FINISHED = ("completed", "scoring", "scored", "failed")
REPORT_STATUS = {"completed": "scoring", "scoring": "scoring", "scored": "scored", "failed": "failed"}


def shown_name(staff: Staff, name: str, session_id: uuid.UUID) -> str:
    """ML staff read reports across companies to tune the scorer, with the candidate masked."""
    return f"Candidate {str(session_id)[:8]}" if staff.role == "ml" else name


def _enqueue_scoring(session_id: str) -> Any:
    return runtime().tasks["score_session"](session_id)


class ReportService:
    def __init__(self, db: Database, enqueue: Callable[[str], Any] | None = None) -> None:
        self.db = db
        self.enqueue = enqueue or _enqueue_scoring  # enqueue(session_id) on the gpu queue

    # --- candidate ---------------------------------------------------------
    def finish(self, token: str) -> str:
        """Mark the interview completed, the invite used, and enqueue scoring. Idempotent:
        finishing again returns the current status."""
        with self.db.session() as s:
            found = sessions.find_invite(s, token_hash=hash_invite_token(token))
            if found is None:
                raise unknown_link(s, hash_invite_token(token))
            invite, found_session, _job = found
            interview = sessions.get_session(s, session_id=found_session.id, for_update=True)
            if interview is None:
                raise NotFound("this interview session no longer exists")
            check_not_closed(invite, interview)  # revoked, withdrawn or erased: 410
            if interview.status in FINISHED:
                return REPORT_STATUS.get(interview.status, interview.status)
            if invite.expires_at <= datetime.now(UTC):
                raise Gone("this interview link has expired: ask the recruiter for a new one")
            if interview.status != "in_progress":
                raise Conflict("the interview has not started yet: start it before finishing")
            now = datetime.now(UTC)
            sessions.set_status(s, session_id=interview.id, status="completed", completed_at=now)
            sessions.mark_invite_used(s, session_id=interview.id, at=now)
            audit.record(s, actor_id=None, actor_role="candidate", action="finish",
                         target_type="session", target_id=str(interview.id))
            session_id = interview.id
        self.enqueue(str(session_id))
        return "completed"

    def feedback(self, token: str) -> dict[str, Any]:
        """Strengths and what to improve, in the interview's language, from this candidate's
        own evaluations only; only when the job allows it and scoring is done."""
        with self.db.session() as s:
            found = sessions.find_invite(s, token_hash=hash_invite_token(token))
            if found is None:
                raise unknown_link(s, hash_invite_token(token))
            invite, interview, job = found
            check_not_closed(invite, interview)
            if not job.show_feedback_to_candidate:
                raise Forbidden("feedback is not shared for this job; the recruiter will contact you")
            if interview.status != "scored":
                return {"status": REPORT_STATUS.get(interview.status, interview.status), "strengths": [],
                        "improve": []}
            rows = evals.latest_for_session(s, session_id=interview.id)
            lang, job_id, session_id = job.language, job.id, interview.id
        rubric = rubric_for_session(self.db, session_id, job_id).rubric
        result = aggregate(rubric, [(e.competency, e.score) for e in rows], lang=lang)
        scored = sorted((c for c in result.competencies if c.score is not None), key=lambda c: -(c.score or 0))
        strengths = [c for c in scored if (c.score or 0) >= 3.5][:2] or scored[:1]
        improve = [c for c in reversed(scored) if c not in strengths and (c.score or 0) < 3.5][:2]

        def advice(key: str, level: int) -> str:
            return rubric.competency(key).anchor(min(5, level), lang)

        log.info("feedback shown", extra={"fields": {"session_id": str(session_id)}})
        return {
            "status": "scored",
            "strengths": [{"competency": c.name, "what_you_showed": advice(c.key, round(c.score or 1))}
                          for c in strengths],
            # what a strong answer shows (level 4 or the next level above): concrete, not a score
            "improve": [{"competency": c.name, "next_level": advice(c.key, max(4, round(c.score or 1) + 1))}
                        for c in improve],
        }

    # --- staff --------------------------------------------------------------
    def _load(self, staff: Staff, session_id: uuid.UUID) -> InterviewSession:
        with self.db.session() as s:
            interview = sessions.get_session(s, session_id=session_id)
            if interview is None:
                raise NotFound("this interview session does not exist")
            job = interview.job  # loaded while the unit of work is open
            if not staff.may_read(job.company_id):
                raise NotFound("this interview session does not exist")
            return interview

    def report(self, staff: Staff, session_id: uuid.UUID, *, client: str | None = None,
               audited: bool = True) -> dict[str, Any]:
        """The report as the caller may see it; each view is audited (a page polling while
        scoring runs passes ``audited=False`` after its first view)."""
        report = self._build(staff, session_id)
        if audited:
            self._audit(staff, "report.view", session_id, client)
        return report

    def pdf(self, staff: Staff, session_id: uuid.UUID, *, client: str | None = None) -> bytes:
        data = render_pdf(self._build(staff, session_id))
        self._audit(staff, "report.pdf", session_id, client)
        return data

    def _audit(self, staff: Staff, action: str, session_id: uuid.UUID, client: str | None) -> None:
        with self.db.session() as s:
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action=action,
                         target_type="session", target_id=str(session_id), client=client)

    def _build(self, staff: Staff, session_id: uuid.UUID) -> dict[str, Any]:
        interview = self._load(staff, session_id)
        job = interview.job
        choice = rubric_for_session(self.db, session_id, job.id)  # the version its scores were made with
        rubric, lang = choice.rubric, job.language
        with self.db.session() as s:
            qa = evals.answered_questions(s, session_id=session_id)
            rows = evals.latest_for_session(s, session_id=session_id)
            override_rows = repo.overrides_for(s, session_id=session_id)
        status = REPORT_STATUS.get(interview.status, interview.status)
        by_answer: dict[uuid.UUID, list[Evaluation]] = {}
        for row in rows:
            by_answer.setdefault(row.answer_id, []).append(row)
        order = {key: i for i, key in enumerate(rubric.keys)}
        overrides = latest_overrides(override_rows)
        scored = status == "scored"
        result = aggregate(rubric, [(e.competency, e.score) for e in rows] if scored else [],
                           overrides=overrides if scored else {}, deliveries=[a.delivery for _, a in qa],
                           behaviors=[a.behavior for _, a in qa], lang=lang)
        last_override = {o.competency: o for o in override_rows}
        competencies = [{
            "name": c.key, "label": c.name, "score": c.score, "weight": c.weight, "original": c.original,
            "overridden": c.overridden, "answers": c.answers, "needs_review": c.needs_review,
            "override_reason": last_override[c.key].reason if c.overridden else None,
        } for c in result.competencies]
        answers = []
        for question, answer in qa:
            items = sorted(by_answer.get(answer.id, []), key=lambda e: order.get(e.competency, 99)) if scored else []
            answers.append({
                "answer_id": str(answer.id), "question": question.text, "kind": question.kind,
                "transcript": answer.transcript,
                "scores": [{"competency": e.competency, "score": e.score, "evidence": list(e.evidence),
                            "rationale": e.rationale, "status": e.status, "scorer": e.scorer, "model": e.model,
                            "backend": e.backend, "prompt_version": e.prompt_version} for e in items],
                "delivery": {k: (answer.delivery or {}).get(k) for k in DELIVERY_KEYS},
                "behavior": {k: (answer.behavior or {}).get(k) for k in BEHAVIOR_KEYS},
            })
        models = sorted({e.model for e in rows}) if scored else []
        versions = sorted({e.prompt_version for e in rows}) if scored else []
        report: dict[str, Any] = {
            "status": status,
            "overall": result.overall if scored else None,
            "competencies": competencies,
            "answers": answers,
            "model": ", ".join(models) if models else None,
            "prompt_version": versions[-1] if versions else None,
            "session_id": str(session_id), "candidate_name": shown_name(staff, interview.candidate_name, session_id),
            "job_title": job.title,
            "language": lang, "rubric_version_id": str(choice.version_id) if choice.version_id else None,
            "rubric": {"name": choice.name, "version": choice.version},
            "scorers": sorted({e.scorer for e in rows}) if scored else [],
            "backends": sorted({e.backend for e in rows}) if scored else [],
            "delivery": result.delivery, "behavior": result.behavior,
            # privacy: the candidate's face-analysis choice; when and whether their data was withdrawn or erased
            "face_analysis": face_consented(interview.consent) if interview.consented_at else False,
            "withdrawn_at": interview.withdrawn_at.isoformat() if interview.withdrawn_at else None,
            "purged_at": interview.purged_at.isoformat() if interview.purged_at else None,
            "weights": {"delivery": rubric.delivery_weight, "behavior": rubric.behavior_weight},
        }
        if status == "failed":
            report["reason"] = interview.failure_reason or "scoring failed"
        return report

    def add_override(self, staff: Staff, session_id: uuid.UUID, *, competency: str, score: float,
                     reason: str, client: str | None = None) -> uuid.UUID:
        staff.require_role("admin", "recruiter")  # ml staff read reports but never change scores
        interview = self._load(staff, session_id)
        rubric = rubric_for_session(self.db, session_id, interview.job_id).rubric
        if competency not in rubric.keys:
            raise InvalidInput(f"unknown competency {competency!r}: use one of {', '.join(rubric.keys)}")
        if not 1 <= score <= 5:
            raise InvalidInput("the score must be between 1 and 5")
        if not reason.strip():
            raise InvalidInput("give a reason for the override; it is kept with the report")
        if interview.status != "scored":
            raise Conflict("the report is not scored yet: override once scoring has finished")
        with self.db.session() as s:
            row = repo.add_override(s, session_id=session_id, competency=competency, score=score, reason=reason,
                                    author_id=staff.user_id)
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="override",
                         target_type="session", target_id=str(session_id),
                         detail={"competency": competency, "score": score, "reason": reason.strip()}, client=client)
            override_id = row.id
        finalise(self.db, session_id, rubric, interview.job.language)
        return override_id

    @staticmethod
    def _check_job(s: Any, staff: Staff, job_id: uuid.UUID) -> None:
        """The job exists and a recruiter belongs to its company."""
        job = jobs_repo.get_job(s, job_id=job_id)
        if job is None:
            raise NotFound("this job does not exist")
        if not staff.may_read(job.company_id):
            raise NotFound("this job does not exist")

    def ranking(self, staff: Staff, job_id: uuid.UUID) -> list[dict[str, Any]]:
        with self.db.session() as s:
            self._check_job(s, staff, job_id)
            rows = repo.job_sessions(s, job_id=job_id)
            out = [{"session_id": str(r.id), "candidate_name": shown_name(staff, r.candidate_name, r.id),
                    "status": r.status,
                    "overall": r.overall if r.status == "scored" else None} for r in rows]
        # best first; sessions without a score keep their order (newest first) after the scored ones
        return sorted(out, key=lambda r: (r["overall"] is None, -(r["overall"] or 0)))

    def candidates(self, staff: Staff, job_id: uuid.UUID) -> list[dict[str, Any]]:
        """A job's candidates for the dashboard: status, overall, questions answered, last update."""
        with self.db.session() as s:
            self._check_job(s, staff, job_id)
            rows = repo.job_candidates(s, job_id=job_id)
            return [{"session_id": str(r.id), "candidate_name": shown_name(staff, r.candidate_name, r.id),
                     "status": r.status,
                     "overall": r.overall if r.status == "scored" else None, "answered": answered,
                     "updated_at": r.updated_at} for r, answered in rows]

    def behavior_samples(self, staff: Staff, session_id: uuid.UUID) -> list[dict[str, Any]]:
        """The per-second face signals of a session, in stream order, for the behaviour timeline."""
        self._load(staff, session_id)
        with self.db.session() as s:
            rows = behavior_repo.samples_for_session(s, session_id=session_id)
            return [{"t_s": r.t_s, "answer_id": str(r.answer_id) if r.answer_id else None,
                     "face_present": r.face_present, "blinks": r.blinks, "gaze_on_screen": r.gaze_on_screen,
                     "emotion": r.emotion} for r in rows]
