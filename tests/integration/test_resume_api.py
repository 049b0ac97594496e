"""POST /api/interview/{token}/resume through the whole app: each kind of file, real
child-process parsing, the real offline embedder and a real PostgreSQL + pgvector."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests import pdf_factory
from tests.helpers import login, make_invite


def _consented(client: TestClient, *, language: str = "en") -> dict[str, Any]:
    invite = make_invite(client, login(client), language=language)
    response = client.post(f"/api/interview/{invite['token']}/consent", json={"recording": True, "analysis": True})
    assert response.status_code == 200, response.text
    return invite


def _upload(client: TestClient, token: str, data: bytes, name: str = "resume.pdf") -> Any:
    return client.post(f"/api/interview/{token}/resume", files={"file": (name, data, "application/pdf")})


def _stored(client: TestClient, session_id: str) -> tuple[Any, int]:
    rt = client.app.state.runtime  # type: ignore[attr-defined]
    with rt.db.engine.connect() as conn:
        summary = conn.execute(text("SELECT resume_summary FROM interview_sessions WHERE id = :id"),
                               {"id": session_id}).scalar_one()
    return summary, len(rt.resumes.store.chunks(session_id=uuid.UUID(session_id)))


def test_english_resume_is_parsed_chunked_embedded_and_summarised(app_client: TestClient) -> None:
    invite = _consented(app_client)
    response = _upload(app_client, invite["token"], pdf_factory.english_resume())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["pages"] == 2 and body["total_pages"] == 2 and body["truncated"] is False and body["note"] == ""
    assert body["chunks"] >= 5
    summary = body["summary"]
    assert "Globex Corp" in summary["employers"] and "Senior Backend Engineer" in summary["roles"]
    assert "Realtime Fraud Detector" in summary["projects"] and "Kafka" in summary["skills"]
    assert summary["years_of_experience"] and summary["years_of_experience"] > 7
    stored_summary, stored_chunks = _stored(app_client, invite["session_id"])
    assert stored_summary == summary and stored_chunks == body["chunks"]
    rt = app_client.app.state.runtime  # type: ignore[attr-defined]
    chunks = rt.resumes.store.chunks(session_id=uuid.UUID(invite["session_id"]))
    assert [c.section for c in chunks][:3] == ["summary", "summary", "experience"]
    assert {c.page for c in chunks} == {1, 2}
    assert not any("Page 1 of 2" in c.text or "Jane Doe - Resume" in c.text for c in chunks)  # footer, header gone
    found = rt.resumes.store.search(session_id=uuid.UUID(invite["session_id"]), query="university degree", k=1)
    assert found[0].section == "education"

    # a second upload replaces the first, it does not add to it
    again = _upload(app_client, invite["token"], pdf_factory.korean_resume())
    assert again.status_code == 200, again.text
    assert _stored(app_client, invite["session_id"])[1] == again.json()["chunks"]
    texts = " ".join(c.text for c in rt.resumes.store.chunks(session_id=uuid.UUID(invite["session_id"])))
    assert "경력사항" in texts and "Globex" not in texts


def test_korean_resume_with_embedded_font(app_client: TestClient) -> None:
    invite = _consented(app_client, language="ko")
    response = _upload(app_client, invite["token"], pdf_factory.korean_resume(), name="이력서.pdf")
    assert response.status_code == 200, response.text
    summary = response.json()["summary"]
    assert summary["language"] == "ko" and "네이버 주식회사" in summary["employers"]
    assert summary["sections"] == ["summary", "experience", "projects", "skills", "education"]
    rt = app_client.app.state.runtime  # type: ignore[attr-defined]
    found = rt.resumes.store.search(session_id=uuid.UUID(invite["session_id"]), query="추천 시스템", k=1)
    assert found[0].section == "projects" and "실시간 추천 시스템 구축" in found[0].text


def test_each_bad_file_gets_its_own_answer_and_nothing_is_written(app_client: TestClient) -> None:
    invite = _consented(app_client)
    cases = [
        (b"", 400, "the file is empty"),
        (pdf_factory.not_a_pdf(), 415, "not a PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, 415, "not a PDF"),
        (pdf_factory.encrypted_resume(), 422, "password"),
        (pdf_factory.truncated_resume(), 422, "damaged or incomplete"),
        (pdf_factory.image_only_resume(), 422, "upload a text PDF or paste your resume"),
        (pdf_factory.bomb_pdf(), 413, "decompression bomb"),
    ]
    for data, status, sentence in cases:
        response = _upload(app_client, invite["token"], data)
        assert response.status_code == status, (sentence, response.text)
        assert sentence in response.json()["detail"]
        assert _stored(app_client, invite["session_id"]) == (None, 0), sentence
    # a PDF is known by its content, not its name
    ok = _upload(app_client, invite["token"], pdf_factory.english_resume(), name="resume.txt")
    assert ok.status_code == 200, ok.text
    assert app_client.get(f"/api/interview/{invite['token']}").status_code == 200  # still serving


def test_size_page_limits_timeout_and_consent(app_client: TestClient) -> None:
    rt = app_client.app.state.runtime  # type: ignore[attr-defined]
    fresh = make_invite(app_client, login(app_client))
    refused = _upload(app_client, fresh["token"], pdf_factory.english_resume())
    assert refused.status_code == 409 and "consent" in refused.json()["detail"]

    invite = _consented(app_client)
    long = _upload(app_client, invite["token"], pdf_factory.long_resume(35))
    assert long.status_code == 200, long.text
    body = long.json()
    assert body["pages"] == 30 and body["total_pages"] == 35 and body["truncated"] is True
    assert "first 30 of 35 pages" in body["note"]

    rt.settings.resume_max_bytes = 2000
    too_big = _upload(app_client, invite["token"], pdf_factory.english_resume())
    assert too_big.status_code == 413 and "limit" in too_big.json()["detail"]
    # far over the limit: refused on Content-Length, before the body is parsed (this one is not even multipart)
    way_too_big = app_client.post(f"/api/interview/{invite['token']}/resume", content=b"x" * 200_000,
                                  headers={"Content-Type": "multipart/form-data; boundary=nothing"})
    assert way_too_big.status_code == 413 and "limit" in way_too_big.json()["detail"]
    rt.settings.resume_max_bytes = 10 * 1024 * 1024

    rt.settings.resume_parse_timeout_s = 0.01
    slow = _upload(app_client, invite["token"], pdf_factory.english_resume())
    assert slow.status_code == 422 and "too long to read" in slow.json()["detail"]
    rt.settings.resume_parse_timeout_s = 15.0
    assert _stored(app_client, invite["session_id"])[1] == 30 * 0 + body["chunks"]  # refusals kept the last upload


def test_korean_job_gets_korean_sentences_and_paste_works(app_client: TestClient) -> None:
    invite = _consented(app_client, language="ko")
    response = _upload(app_client, invite["token"], pdf_factory.image_only_resume())
    assert response.status_code == 422
    assert "텍스트가 있는 PDF를 올리거나 이력서 내용을 붙여 넣어 주세요" in response.json()["detail"]
    pasted = app_client.post(f"/api/interview/{invite['token']}/resume/text",
                             json={"text": "\n".join(line for page in pdf_factory.KOREAN_PAGES for line in page)})
    assert pasted.status_code == 200, pasted.text
    assert "카카오" in pasted.json()["summary"]["employers"]
    assert _stored(app_client, invite["session_id"])[1] == pasted.json()["chunks"]


def test_hidden_instructions_are_kept_as_data(app_client: TestClient) -> None:
    invite = _consented(app_client)
    response = _upload(app_client, invite["token"], pdf_factory.injected_resume())
    assert response.status_code == 200, response.text
    rt = app_client.app.state.runtime  # type: ignore[attr-defined]
    chunks = rt.resumes.store.chunks(session_id=uuid.UUID(invite["session_id"]))
    assert sum(pdf_factory.INJECTION in c.text for c in chunks) >= 1
    summary = response.json()["summary"]
    assert not any("5/5" in str(value) for value in summary.values())  # not a role, skill or project
