"""Candidate privacy through the whole app: consent with a separate face-analysis choice, the
candidate's withdrawal, revoking and reissuing an invite, the retention purge and erasure on
request. Real PostgreSQL + pgvector, real resume ingestion, real speech to text and scoring."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from db.models import AuditLog
from db.repositories import privacy as privacy_repo
from interview.live.conversation import LiveConversation
from interview.turns import AnswerInput
from interview.ui.staff_report_html import header
from pipelines.face_signals import SecondSample
from tests import pdf_factory
from tests.helpers import login, make_invite, wait_report
from tests.media_factory import speech_wav

Q1 = "Tell me about a project you are proud of."
Q2 = "What did you learn from it?"
ANSWER = "I built a data pipeline in Python that processed sales records every night."
SECOND = ("I rewrote the slow nightly job myself, measured it, and cut the run time from four hours to forty "
          "minutes, so the sales team had their numbers by nine.")
FACE = {"face_present_ratio": 1.0, "blink_rate_per_min": 15.0, "gaze_on_screen_ratio": 0.9,
        "dominant_emotion": "neutral"}
STRONG_PASSWORD = "Recruiter-passphrase-2026!"


# ---------------------------------------------------------------------- helpers
def _rt(client: TestClient) -> Any:
    return client.app.state.runtime  # type: ignore[attr-defined]


def _invite(client: TestClient, admin: dict[str, str], **job: Any) -> dict[str, Any]:
    return make_invite(client, admin, job={"questions": [Q1, Q2], "question_count": 2, "max_follow_ups": 0, **job})


def _consent(client: TestClient, token: str, **choices: Any) -> None:
    response = client.post(f"/api/interview/{token}/consent", json={"recording": True, "analysis": True, **choices})
    assert response.status_code == 200, response.text


def _samples(n: int = 3) -> list[SecondSample]:
    return [SecondSample(float(t), True, 1, t % 2, True, "neutral", {"blink": 0.1}) for t in range(n)]


def _interview(client: TestClient, admin: dict[str, str], tmp_path: Path, *, resume: bool = True,
               finish: bool = True) -> dict[str, Any]:
    """An interview with everything a candidate leaves behind: consent with face analysis, a
    resume (chunks and vectors), a spoken answer (a recording on disk) with face samples and a
    typed answer; finished (scoring queued) unless ``finish`` is False."""
    made = _invite(client, admin, questions=[Q1])  # the second question is written from the resume
    token = made["token"]
    _consent(client, token, face_analysis=True)
    if resume:
        uploaded = client.post(f"/api/interview/{token}/resume",
                               files={"file": ("resume.pdf", pdf_factory.english_resume(), "application/pdf")})
        assert uploaded.status_code == 200, uploaded.text
    assert client.post(f"/api/interview/{token}/start").status_code == 200
    wav = speech_wav(tmp_path / f"answer-{token[:6]}.wav", ANSWER, "en")
    spoken = client.post(f"/api/interview/{token}/answer", files={"audio": ("answer.wav", wav.read_bytes(),
                                                                            "audio/wav")})
    assert spoken.status_code == 200, spoken.text
    rt = _rt(client)
    sid = uuid.UUID(made["session_id"])
    answer_id, question_id = _first_answer(client, sid)
    rt.turns.store_behavior(sid, answer_id=answer_id, question_id=question_id, samples=_samples())
    if finish:
        typed = client.post(f"/api/interview/{token}/answer", json={"text": SECOND})
        assert typed.status_code == 200 and typed.json()["done"] is True, typed.text
    return made


def _first_answer(client: TestClient, sid: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    with _rt(client).db.engine.connect() as conn:
        row = conn.execute(text("SELECT a.id, a.question_id FROM answers a JOIN questions q ON q.id = a.question_id "
                                "WHERE a.session_id = :s ORDER BY q.position LIMIT 1"), {"s": sid}).one()
    return row[0], row[1]


def _held(client: TestClient, session_id: str) -> dict[str, Any]:
    """What the database and the disk hold of one session's candidate data."""
    rt = _rt(client)
    sid = uuid.UUID(session_id)
    with rt.db.session() as s:
        counts = privacy_repo.count_rows(s, session_id=sid)
    with rt.db.engine.connect() as conn:
        answers = [dict(r._mapping) for r in conn.execute(text(
            "SELECT transcript, words, audio_path, delivery, behavior FROM answers WHERE session_id = :s"),
            {"s": sid})]
        questions = list(conn.scalars(text("SELECT text FROM questions WHERE session_id = :s ORDER BY position"),
                                      {"s": sid}))
        evaluations = [dict(r._mapping) for r in conn.execute(text(
            "SELECT e.score, e.evidence, e.rationale FROM evaluations e JOIN answers a ON a.id = e.answer_id "
            "WHERE a.session_id = :s"), {"s": sid})]
        session = dict(conn.execute(text(
            "SELECT status, overall, resume_summary, candidate_name, candidate_email, withdrawn_at, purged_at, consent "
            "FROM interview_sessions WHERE id = :s"), {"s": sid}).one()._mapping)
    media = rt.settings.data_dir / "media" / session_id
    return {**counts, "answer_rows": answers, "questions": questions, "evaluations": evaluations,
            "session": session, "media_files": sorted(media.rglob("*")) if media.exists() else []}


