"""Schemathesis over /api/openapi.json: every operation, positive and negative data, once with
generated path parameters and once with real ones (a company, job, interview, invite and user
that exist), signed in as the admin. No request may get a 5xx.

Bounded: ``FUZZ_EXAMPLES`` examples per operation, mode and set of path parameters (default 12,
about 30 operations: a minute or two on 2 cores). Requests go through the test client of the app
that ``app_client`` started, so the app runs one lifespan; schemathesis only generates."""

from __future__ import annotations

import os
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable

from tests.helpers import login, make_invite

schemathesis = pytest.importorskip("schemathesis")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
# operations that end the admin's session or erase the fixtures run last
LAST = ("/api/auth/logout", "DELETE", "/withdraw", "/revoke")


def _send(client: TestClient, case: Any) -> Any:
    """The generated request, encoded by requests (JSON, form, multipart, raw bytes), sent through
    the app's test client."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    allowed = {"method", "url", "headers", "params", "cookies", "json", "data", "files"}
    prepared = requests.Request(**{k: v for k, v in kwargs.items() if k in allowed}).prepare()
    body = prepared.body.encode("utf-8", "surrogatepass") if isinstance(prepared.body, str) else prepared.body
    return client.request(prepared.method or "GET", prepared.url or "/", content=body,
                          headers=dict(prepared.headers), timeout=120)


def test_schemathesis_finds_no_server_error(app_client: TestClient) -> None:
    from schemathesis import GenerationMode

    admin = login(app_client)
    invite = make_invite(app_client, admin)
    assert app_client.post(f"/api/interview/{invite['token']}/consent",
                           json={"recording": True, "analysis": True}).status_code == 200
    user = app_client.post("/api/users", headers=admin, json={
        "email": "fuzz@example.com", "password": "fuzz-password-1", "role": "recruiter",
        "company_id": invite["company_id"]}).json()["id"]
    real = {"token": invite["token"], "job_id": invite["job_id"], "session_id": invite["session_id"],
            "company_id": invite["company_id"], "user_id": user}

    schema = schemathesis.openapi.from_dict(app_client.get("/api/openapi.json").json())
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: any(mark in f"{op.method.upper()} {op.path}" for mark in LAST))
    assert len(operations) >= 20
    failures: list[str] = []
    sent: dict[str, int] = {}

    for operation in operations:
        names = [p.name for p in operation.path_parameters]
        fixed_sets = [None] + ([{n: real[n] for n in names if n in real}] if names else [])
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for fixed in fixed_sets:
                strategy = operation.as_strategy(mode, path_parameters=fixed, headers=dict(admin))

                @given(case=strategy)
                @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                                     phases=[Phase.explicit, Phase.generate],
                                     suppress_health_check=list(HealthCheck))
                def run(case: Any) -> None:
                    response = _send(app_client, case)
                    where = f"{case.method.upper()} {case.operation.path}"
                    sent[where] = sent.get(where, 0) + 1
                    if response.status_code >= 500:
                        failures.append(f"{where} -> {response.status_code}: {case.path_parameters} "
                                        f"{str(case.body)[:200]!r} {response.text[:200]}")

                try:
                    run()
                except Unsatisfiable:  # nothing to make invalid (no parameters, no body) in negative mode
                    pass
    print(f"schemathesis: {sum(sent.values())} requests over {len(sent)} operations, {len(failures)} 5xx")
    assert not failures, "\n".join(failures[:20])
