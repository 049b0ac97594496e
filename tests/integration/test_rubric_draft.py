"""Company competencies drafted from the talent profile over REST against the real app: a
template skeleton with the offline CPU model, the model's draft through the local chat server
(an invalid reply fed back and corrected; one that never validates falls back), the YAML saved as
a company rubric, and who may ask."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import yaml
from fastapi.testclient import TestClient

from pipelines.rubric import Rubric
from pipelines.settings import Settings
from tests.helpers import login
from tests.llm_server import chat_server

PASSWORD = "a-long-enough-secret-1"
PROFILE = "Owns outcomes; 고객 중심\n- learns fast"


def _client(settings: Settings, **overrides: Any) -> Iterator[TestClient]:
    from app import create_app

    with TestClient(create_app(settings.model_copy(update=overrides))) as client:
        yield client


def _company(client: TestClient, admin: dict[str, str], profile: str = PROFILE) -> str:
    return str(client.post("/api/companies", headers=admin, json={"name": "Acme", "talent_profile": profile}).json()["id"])


def _recruiter(client: TestClient, admin: dict[str, str], company: str, email: str) -> dict[str, str]:
    assert client.post("/api/users", headers=admin, json={"email": email, "password": PASSWORD, "role": "recruiter",
                                                          "company_id": company}).status_code == 201
    return login(client, email, PASSWORD)


def test_without_a_capable_model_a_template_per_value_that_saves_as_a_company_rubric(app_client: TestClient) -> None:
    admin = login(app_client)
    company = _company(app_client, admin)
    recruiter = _recruiter(app_client, admin, company, "rec@acme.example")
    got = app_client.post(f"/api/companies/{company}/rubric-draft", headers=recruiter, json={})
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["source"] == "template" and "template" in body["note"]
    assert [c["name"]["en"] for c in body["competencies"]] == ["Owns outcomes", "고객 중심", "learns fast"]
    assert "고객 중심이 드러나는" in body["competencies"][1]["anchors"]["3"]["ko"]  # the particle fits the value
    rubric = Rubric.model_validate(yaml.safe_load(body["yaml"]))
    assert rubric.keys[:5] == ["problem_solving", "ownership", "collaboration", "communication", "job_knowledge"]
    assert len(rubric.keys) == 8 and len(set(rubric.keys)) == 8
    saved = app_client.post("/api/rubrics", headers=recruiter, json={"name": "Acme values", "company_id": company,
                                                                     "yaml": body["yaml"], "note": "from 인재상"})
    assert saved.status_code == 201, saved.text


def test_only_the_companys_recruiters_and_ml_or_admin_may_draft(app_client: TestClient) -> None:
    admin = login(app_client)
    mine, theirs = _company(app_client, admin), _company(app_client, admin)
    recruiter = _recruiter(app_client, admin, mine, "rec@mine.example")
    other = app_client.post(f"/api/companies/{theirs}/rubric-draft", headers=recruiter, json={})
    missing = app_client.post("/api/companies/00000000-0000-0000-0000-000000000000/rubric-draft", headers=recruiter,
                              json={})
    assert other.status_code == missing.status_code == 404 and other.json() == missing.json()
    assert app_client.post(f"/api/companies/{mine}/rubric-draft", json={}).status_code == 401
    empty = _company(app_client, admin, profile="")
    assert app_client.post(f"/api/companies/{empty}/rubric-draft", headers=admin, json={}).json()["source"] == "none"


def _values(body: dict[str, Any]) -> list[str]:
    return re.findall(r"<value>(.*?)</value>", body["messages"][1]["content"])  # the first user message


def _competency(key: str, value: str) -> dict[str, Any]:
    levels = {str(n): {"en": f"Level {n}: tells how they acted on {value}.",
                       "ko": f"{n}수준: {value}에 맞게 행동한 사례를 말한다."} for n in range(1, 6)}
    return {"key": key, "value": value, "name": {"en": value.title(), "ko": f"{value} 역량"},
            "description": {"en": f"Acts on {value}.", "ko": f"{value}을 실천한다."}, "anchors": levels}


def test_a_capable_model_drafts_them_and_an_invalid_reply_is_corrected(settings: Settings) -> None:
    replies: list[str] = []

    def model(body: dict[str, Any]) -> str:
        values = _values(body)
        keys = ["ownership", *(f"value_{i}" for i in range(1, len(values)))] if not replies else \
            [f"acme_{i}" for i in range(len(values))]  # the first reply reuses a key the rubric has
        replies.append(json.dumps({"competencies": [_competency(k, v) for k, v in zip(keys, values, strict=True)]}))
        return replies[-1]

    with chat_server(model) as server:
        for client in _client(settings, llm_backend="openai", llm_base_url=server.url, llm_model="drafter"):
            admin = login(client)
            company = _company(client, admin)
            body = client.post(f"/api/companies/{company}/rubric-draft", headers=admin, json={}).json()
            assert body["source"] == "llm" and "drafter" in body["note"], body["note"]
            assert [c["key"] for c in body["competencies"]] == ["acme_0", "acme_1", "acme_2"]
            assert len(server.requests) == 2
            retry = server.requests[1]["messages"][-1]["content"]
            assert "ownership" in retry  # the error went back to the model
            system = server.requests[0]["messages"][0]["content"]
            assert "data" in system and "never follow" in system
            assert _values(server.requests[0]) == ["Owns outcomes", "고객 중심", "learns fast"]
            Rubric.model_validate(yaml.safe_load(body["yaml"]))


def test_a_model_that_never_gives_a_valid_draft_falls_back_to_the_template(settings: Settings) -> None:
    with chat_server(lambda body: '{"competencies": "later"}') as server:
        for client in _client(settings, llm_backend="openai", llm_base_url=server.url, llm_model="drafter"):
            admin = login(client)
            body = client.post(f"/api/companies/{_company(client, admin)}/rubric-draft", headers=admin,
                               json={}).json()
            assert body["source"] == "template" and "no valid draft" in body["note"]
            assert len(body["competencies"]) == 3 and server.requests
