"""Helpers shared by API tests."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
from fastapi.testclient import TestClient

from db.engine import Database
from db.models import Answer, InterviewSession, Question
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD


def login(client: TestClient, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> dict[str, str]:
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def make_invite(client: TestClient, admin: dict[str, str], *, language: str = "en",
                job: dict[str, Any] | None = None) -> dict[str, Any]:
    """Company → job → invite; returns ids and the token."""
    company = client.post("/api/companies", headers=admin,
                          json={"name": "Acme", "talent_profile": "Owns outcomes; learns fast."}).json()["id"]
    body = {"company_id": company, "title": "Backend Engineer", "requirements": "Python, PostgreSQL",
            "language": language, **(job or {})}
    job_id = client.post("/api/jobs", headers=admin, json=body).json()["id"]
    invite = client.post(f"/api/jobs/{job_id}/invites", headers=admin,
                         json={"candidate_name": "Kim Minji"}).json()
    return {"company_id": company, "job_id": job_id, **invite}


def live_invite(base: str, questions: list[str]) -> dict[str, Any]:
    """A job with fixed questions (no LLM needed) and an invite, over HTTP against a running app."""
    login = httpx.post(base + "/api/auth/login", json={"email": "admin@example.com", "password": "admin-password-123"})
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    company = httpx.post(base + "/api/companies", headers=headers, json={"name": "Acme"}).json()["id"]
    job = httpx.post(base + "/api/jobs", headers=headers, json={
        "company_id": company, "title": "Data Engineer", "language": "en", "question_count": 2,
        "questions": questions, "max_follow_ups": 0, "end_silence_s": 1.0, "time_limit_s": 60}).json()["id"]
    return httpx.post(f"{base}/api/jobs/{job}/invites", headers=headers, json={"candidate_name": "Alex"}).json()


def seed_answers(client: TestClient | None, session_id: str, answers: list[tuple[str, str | None, str]], *,
                 db: Database | None = None) -> None:
    """Stored answers to (question, competency, transcript), as an interview leaves them; through
    the app's own database, or ``db`` when the app runs in another process."""
    db = db or client.app.state.runtime.db  # type: ignore[union-attr]
    sid = uuid.UUID(session_id)
    with db.session() as s:
        for position, (question, competency, transcript) in enumerate(answers):
            q = Question(session_id=sid, position=position, text=question, kind="planned", competency=competency)
            s.add(q)
            s.flush()
            s.add(Answer(session_id=sid, question_id=q.id, transcript=transcript,
                         delivery={"duration_s": 30.0, "words_per_minute": 140.0, "pause_ratio": 0.2,
                                   "filler_count": 1, "loudness_db": -20.0, "confidence": 0.8},
                         behavior={"face_present_ratio": 1.0, "blink_rate_per_min": 15.0,
                                   "gaze_on_screen_ratio": 0.9, "dominant_emotion": "neutral"}))
        interview = s.get(InterviewSession, sid)
        assert interview is not None
        interview.status = "in_progress"


def wait_report(client: TestClient, session_id: str, headers: dict[str, str], timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/sessions/{session_id}/report", headers=headers).json()
        if body["status"] in ("scored", "failed"):
            return body
        time.sleep(0.5)
    raise AssertionError(f"scoring did not finish: {body}")