def _audit(client: TestClient, action: str, session_id: str) -> list[AuditLog]:
    with _rt(client).db.session() as s:
        rows = s.query(AuditLog).filter_by(action=action, target_id=session_id).all()
        s.expunge_all()
        return rows


def _recruiter(client: TestClient, admin: dict[str, str], company_id: str, email: str) -> dict[str, str]:
    made = client.post("/api/users", headers=admin, json={"email": email, "password": STRONG_PASSWORD,
                                                          "role": "recruiter", "company_id": company_id})
    assert made.status_code == 201, made.text
    return login(client, email, STRONG_PASSWORD)


# ---------------------------------------------------------------------- consent, face analysis
def test_declined_face_analysis_keeps_no_face_signal_and_the_report_says_so(app_client: TestClient) -> None:
    admin = login(app_client)
    rt = _rt(app_client)
    results = {}
    for choice in (None, True):  # face analysis absent from the body (declined), then accepted
        made = _invite(app_client, admin)
        token, sid = made["token"], uuid.UUID(made["session_id"])
        _consent(app_client, token, **({} if choice is None else {"face_analysis": choice}))
        assert app_client.post(f"/api/interview/{token}/start").status_code == 200
        conversation = LiveConversation(rt, token, session_id=sid)
        vision = conversation._make_vision()  # what the live stream would analyse frames with
        if vision is not None:
            vision.close()
        conversation.close()
        result = rt.turns.submit(token, AnswerInput(text=ANSWER, language="en", behavior=dict(FACE)))
        _, question_id = _first_answer(app_client, sid)
        rt.turns.store_behavior(sid, answer_id=result.answer_id, question_id=question_id, samples=_samples())
        assert app_client.post(f"/api/interview/{token}/answer", json={"text": SECOND}).json()["done"] is True
        report = app_client.get(f"/api/sessions/{made['session_id']}/report", headers=admin).json()
        results[choice] = (vision, _held(app_client, made["session_id"]), report)

    vision, held, report = results[None]
    consent = held["session"]["consent"]
    assert consent["version"] == "2026-11" and consent["language"] == "en"
    assert consent["recording"] is True and consent["analysis"] is True and consent["face_analysis"] is False
    assert datetime.fromisoformat(consent["at"]) <= datetime.now(UTC)
    assert vision is None  # no face worker: the camera is a preview only
    assert held["behavior_samples"] == 0
    assert all(row["behavior"] == {} for row in held["answer_rows"]) and held["answer_rows"]
    assert report["face_analysis"] is False
    assert all(v is None for a in report["answers"] for v in a["behavior"].values())
    assert "declined face analysis; no face signals were recorded" in header(report)

    vision, held, report = results[True]  # the same steps with consent: face signals kept
    assert held["session"]["consent"]["face_analysis"] is True
    assert vision is not None
    assert held["behavior_samples"] == 3
    assert any(row["behavior"] == FACE for row in held["answer_rows"])
    assert report["face_analysis"] is True and "declined face analysis" not in header(report)

    audit_rows = _audit(app_client, "consent", str(sid))
    assert audit_rows and audit_rows[0].detail["face_analysis"] is True


