"""Candidate privacy: withdrawal by the candidate, revoking and reissuing an invite, the
retention purge and erasure on request.

What each one removes:

* **withdrawal** (the candidate, with their link, at any stage): the answers' recordings,
  the questions and answers (transcripts, words, voice delivery, face measures), their
  evaluations (evidence quotes included) and overrides, the face samples, the resume's chunks
  and vectors and its summary, report PDFs. The session stays, status ``withdrawn``: the
  recruiter sees that the candidate withdrew and nothing else.
* **retention purge** (``purge_expired``, daily on the cpu queue) and **erasure**
  (``DELETE /api/sessions/{id}``, admin): the same candidate data is erased but the scores
  are kept: evaluations keep competency and score (not the evidence quotes or the rationale,
  which may quote the transcript), the session keeps its overall. Erasure also replaces the
  candidate's name and email. ``purged_at`` is set.

The retention period (``RETENTION_DAYS``) counts from the invite's creation
(``interview_sessions.created_at``): an invite lives at most 60 days, so every piece of
candidate data is gone at most ``RETENTION_DAYS`` after the invite was sent, however the
interview went. Every action is in the audit trail, which is kept.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from huey import crontab
from huey.api import PeriodicTask

from db.engine import Database
from db.repositories import audit, sessions
from db.repositories import privacy as repo
from interview.actors import Staff
from interview.candidates import NOT_VALID, WITHDRAWN, CandidateService
from interview.errors import Conflict, Gone, NotFound
from interview.security import hash_invite_token, new_invite_token
from pipelines.settings import Settings
from pipelines.tasks import runtime, task

if TYPE_CHECKING:
    from interview.live.sessions import LiveSessions

log = logging.getLogger(__name__)

MISSING = "this interview session does not exist"
SCORING_CUT_SHORT = "the candidate's data was erased before scoring finished"


@dataclass(frozen=True)
class ReissuedInvite:
    token: str
    url: str
    expires_at: datetime


REPORT_DIR_PREFIX = "interview-report-"  # + session id: a report PDF made for a download (staff report tab)


def upload_cache_dirs(settings: Settings) -> list[Path]:
    """Folders that may hold a candidate's files outside the database: the answer recordings and
    Gradio's cache of uploads and downloads (``GRADIO_TEMP_DIR``, default <tmp>/gradio)."""
    gradio = os.environ.get("GRADIO_TEMP_DIR") or str(Path(tempfile.gettempdir()) / "gradio")
    return [settings.data_dir / "media", Path(gradio)]


def session_dirs(settings: Settings, session_id: uuid.UUID) -> list[Path]:
    """The session's own folders: its answer recordings and the report PDFs made for downloads."""
    reports = Path(tempfile.gettempdir()).glob(f"{REPORT_DIR_PREFIX}{session_id}-*")
    return [settings.data_dir / "media" / str(session_id), *reports]


def _delete_files(settings: Settings, session_id: uuid.UUID, audio_paths: list[str]) -> None:
    root = settings.data_dir.resolve()
    for relative in audio_paths:
        path = (settings.data_dir / relative).resolve()
        if path.is_relative_to(root):  # never outside the data dir, whatever the row says
            path.unlink(missing_ok=True)
    for folder in session_dirs(settings, session_id):
        shutil.rmtree(folder, ignore_errors=True)


def _old_files(root: Path, limit: float) -> int:
    """Delete files under ``root`` last written before ``limit`` (epoch seconds), then the
    sub-folders left empty; returns how many files went."""
    removed = 0
    for folder, _dirs, files in os.walk(root, topdown=False):
        for name in files:
            path = Path(folder) / name
            try:
                if path.lstat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        if Path(folder) != root:
            try:
                Path(folder).rmdir()  # only when empty
            except OSError:
                pass
    return removed


