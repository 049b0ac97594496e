"""Every log line carries the context of its request or task, set once where it is known."""

from __future__ import annotations

import contextvars
import io
import json
import logging
import uuid
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from huey import MemoryHuey

from interview.api.request_context import RequestContext
from pipelines.logs import JsonFormatter, bind, bound
from pipelines.queues import log_task_context

log = logging.getLogger("tests.logs")


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    yield stream
    log.removeHandler(handler)


def _records(stream: io.StringIO) -> list[dict[str, str]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_context_is_added_and_removed_and_fields_win(lines: io.StringIO) -> None:
    def run() -> None:
        with bound(session_id="s1", task_id="t1"):
            log.info("inside", extra={"fields": {"task_id": "explicit"}})
        bind(session_id="stray")  # outside a request or task: ignored
        log.info("outside")

    contextvars.Context().run(run)  # a fresh context, whatever earlier tests did in this thread
    inside, outside = _records(lines)
    assert inside["session_id"] == "s1" and inside["task_id"] == "explicit"
    assert "session_id" not in outside


def test_a_request_carries_its_ids_and_the_session_bound_on_the_way(lines: io.StringIO) -> None:
    app = FastAPI()
    session = str(uuid.uuid4())

    @app.get("/api/sessions/{session_id}/report")
    def report(session_id: str) -> dict[str, str]:
        log.info("report read")
        return {}

    @app.post("/api/interview/{token}/start")
    def start(token: str) -> dict[str, str]:
        bind(session_id="from-the-invite")  # as CandidateService.resolve does
        log.info("started")
        return {}

    app.add_middleware(RequestContext)
    with TestClient(app) as client:
        client.get(f"/api/sessions/{session}/report")
        client.post("/api/interview/secret-token/start")
        client.get(f"/api/sessions/{session}/report")
    first, started, again = _records(lines)
    assert first["session_id"] == session and len(first["request_id"]) == 12
    assert started["session_id"] == "from-the-invite" and "secret-token" not in json.dumps(started)
    assert again["request_id"] != first["request_id"]  # one id per request, nothing left over


def test_a_task_carries_its_task_id_and_session(lines: io.StringIO) -> None:
    huey = MemoryHuey("test", immediate=True)
    log_task_context(huey)
    session = str(uuid.uuid4())

    @huey.task()
    def score(session_id: str) -> None:
        log.info("scoring")

    result = score(session)
    log.info("after")
    scoring, after = _records(lines)
    assert scoring["session_id"] == session and scoring["task_id"] == result.id and scoring["task"] == "score"
    assert "task_id" not in after
