"""The production topology on one machine, without containers: two ``app.py`` processes on
their own ports (replicas behind a load balancer), a ``cpu`` and a ``gpu`` worker process, one
PostgreSQL that no process here starts itself (the session's embedded server, reached by
every process through ``DATABASE_URL``, as a managed database would be) and the real Redis.

Interviews run over REST through both apps at once; one is begun on app A, app A is
SIGKILLed mid-interview, and the same invite resumes on app B at the question it was on.
Every report completes (read through app B, with a token app A issued), every answer is
scored exactly once per competency, and the scoring ran in the gpu worker, never in an app."""

from __future__ import annotations

import json
import signal
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
import redis
from sqlalchemy import text

from db.engine import Database
from pipelines.models import ModelRegistry
from pipelines.queues import make_queues
from pipelines.settings import Settings
from pipelines.tasks import TaskRuntime, bind_tasks
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, running_app, running_worker, shared_model_dir, worker_env

pytestmark = pytest.mark.slow

FIXED = ["Tell me about a difficult technical problem you solved.",
         "Tell me about a time you took responsibility beyond your role."]
QUESTION_COUNT = 3  # the two fixed questions, then one template question with its competency
ANSWERS = [
    "Our nightly import job failed on large files. I read the failing runs, split the import into batches of "
    "ten thousand rows and added a retry per batch; the job has finished every night since, in 40 minutes.",
    "Nobody owned our flaky test suite, so I took it on. I listed the ten flakiest tests, fixed the timing "
    "problems in eight and deleted two; the build went from green half the time to green on 95% of runs.",
    "I explained the trade-off to the team in a short design note, asked for their objections, and we agreed "
    "on the simpler option; I wrote down what we would measure to know if it was the wrong call.",
]
FULL_PER_APP = 2  # interviews answered start to finish through each app


def _own_redis_db(url: str) -> str:
    """The test's Redis URL on the database below it: the queue names are fixed, so a worker of
    another Redis test running at the same time on the same server would take these tasks."""
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(db - 1) % 16}"))


