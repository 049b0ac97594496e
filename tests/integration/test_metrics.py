"""/metrics through the real app: admin only, Prometheus text with the named series, the HTTP
route templates, queue depth and a real scoring task's duration; the internal port serves the same."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from pipelines.metrics import serve
from tests.conftest import free_port
from tests.helpers import login, make_invite, seed_answers, wait_report

SERIES = ("interview_http_request_seconds", "interview_queue_depth", "interview_task_seconds",
          "interview_task_failures_total", "interview_task_retries_total", "interview_stt_real_time_factor",
          "interview_llm_seconds", "interview_llm_tokens_per_second", "interview_live_sessions",
          "interview_turn_seconds")


def test_metrics_are_for_admins_and_name_every_series(app_client: TestClient) -> None:
    assert app_client.get("/metrics").status_code == 401
    admin = login(app_client)
    made = make_invite(app_client, admin)
    assert app_client.post("/api/users", headers=admin, json={"email": "r@a.example", "password": "recruiter-pass-12",
                                                              "role": "recruiter",
                                                              "company_id": made["company_id"]}).status_code == 201
    assert app_client.get("/metrics", headers=login(app_client, "r@a.example", "recruiter-pass-12")).status_code == 403
    seed_answers(app_client, made["session_id"], [("Tell me about a problem you solved.", "problem_solving",
                                                    "I profiled the slow checkout and rewrote an N+1 query as a join.")])
    assert app_client.post(f"/api/interview/{made['token']}/finish").status_code == 202
    wait_report(app_client, made["session_id"], admin)
    app_client.get(f"/api/sessions/{made['session_id']}/report", headers=admin)

    response = app_client.get("/metrics", headers=admin)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    text = response.text
    for name in SERIES:
        assert f"# HELP {name} " in text, name
    # route templates, not raw paths (a session id in a label would make a series per session)
    assert 'route="/api/sessions/{session_id}/report"' in text and made["session_id"] not in text
    assert 'interview_http_request_seconds_count{method="POST",route="/api/auth/login",status="200"}' in text
    assert 'interview_queue_depth{queue="gpu"}' in text and 'interview_queue_depth{queue="cpu"}' in text
    assert 'interview_task_seconds_count{queue="gpu",task="score_session"}' in text
    assert "interview_live_sessions 0.0" in text


def test_the_internal_port_serves_the_same_metrics() -> None:
    port = free_port()
    serve(port, host="127.0.0.1")
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    assert "# HELP interview_http_request_seconds " in text
