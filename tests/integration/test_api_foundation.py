"""The first routes of the contract, against the real app and database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.helpers import login, make_invite


def test_login_and_bad_credentials(app_client):
    assert app_client.post("/api/auth/login", json={"email": "admin@example.com", "password": "nope"}).status_code == 401
    body = app_client.post("/api/auth/login", json={"email": "ADMIN@example.com", "password": "admin-password-123"}).json()
    assert body["token_type"] == "bearer" and body["role"] == "admin"


def test_routes_need_a_token_and_the_right_role(app_client):
    assert app_client.post("/api/companies", json={"name": "X"}).status_code == 401
    admin = login(app_client)
    company = app_client.post("/api/companies", headers=admin, json={"name": "A", "talent_profile": ""}).json()["id"]
    other = app_client.post("/api/companies", headers=admin, json={"name": "B", "talent_profile": ""}).json()["id"]
    r = app_client.post("/api/users", headers=admin, json={
        "email": "rec@a.com", "password": "recruiter-pass-1", "role": "recruiter", "company_id": company})
    assert r.status_code == 201
    rec = login(app_client, "rec@a.com", "recruiter-pass-1")
    # a recruiter cannot create users or companies, nor jobs for another company
    assert app_client.post("/api/users", headers=rec, json={
        "email": "x@a.com", "password": "0123456789ab", "role": "admin"}).status_code == 403
    assert app_client.post("/api/companies", headers=rec, json={"name": "C"}).status_code == 403
    r = app_client.post("/api/jobs", headers=rec, json={"company_id": other, "title": "T"})
    assert r.status_code == 404 and r.json()["detail"] == "no company has that id"
    assert app_client.post("/api/jobs", headers=rec, json={"company_id": company, "title": "T"}).status_code == 201


def test_invite_flow_and_token_is_stored_hashed(app_client, db):
    admin = login(app_client)
    made = make_invite(app_client, admin, job={"questions": ["Tell me about yourself."], "question_count": 3})
    assert made["url"].endswith(made["token"]) and "/interview/" in made["url"]
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM invites")).scalar_one()
        fixed = conn.execute(text("SELECT fixed_questions FROM jobs")).scalar_one()
    assert made["token"] not in stored and len(stored) == 64
    assert fixed == ["Tell me about yourself."]
    view = app_client.get(f"/api/interview/{made['token']}").json()
    assert view == {"session_id": made["session_id"], "status": "invited", "job_title": "Backend Engineer",
                    "language": "en", "consented": False}
    r = app_client.post(f"/api/interview/{made['token']}/consent", json={"recording": True, "analysis": False})
    assert r.status_code == 422 and "consent" in r.json()["detail"]
    r = app_client.post(f"/api/interview/{made['token']}/consent", json={"recording": True, "analysis": True})
    assert r.json() == {"status": "consented"}
    assert app_client.get(f"/api/interview/{made['token']}").json()["consented"] is True


def test_unknown_expired_and_used_tokens(app_client, db):
    assert app_client.get("/api/interview/not-a-token").status_code == 404
    admin = login(app_client)
    made = make_invite(app_client, admin)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE invites SET expires_at = :t"), {"t": datetime.now(UTC) - timedelta(minutes=1)})
    r = app_client.get(f"/api/interview/{made['token']}")
    assert r.status_code == 410 and "expired" in r.json()["detail"]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE invites SET expires_at = :t, used_at = now()"),
                     {"t": datetime.now(UTC) + timedelta(hours=1)})
    assert app_client.get(f"/api/interview/{made['token']}").status_code == 410


def test_job_validation_errors_are_sentences(app_client):
    admin = login(app_client)
    company = app_client.post("/api/companies", headers=admin, json={"name": "A"}).json()["id"]
    r = app_client.post("/api/jobs", headers=admin, json={
        "company_id": company, "title": "T", "question_count": 1, "questions": ["a?", "b?"]})
    assert r.status_code == 422 and "question_count" in r.json()["detail"]
    r = app_client.post("/api/jobs", headers=admin, json={"company_id": company, "title": "T", "language": "fr"})
    assert r.status_code == 422 and r.json()["detail"].startswith("language")


def test_healthz_and_openapi(app_client):
    health = app_client.get("/healthz").json()
    assert health["database"]["version"].startswith("PostgreSQL 18")
    assert health["database"]["pgvector"]
    assert set(health["queues"]) == {"cpu", "gpu"}
    assert all(m["state"] in ("loaded", "not loaded") for m in health["models"].values())
    paths = app_client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/auth/login", "/api/users", "/api/companies", "/api/jobs",
                 "/api/jobs/{job_id}/invites", "/api/interview/{token}", "/api/interview/{token}/consent"):
        assert path in paths
