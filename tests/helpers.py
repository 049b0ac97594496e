"""Helpers shared by API tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

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