def _admin(client: httpx.Client) -> dict[str, str]:
    response = client.post("/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _begin(client: httpx.Client, token: str) -> dict[str, Any]:
    consent = client.post(f"/api/interview/{token}/consent", json={"recording": True, "analysis": True})
    assert consent.status_code == 200, consent.text
    started = client.post(f"/api/interview/{token}/start")
    assert started.status_code == 200, started.text
    return dict(started.json()["question"])


def _answer(client: httpx.Client, token: str, n: int) -> dict[str, Any]:
    response = client.post(f"/api/interview/{token}/answer", json={"text": ANSWERS[n]})
    assert response.status_code == 200, response.text
    return dict(response.json())


def _full_interview(base: str, token: str) -> list[str]:
    """Consent, start and every answer through one app; returns the questions asked."""
    with httpx.Client(base_url=base, timeout=60) as client:
        asked = [_begin(client, token)["text"]]
        for n in range(QUESTION_COUNT):
            body = _answer(client, token, n)
            if body["done"]:
                assert n == QUESTION_COUNT - 1 and body["next"] is None, body
                break
            asked.append(body["next"]["text"])
        else:
            raise AssertionError("the interview did not end after its last question")
    return asked


def _task_runs(log: Path) -> list[tuple[str, str | None]]:
    """(task, session_id) of every log line written inside a queue task (JSON logs carry both)."""
    runs = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "task" in record:
            runs.append((str(record["task"]), record.get("session_id")))
    return runs


def _ping(settings: Settings, queue: str) -> dict[str, Any]:
    """A round trip through ``queue`` from outside every process under test."""
    db = Database(settings.database_url, pool_size=1)
    rt = TaskRuntime(settings=settings, db=db, models=ModelRegistry(settings), queues=make_queues(settings))
    try:
        tasks = bind_tasks(rt)
        token = uuid.uuid4().hex
        result = dict(tasks[f"ping_{queue}"](token).get(blocking=True, timeout=120))
        assert result["token"] == token and result["queue"] == queue
        return result
    finally:
        db.dispose()


def test_two_apps_and_two_workers_share_one_database_and_redis(
        tmp_path: Path, database_url: str, redis_url: str) -> None:
    began = time.monotonic()
    queue_url = _own_redis_db(redis_url)
    redis.Redis.from_url(queue_url).flushdb()  # no task left over from an earlier run
    env = {"REDIS_URL": queue_url, "LOG_FORMAT": "json"}
    db = Database(database_url, pool_size=2)
    with ExitStack() as stack:
        # the workers boot while the apps do; every process shares the data dir, as replicas share a volume
        workers = {queue: stack.enter_context(running_worker(tmp_path, queue, worker_env(
            tmp_path, database_url, queue_url, LOG_FORMAT="json"))) for queue in ("cpu", "gpu")}
        app_a = stack.enter_context(running_app(tmp_path, database_url, name="app-a", **env))
        app_b = stack.enter_context(running_app(tmp_path, database_url, name="app-b", **env))
        booted = time.monotonic()
        for app in (app_a, app_b):
            health = httpx.get(app.base + "/healthz", timeout=10).json()
            assert health["database"]["status"] == "ok"
            assert {q["backend"] for q in health["queues"].values()} == {"redis"}, health
        assert not (tmp_path / "data" / "pg").exists()  # no process started a PostgreSQL of its own

        # each queue is served by its worker process, not by an app
        settings = Settings(database_url=database_url, redis_url=queue_url, data_dir=tmp_path / "probe",
                            model_dir=shared_model_dir())
        for queue, worker in workers.items():
            assert _ping(settings, queue)["pid"] == worker.pid

        a = stack.enter_context(httpx.Client(base_url=app_a.base, timeout=60))
        b = stack.enter_context(httpx.Client(base_url=app_b.base, timeout=60))
        admin = _admin(a)  # issued by app A, honoured by app B (shared secret, revocations in the database)
        company = b.post("/api/companies", headers=admin, json={"name": "Acme"})
        assert company.status_code in (200, 201), company.text
        job = a.post("/api/jobs", headers=admin, json={
            "company_id": company.json()["id"], "title": "Backend Engineer", "requirements": "Python, PostgreSQL",
            "language": "en", "questions": FIXED, "question_count": QUESTION_COUNT, "max_follow_ups": 0})
        assert job.status_code in (200, 201), job.text
        invites = []
        for n in range(2 * FULL_PER_APP + 1):
            made = (a if n % 2 else b).post(f"/api/jobs/{job.json()['id']}/invites", headers=admin,
                                            json={"candidate_name": f"Candidate {n}"})
            assert made.status_code in (200, 201), made.text
            invites.append(made.json())
        moved, on_a, on_b = invites[0], invites[1:1 + FULL_PER_APP], invites[1 + FULL_PER_APP:]

        # one interview begins on app A: the first question is answered there
        first = _begin(a, moved["token"])
        assert first["text"] == FIXED[0]
        reply = _answer(a, moved["token"], 0)
        assert reply["done"] is False
        waiting = reply["next"]  # the question the candidate is on when app A dies

        # the others run through both apps at once
        with ThreadPoolExecutor(max_workers=2 * FULL_PER_APP) as pool:
            runs = [pool.submit(_full_interview, base, invite["token"])
                    for base, group in ((app_a.base, on_a), (app_b.base, on_b)) for invite in group]
            asked = [run.result() for run in runs]
        assert all(questions[:2] == FIXED and len(questions) == QUESTION_COUNT for questions in asked), asked

        app_a.process.send_signal(signal.SIGKILL)  # no clean shutdown, mid-interview for `moved`
        assert app_a.process.wait(timeout=30) == -signal.SIGKILL
        with pytest.raises(httpx.TransportError):
            a.get("/healthz")

        # the same invite on app B: still in progress, at the same question
        state = b.get(f"/api/interview/{moved['token']}")
        assert state.status_code == 200 and state.json()["status"] == "in_progress", state.text
        resumed = b.post(f"/api/interview/{moved['token']}/start")
        assert resumed.status_code == 200, resumed.text
        assert resumed.json()["question"] == waiting
        for n in range(1, QUESTION_COUNT):
            reply = _answer(b, moved["token"], n)
        assert reply["done"] is True and reply["next"] is None

        # every report completes, read through app B
        sessions = [invite["session_id"] for invite in invites]
        reports: dict[str, Any] = {}
        deadline = time.monotonic() + 240
        while len(reports) < len(sessions) and time.monotonic() < deadline:
            for sid in sessions:
                if sid not in reports:
                    body = b.get(f"/api/sessions/{sid}/report", headers=admin).json()
                    if body["status"] in ("scored", "failed"):
                        reports[sid] = body
            time.sleep(0.5)
        assert len(reports) == len(sessions), (tmp_path / "worker-gpu.log").read_text(errors="replace")[-3000:]
        for report in reports.values():
            assert report["status"] == "scored", report
            assert len(report["answers"]) == QUESTION_COUNT and all(x["scores"] for x in report["answers"]), report
        scored = time.monotonic()

    # the database: every answer once, each scored exactly once per competency it was scored on
    with db.engine.connect() as conn:
        answers = conn.execute(text(
            "SELECT a.id, a.session_id, q.position, q.competency FROM answers a JOIN questions q ON q.id = a.question_id"
            " WHERE a.session_id = ANY(CAST(:ids AS uuid[]))"), {"ids": sessions}).all()
        evaluations = conn.execute(text(
            "SELECT answer_id, competency FROM evaluations WHERE answer_id = ANY(:ids)"),
            {"ids": [row.id for row in answers]}).all()
    db.dispose()
    assert Counter(str(row.session_id) for row in answers) == dict.fromkeys(sessions, QUESTION_COUNT)
    assert len({(str(row.session_id), row.position) for row in answers}) == len(answers)  # no question answered twice
    per_answer: dict[Any, list[str]] = defaultdict(list)
    for answer_id, competency in evaluations:
        per_answer[answer_id].append(competency)
    for row in answers:
        scored_on = per_answer[row.id]
        assert scored_on and len(scored_on) == len(set(scored_on)), (row, scored_on)  # none missing, none twice
        assert row.competency is None or row.competency in scored_on, (row, scored_on)
    report_scores = {(sid, x["question"], score["competency"]) for sid, report in reports.items()
                     for x in report["answers"] for score in x["scores"]}
    assert len(report_scores) == len(evaluations)  # the reports show exactly the stored evaluations

    # the gpu worker ran every scoring task; the apps ran no task at all
    gpu_runs = _task_runs(tmp_path / "worker-gpu.log")
    assert set(sessions) <= {sid for task, sid in gpu_runs if task == "score_session"}, gpu_runs[-20:]
    for name in ("app-a", "app-b"):
        assert _task_runs(tmp_path / f"{name}.log") == [], name
    print(f"\nboot {booted - began:.1f} s, interviews and scoring {scored - booted:.1f} s")  # noqa: T201
