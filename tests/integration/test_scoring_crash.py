"""Crash-safety: scoring killed midway leaves the session in 'scoring' with the finished
answers stored; a re-run (or the start-up sweeper of a restarted app) completes it with
every answer scored exactly once per competency."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from db.engine import Database
from db.models import Answer, Evaluation, InterviewSession, Question
from db.repositories import companies, jobs, sessions
from db.repositories import evaluations as evals
from pipelines.models import ModelRegistry
from pipelines.scoring.session import score_session
from pipelines.settings import Settings
from tests.conftest import running_app
from tests.helpers import login

ANSWERS = [
    ("Tell me about a difficult technical problem you solved.", "problem_solving",
     "Our nightly import job started failing on large files. I went through the failing runs, split the import "
     "into batches, and added a retry for each batch. After that change the job finished every night."),
    ("Tell me about a time you took responsibility beyond your role.", "ownership",
     "Nobody owned our flaky test suite, so I took it on. I listed the ten flakiest tests, fixed the ones with "
     "timing problems and deleted two. The build became green again most days."),
    ("Tell me about a time you disagreed with a colleague.", "collaboration", "I don't know."),
    ("동료의 성공을 도왔던 경험을 말씀해 주세요.", "collaboration",
     "새로 온 동료가 배포 스크립트를 잘 몰라서 제가 오후 내내 같이 앉아 설명해 주었습니다. "
     "다음 주에 그 동료가 혼자 첫 배포를 했습니다."),
]


class Killed(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing marks the session failed."""


def _completed_session(db: Database, answers: list[tuple[str, str, str]] = ANSWERS) -> uuid.UUID:
    with db.session() as s:
        company = companies.create_company(s, name="Acme", talent_profile="")
        job = jobs.create_job(s, company_id=company.id, created_by=None, title="Engineer", language="en")
        interview = sessions.create_session_with_invite(
            s, job_id=job.id, candidate_name="Kim", candidate_email=None, token_hash=uuid.uuid4().hex,
            expires_at=datetime.now(UTC) + timedelta(hours=1), created_by=None)
        for position, (question, competency, transcript) in enumerate(answers):
            q = Question(session_id=interview.id, position=position, text=question, competency=competency)
            s.add(q)
            s.flush()
            s.add(Answer(session_id=interview.id, question_id=q.id, transcript=transcript))
        interview.status = "completed"
        return interview.id


def _evaluations(db: Database) -> list[tuple[uuid.UUID, str]]:
    with db.session() as s:
        return [(row[0], row[1]) for row in s.query(Evaluation.answer_id, Evaluation.competency).all()]


def _status(db: Database, session_id: uuid.UUID) -> str:
    with db.session() as s:
        interview = s.get(InterviewSession, session_id)
        assert interview is not None
        return interview.status


def test_killed_midway_then_rerun_scores_every_answer_exactly_once(db: Database, settings: Settings) -> None:
    session_id = _completed_session(db)
    models = ModelRegistry(settings)

    def die_after_two(n: int) -> None:
        if n == 2:
            raise Killed

    with pytest.raises(Killed):
        score_session(db, models, settings, session_id, after_answer=die_after_two)
    assert _status(db, session_id) == "scoring"
    partial = _evaluations(db)
    assert len({a for a, _ in partial}) == 2
    with db.session() as s:
        assert session_id in evals.stale_scoring(s, older_than_s=None)  # what the sweeper finds

    result = score_session(db, models, settings, session_id)
    rows = _evaluations(db)
    assert len(rows) == len(set(rows))  # exactly once per (answer, competency)
    assert set(partial) <= set(rows) and result["inserted"] == len(rows) - len(partial)
    assert len({a for a, _ in rows}) == len(ANSWERS)
    assert _status(db, session_id) == "scored"
    # a third run (a duplicate task) changes nothing
    assert score_session(db, models, settings, session_id)["skipped"] == "scored"
    assert sorted(_evaluations(db)) == sorted(rows)


def test_restarted_app_finishes_a_session_left_in_scoring(db: Database, settings: Settings) -> None:
    session_id = _completed_session(db)

    def die_first(n: int) -> None:
        raise Killed

    with pytest.raises(Killed):
        score_session(db, ModelRegistry(settings), settings, session_id, after_answer=die_first)
    assert _status(db, session_id) == "scoring"

    from app import create_app

    with TestClient(create_app(settings)) as client:  # start-up sweeper re-enqueues it
        admin = login(client)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            report = client.get(f"/api/sessions/{session_id}/report", headers=admin).json()
            if report["status"] != "scoring":
                break
            time.sleep(0.5)
    assert report["status"] == "scored", report
    assert len(report["answers"]) == len(ANSWERS) and all(a["scores"] for a in report["answers"])
    rows = _evaluations(db)
    assert len(rows) == len(set(rows))


def test_app_sigkilled_mid_scoring_finishes_the_report_after_restart(db: Database, database_url: str,
                                                                    tmp_path: Path) -> None:
    """The real thing: ``python app.py`` scoring with the LLM blended in (slow enough to be
    caught midway) is SIGKILLed once the first answer's scores are committed; the restarted
    app's sweeper finishes the report with every answer, each scored exactly once."""
    answers = ANSWERS[:2]  # both rated by the LLM: the kill lands between them
    session_id = _completed_session(db, answers)  # the app's start-up sweeper enqueues it
    env = {"SCORING_LLM_WEIGHT": "0.5", "LLM_DEFAULT_GGUF": "smollm2-135m"}
    with running_app(tmp_path, database_url, **env) as app:
        deadline = time.monotonic() + 240
        while not _evaluations(db) and time.monotonic() < deadline:
            time.sleep(0.2)
        app.process.kill()
        app.process.wait(timeout=30)
    partial = _evaluations(db)
    assert partial, (tmp_path / "app.log").read_text()[-3000:]
    assert _status(db, session_id) == "scoring"  # killed midway: not every answer was scored
    assert len({a for a, _ in partial}) < len(answers)

    with running_app(tmp_path, database_url, **env):
        deadline = time.monotonic() + 300
        while _status(db, session_id) == "scoring" and time.monotonic() < deadline:
            time.sleep(0.5)
    assert _status(db, session_id) == "scored", (tmp_path / "app.log").read_text()[-3000:]
    rows = _evaluations(db)
    assert len(rows) == len(set(rows)) and set(partial) <= set(rows)
    assert len({a for a, _ in rows}) == len(answers)