def test_recording_and_analysis_stay_required(app_client: TestClient) -> None:
    made = _invite(app_client, login(app_client))
    refused = app_client.post(f"/api/interview/{made['token']}/consent",
                              json={"recording": True, "analysis": False, "face_analysis": True})
    assert refused.status_code == 422 and "consent" in refused.json()["detail"]
    assert app_client.get(f"/api/interview/{made['token']}").json()["consented"] is False


# ---------------------------------------------------------------------- withdrawal
def test_withdrawal_deletes_the_candidates_data_and_the_recruiter_sees_only_that(app_client: TestClient,
                                                                                   tmp_path: Path) -> None:
    admin = login(app_client)
    made = _interview(app_client, admin, tmp_path)
    sid = made["session_id"]
    scored = wait_report(app_client, sid, admin)
    assert scored["status"] == "scored"
    before = _held(app_client, sid)
    assert before["resume_chunks"] > 0 and before["behavior_samples"] == 3 and before["media_files"]
    assert any(e["evidence"] for e in before["evaluations"]) and before["session"]["resume_summary"]
    audio = [_rt(app_client).settings.data_dir / r["audio_path"] for r in before["answer_rows"] if r["audio_path"]]
    assert audio and all(p.is_file() for p in audio)

    # after finishing the link is used, but withdrawal still works with it
    assert app_client.get(f"/api/interview/{made['token']}").status_code == 410
    response = app_client.post(f"/api/interview/{made['token']}/withdraw")
    assert response.status_code == 200 and response.json() == {"status": "withdrawn"}

    after = _held(app_client, sid)
    assert not any(p.exists() for p in audio) and after["media_files"] == []
    assert after["resume_chunks"] == 0 and after["session"]["resume_summary"] is None
    assert after["answers"] == 0 and after["answer_rows"] == [] and after["questions"] == []
    assert after["behavior_samples"] == 0 and after["evaluations"] == []
    assert after["session"]["status"] == "withdrawn" and after["session"]["withdrawn_at"] is not None
    assert after["session"]["overall"] is None
    report = app_client.get(f"/api/sessions/{sid}/report", headers=admin).json()
    assert report["status"] == "withdrawn" and report["answers"] == [] and report["overall"] is None
    assert all(c["score"] is None for c in report["competencies"])
    assert not any(report["delivery"].values()) and not any((report["behavior"] or {}).values())
    assert "withdrew" in header(report)
    pdf = app_client.get(f"/api/sessions/{sid}/report.pdf", headers=admin)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    listed = app_client.get(f"/api/jobs/{made['job_id']}/ranking", headers=admin).json()["candidates"]
    assert [c["status"] for c in listed] == ["withdrawn"] and listed[0]["overall"] is None
    assert _audit(app_client, "withdraw", sid)
    # the link is closed now
    assert app_client.post(f"/api/interview/{made['token']}/withdraw").status_code == 410
    gone = app_client.get(f"/api/interview/{made['token']}")
    assert gone.status_code == 410 and "withdrew" in gone.json()["detail"]


def test_withdrawal_before_the_interview_ends_stops_it(app_client: TestClient, tmp_path: Path) -> None:
    admin = login(app_client)
    made = _interview(app_client, admin, tmp_path, resume=False, finish=False)
    assert app_client.post(f"/api/interview/{made['token']}/withdraw").status_code == 200
    assert app_client.post(f"/api/interview/{made['token']}/answer", json={"text": SECOND}).status_code == 410
    held = _held(app_client, made["session_id"])
    assert held["answers"] == 0 and held["media_files"] == [] and held["session"]["status"] == "withdrawn"