def sweep_old_files(settings: Settings, cutoff: datetime) -> int:
    """Delete files last written before ``cutoff`` from the folders of ``upload_cache_dirs`` and
    the report-PDF folders; returns how many files went."""
    limit = cutoff.timestamp()
    removed = sum(_old_files(root, limit) for root in upload_cache_dirs(settings) if root.is_dir())
    for folder in Path(tempfile.gettempdir()).glob(f"{REPORT_DIR_PREFIX}*"):
        removed += _old_files(folder, limit)
        try:
            folder.rmdir()
        except OSError:
            pass
    return removed


def purge_session(db: Database, settings: Settings, session_id: uuid.UUID, *, action: str = "purge",
                  actor: Staff | None = None, erase_identity: bool = False, client: str | None = None) -> bool:
    """Erase the session's candidate data and keep its scores (module docstring); with
    ``erase_identity`` the name and email go too. Safe to run twice; False if no such session."""
    with db.session() as s:
        interview = repo.lock_session(s, session_id=session_id)
        if interview is None:
            return False
        paths = repo.audio_paths(s, session_id=session_id)
        held = repo.count_rows(s, session_id=session_id)
        repo.clear_interview_content(s, session_id=session_id)
        repo.delete_resume_chunks(s, session_id=session_id)
        fields: dict[str, Any] = {"purged_at": interview.purged_at or datetime.now(UTC)}
        if interview.status in ("completed", "scoring"):  # nothing left to score
            fields.update(status="failed", failure_reason=SCORING_CUT_SHORT)
        else:
            fields["status"] = interview.status
        if erase_identity:
            fields.update(candidate_name=repo.ERASED, candidate_email=None)
        repo.clear_session_fields(s, session_id=session_id, **fields)
        audit.record(s, actor_id=actor.user_id if actor else None, actor_role=actor.role if actor else "system",
                     action=action, target_type="session", target_id=str(session_id),
                     detail={"audio_files": len(paths), **held}, client=client)
    _delete_files(settings, session_id, paths)
    log.info("candidate data erased", extra={"fields": {"session_id": str(session_id), "action": action}})
    return True


