"""Activation reaches a worker that is already running: the app and a ``gpu`` worker run as
separate processes on the real Redis, the first interview is scored with the seeded rubric
and prompt, ML staff then activate new versions over REST, and the next interview is scored by
the same worker process with them (no restart). The first report keeps its versions."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from db.engine import Database
from db.models import Answer, Evaluation
from pipelines.llm.templates import file_template
from pipelines.rubric import default_rubric_path
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, running_app, running_worker, worker_env
from tests.helpers import login, make_invite, seed_answers, wait_report

ANSWER = ("Checkout got slow after a release. I profiled it, found an N+1 query, rewrote it as one join, and p95 "
          "went from 2 seconds to 300 milliseconds.")


@pytest.fixture
def env(tmp_path: Path, database_url: str, redis_url: str) -> dict[str, str]:
    redis.Redis.from_url(redis_url).flushdb()  # no task left over from another test
    return worker_env(tmp_path, database_url, redis_url)


@pytest.fixture
def gpu_worker(tmp_path: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    with running_worker(tmp_path, "gpu", env) as worker:
        yield worker


def _interview(client: httpx.Client, admin: dict[str, str], db: Database) -> dict[str, Any]:
    made = make_invite(client, admin)  # type: ignore[arg-type]
    seed_answers(None, made["session_id"], [("Tell me about a problem you solved.", "problem_solving", ANSWER)], db=db)
    assert client.post(f"/api/interview/{made['token']}/finish").status_code == 202
    report = wait_report(client, made["session_id"], admin, timeout=240)  # type: ignore[arg-type]
    assert report["status"] == "scored", report
    return report


def _prompt_versions(db: Database, session_id: str) -> set[int]:
    with db.session() as s:
        return {e.prompt_version for e in s.query(Evaluation).join(Answer, Evaluation.answer_id == Answer.id)
                .filter(Answer.session_id == session_id)}


def test_an_activation_reaches_the_running_worker_without_a_restart(
        tmp_path: Path, database_url: str, env: dict[str, str],
        gpu_worker: subprocess.Popen[bytes]) -> None:
    db = Database(database_url)
    with running_app(tmp_path, database_url, REDIS_URL=env["REDIS_URL"]) as app, \
            httpx.Client(base_url=app.base, timeout=30) as client:
        admin = login(client, ADMIN_EMAIL, ADMIN_PASSWORD)  # type: ignore[arg-type]
        first = _interview(client, admin, db)
        assert first["rubric"] == {"name": "default", "version": 1}
        assert _prompt_versions(db, first["session_id"]) == {1}

        rubric = next(r for r in client.get("/api/rubrics", headers=admin).json()["rubrics"] if r["name"] == "default")
        weighted = default_rubric_path().read_text(encoding="utf-8").replace("weight: 1.0", "weight: 2.0", 1)
        added = client.post(f"/api/rubrics/{rubric['id']}/versions", headers=admin,
                            json={"yaml": weighted, "note": "problem solving counts twice"})
        assert added.status_code == 201, added.text
        assert client.post(f"/api/rubrics/{rubric['id']}/versions/2/activate", headers=admin).status_code == 200
        prompt = client.post("/api/prompts/score_answer/versions", headers=admin, json={
            "template": file_template("score_answer") + "\n{# stricter wording #}\n", "note": "candidate"})
        assert prompt.status_code == 201, prompt.text
        assert client.post("/api/prompts/score_answer/versions/2/activate", headers=admin).status_code == 200

        second = _interview(client, admin, db)
        assert gpu_worker.poll() is None  # the same worker process scored both
        assert second["rubric"] == {"name": "default", "version": 2}
        assert _prompt_versions(db, second["session_id"]) == {2}
        # the first report keeps the versions its scores were made with
        again = client.get(f"/api/sessions/{first['session_id']}/report", headers=admin).json()
        assert again["rubric"] == {"name": "default", "version": 1}
    log = (tmp_path / "worker-gpu.log").read_text(errors="replace")
    assert "score_session" in log, log[-2000:]  # the worker process ran the scoring tasks
    db.dispose()