# ---------------------------------------------------------------------- invites
def test_a_revoked_link_is_gone_everywhere_and_a_reissued_one_replaces_it(app_client: TestClient) -> None:
    admin = login(app_client)
    made = _invite(app_client, admin)
    old, sid = made["token"], made["session_id"]
    assert app_client.post(f"/api/sessions/{sid}/invite/revoke", headers=admin).status_code == 204
    for method, path, body in (("GET", "", None), ("POST", "/consent", {"recording": True, "analysis": True}),
                               ("POST", "/start", None), ("POST", "/answer", {"text": ANSWER}),
                               ("POST", "/finish", None), ("POST", "/withdraw", None), ("GET", "/feedback", None)):
        response = app_client.request(method, f"/api/interview/{old}{path}", json=body)
        assert response.status_code == 410, (path, response.text)
    assert "withdrawn by the recruiter" in app_client.get(f"/api/interview/{old}").json()["detail"]
    assert _audit(app_client, "invite.revoke", sid)

    reissued = app_client.post(f"/api/sessions/{sid}/invite/reissue", headers=admin)
    assert reissued.status_code == 200, reissued.text
    new = reissued.json()["token"]
    assert new != old and reissued.json()["url"] == f"http://testserver/interview/?token={new}"
    opened = app_client.get(f"/api/interview/{new}")
    assert opened.status_code == 200 and opened.json()["session_id"] == sid
    _consent(app_client, new)
    replaced = app_client.get(f"/api/interview/{old}")
    assert replaced.status_code == 410 and "replaced" in replaced.json()["detail"]
    with _rt(app_client).db.engine.connect() as conn:
        expires_at = conn.execute(text("SELECT expires_at FROM invites WHERE session_id = :s"), {"s": sid}).scalar_one()
    hours = (expires_at - datetime.now(UTC)).total_seconds() / 3600
    assert _rt(app_client).settings.invite_ttl_hours - 0.1 < hours <= _rt(app_client).settings.invite_ttl_hours
    assert _audit(app_client, "invite.reissue", sid)


def test_another_companys_session_answers_404_and_erasure_is_for_admins(app_client: TestClient,
                                                                       tmp_path: Path) -> None:
    admin = login(app_client)
    ours = _invite(app_client, admin)
    theirs = _invite(app_client, admin)  # a second company "Acme" with its own job
    recruiter = _recruiter(app_client, admin, ours["company_id"], "recruiter@example.com")
    for action in ("revoke", "reissue"):
        response = app_client.post(f"/api/sessions/{theirs['session_id']}/invite/{action}", headers=recruiter)
        assert response.status_code == 404, response.text
        missing = app_client.post(f"/api/sessions/{uuid.uuid4()}/invite/{action}", headers=recruiter)
        assert missing.status_code == 404 and missing.json()["detail"] == response.json()["detail"]
    assert app_client.get(f"/api/interview/{theirs['token']}").status_code == 200  # untouched
    assert app_client.post(f"/api/sessions/{ours['session_id']}/invite/reissue", headers=recruiter).status_code == 200
    assert app_client.delete(f"/api/sessions/{ours['session_id']}", headers=recruiter).status_code == 403
    assert app_client.delete(f"/api/sessions/{uuid.uuid4()}", headers=admin).status_code == 404