def purge_expired(db: Database, settings: Settings, *, now: datetime | None = None) -> list[str]:
    """Purge every session created more than ``RETENTION_DAYS`` ago and not purged yet, then the
    cached files older than that; returns the purged session ids."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=settings.retention_days)
    purged: list[str] = []
    while True:
        with db.session() as s:
            batch = repo.expired_sessions(s, created_before=cutoff)
        if not batch:
            break
        for session_id in batch:
            purge_session(db, settings, session_id)
            purged.append(str(session_id))
    files = sweep_old_files(settings, cutoff)
    if purged or files:
        log.info("retention purge", extra={"fields": {"sessions": len(purged), "files": files,
                                                      "retention_days": settings.retention_days}})
    return purged


class PrivacyService:
    def __init__(self, db: Database, settings: Settings, *, invite_url: Any = None,
                 live: LiveSessions | None = None) -> None:
        self.db = db
        self.settings = settings
        self.invite_url = invite_url or (lambda token: f"{settings.base_url}/interview/?token={token}")
        self.live = live

    # --- candidate ----------------------------------------------------------
    def withdraw(self, token: str, *, client: str | None = None) -> str:
        """The candidate withdraws: their data is deleted, the session says ``withdrawn``. Works with
        a live link at any stage, after finishing too; 410 once withdrawn, erased or revoked."""
        session_id = CandidateService(self.db).resolve(token, allow_used=True).session_id
        self._hang_up(session_id)
        with self.db.session() as s:
            locked = repo.lock_session(s, session_id=session_id)
            if locked is None:
                raise NotFound(NOT_VALID)
            if locked.withdrawn_at is not None or locked.purged_at is not None:
                raise Gone(WITHDRAWN)  # a second withdrawal that lost the race
            stage = locked.status
            paths = repo.audio_paths(s, session_id=session_id)
            held = repo.count_rows(s, session_id=session_id)
            repo.delete_interview_content(s, session_id=session_id)
            repo.delete_resume_chunks(s, session_id=session_id)
            repo.clear_session_fields(s, session_id=session_id, status="withdrawn", withdrawn_at=datetime.now(UTC),
                                      overall=None, failure_reason=None, current_position=0)
            audit.record(s, actor_id=None, actor_role="candidate", action="withdraw", target_type="session",
                         target_id=str(session_id), detail={"stage": stage, "audio_files": len(paths),
                                                            **held}, client=client)
        _delete_files(self.settings, session_id, paths)
        log.info("candidate withdrew", extra={"fields": {"session_id": str(session_id)}})
        return "withdrawn"

    # --- staff: invites -------------------------------------------------------
    def revoke_invite(self, staff: Staff, session_id: uuid.UUID, *, client: str | None = None) -> None:
        """The link stops working at once (410 wherever it is used). Revoking twice is harmless."""
        with self.db.session() as s:
            invite = self._invite(s, staff, session_id)
            if invite.revoked_at is None:
                invite.revoked_at = datetime.now(UTC)
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="invite.revoke",
                         target_type="session", target_id=str(session_id), client=client)
        self._hang_up(session_id)

    def reissue_invite(self, staff: Staff, session_id: uuid.UUID, *, client: str | None = None) -> ReissuedInvite:
        """A new link for the same interview; the old one stops working. It expires after
        ``INVITE_TTL_HOURS``; the interview resumes where it was."""
        token = new_invite_token()
        expires_at = datetime.now(UTC) + timedelta(hours=self.settings.invite_ttl_hours)
        with self.db.session() as s:
            invite = self._invite(s, staff, session_id)
            interview = sessions.get_session(s, session_id=session_id)
            assert interview is not None
            if interview.withdrawn_at is not None or interview.purged_at is not None:
                raise Conflict("the candidate withdrew or their data was erased: this interview cannot be reopened")
            repo.retire_token(s, token_hash=invite.token_hash, session_id=session_id)
            invite.token_hash = hash_invite_token(token)
            invite.expires_at = expires_at
            invite.revoked_at = None
            audit.record(s, actor_id=staff.user_id, actor_role=staff.role, action="invite.reissue",
                         target_type="session", target_id=str(session_id),
                         detail={"expires_at": expires_at.isoformat()}, client=client)
        self._hang_up(session_id)  # a connection opened with the old link ends
        return ReissuedInvite(token=token, url=self.invite_url(token), expires_at=expires_at)

    # --- staff: erasure -------------------------------------------------------
    def erase(self, staff: Staff, session_id: uuid.UUID, *, client: str | None = None) -> None:
        """Erasure on request (admin): the retention purge now, and the name and email too."""
        staff.require_role("admin")
        with self.db.session() as s:
            if sessions.get_session(s, session_id=session_id) is None:
                raise NotFound(MISSING)
        self._hang_up(session_id)
        purge_session(self.db, self.settings, session_id, action="erase", actor=staff, erase_identity=True,
                      client=client)

    def purge_expired(self, *, now: datetime | None = None) -> list[str]:
        return purge_expired(self.db, self.settings, now=now)

    # --- helpers ----------------------------------------------------------------
    def _invite(self, s: Any, staff: Staff, session_id: uuid.UUID) -> Any:
        staff.require_role("admin", "recruiter")
        interview = sessions.get_session(s, session_id=session_id)
        if interview is None:
            raise NotFound(MISSING)
        staff.require_company(interview.job.company_id, missing=MISSING)
        invite = repo.invite_for(s, session_id=session_id)
        if invite is None:
            raise NotFound("this interview session has no invite")
        return invite

    def _hang_up(self, session_id: uuid.UUID) -> None:
        """End this process's live connection for the session, if it holds one."""
        if self.live is None:
            return
        conversation = self.live.get(session_id)
        if conversation is not None:
            self.live.close(conversation)


# --- the daily task (cpu queue) ----------------------------------------------------
_DAILY = crontab(minute="30", hour="3")  # 03:30 UTC (the queues run on UTC)


def _daily(self: Any, timestamp: datetime) -> bool:
    return bool(_DAILY(timestamp))


@task("cpu", task_base=PeriodicTask, validate_datetime=_daily)
def purge_expired_data() -> list[str]:
    """The retention purge, once a day; safe to run twice."""
    rt = runtime()
    return purge_expired(rt.db, rt.settings)