# ---------------------------------------------------------------------- retention and erasure
def test_retention_purges_old_sessions_keeps_scores_and_leaves_recent_ones(app_client: TestClient, tmp_path: Path,
                                                                           monkeypatch: Any) -> None:
    cache = tmp_path / "gradio-cache"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))
    old_upload, new_upload = cache / "abc" / "resume.pdf", cache / "def" / "resume.pdf"
    for path in (old_upload, new_upload):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"%PDF-1.4 cached upload")
    aged = time.time() - 200 * 86400
    os.utime(old_upload, (aged, aged))

    admin = login(app_client)
    old = _interview(app_client, admin, tmp_path)
    recent = _interview(app_client, admin, tmp_path, finish=False)
    scored = wait_report(app_client, old["session_id"], admin)
    assert scored["status"] == "scored"
    before = _held(app_client, old["session_id"])
    recent_before = _held(app_client, recent["session_id"])
    assert before["resume_chunks"] > 0 and before["media_files"] and recent_before["resume_chunks"] > 0
    rt = _rt(app_client)
    with rt.db.engine.begin() as conn:  # the old one was invited 181 days ago
        conn.execute(text("UPDATE interview_sessions SET created_at = now() - interval '181 days' WHERE id = :s"),
                     {"s": old["session_id"]})

    purged = rt.privacy.purge_expired()
    assert purged == [old["session_id"]]

    after = _held(app_client, old["session_id"])
    assert after["media_files"] == [] and after["resume_chunks"] == 0 and after["behavior_samples"] == 0
    assert after["session"]["resume_summary"] is None and after["session"]["purged_at"] is not None
    assert after["answers"] == before["answers"]  # the rows stay, to hold the scores
    assert all(r["transcript"] == "" and r["words"] == [] and r["audio_path"] is None and r["delivery"] == {}
               and r["behavior"] == {} for r in after["answer_rows"])
    assert before["questions"][0] == Q1 and before["questions"][1]
    assert after["questions"] == [Q1, ""]  # the job's fixed question stays; the one worded from the resume goes
    assert sorted(e["score"] for e in after["evaluations"]) == sorted(e["score"] for e in before["evaluations"])
    assert all(e["evidence"] == [] and e["rationale"] == "" for e in after["evaluations"])
    assert after["session"]["overall"] == before["session"]["overall"] is not None
    assert after["session"]["status"] == "scored" and after["session"]["candidate_name"] == "Kim Minji"
    report = app_client.get(f"/api/sessions/{old['session_id']}/report", headers=admin).json()
    assert report["overall"] == scored["overall"] and report["purged_at"]
    assert all(a["transcript"] == "" for a in report["answers"])
    assert _audit(app_client, "purge", old["session_id"])
    assert not old_upload.exists() and new_upload.exists()  # Gradio's cache: only what is past retention

    recent_after = _held(app_client, recent["session_id"])  # untouched
    assert recent_after["resume_chunks"] == recent_before["resume_chunks"]
    assert recent_after["media_files"] == recent_before["media_files"] != []
    assert recent_after["answer_rows"] == recent_before["answer_rows"] and recent_after["behavior_samples"] == 3
    assert recent_after["session"]["purged_at"] is None
    assert rt.privacy.purge_expired() == []  # once is enough

    task = rt.tasks.tasks["purge_expired_data"]  # and it runs by itself, daily, on the cpu queue
    assert task.huey is rt.queues["cpu"]
    assert task.task_class().validate_datetime(datetime(2026, 1, 5, 3, 30))
    assert not task.task_class().validate_datetime(datetime(2026, 1, 5, 4, 30))


def test_erasure_on_request_removes_the_candidates_data_and_identity(app_client: TestClient,
                                                                    tmp_path: Path) -> None:
    admin = login(app_client)
    made = _interview(app_client, admin, tmp_path, finish=False)
    sid = made["session_id"]
    before = _held(app_client, sid)
    assert before["resume_chunks"] > 0 and before["media_files"] and before["behavior_samples"] == 3
    response = app_client.delete(f"/api/sessions/{sid}", headers=admin)
    assert response.status_code == 204, response.text
    after = _held(app_client, sid)
    assert after["media_files"] == [] and after["resume_chunks"] == 0 and after["behavior_samples"] == 0
    assert all(r["transcript"] == "" and r["audio_path"] is None for r in after["answer_rows"])
    assert after["session"]["candidate_name"] == "erased" and after["session"]["candidate_email"] is None
    assert after["session"]["resume_summary"] is None and after["session"]["purged_at"] is not None
    events = _audit(app_client, "erase", sid)
    assert events and events[0].actor_role == "admin"
    assert app_client.get(f"/api/interview/{made['token']}").status_code == 410
    assert app_client.post(f"/api/interview/{made['token']}/answer", json={"text": SECOND}).status_code == 410
    with _rt(app_client).db.session() as s:  # already purged: the retention task leaves it alone
        assert uuid.UUID(sid) not in privacy_repo.expired_sessions(s, created_before=datetime.now(UTC) + timedelta(1))
