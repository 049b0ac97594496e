"""Prompt Lab dry-runs as queued jobs against the real app: a job runs on the gpu queue to done
with progress and the synchronous dry-run's result, changing no stored score; a cancel stops it
between sessions; the same roles and 404s as the synchronous dry-runs; a job left running by a
killed worker is re-enqueued by the sweeper and resumes where it stopped; one that cannot run
fails with a sentence."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from db.engine import Database
from db.models import DryRun, Evaluation
from db.repositories import dry_runs
from pipelines.models import ModelRegistry
from pipelines.rubric import default_rubric_path
from pipelines.scoring.dry_run import run_job
from pipelines.scoring.tasks import sweep_dry_runs
from pipelines.settings import Settings
from tests.helpers import login
from tests.integration.test_prompt_lab_api import _score, _staff


class Killed(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing marks the job failed."""


def _runtime(client: TestClient) -> Any:
    return client.app.state.runtime  # type: ignore[attr-defined]


def _overridden(client: TestClient, admin: dict[str, str], count: int = 3) -> list[str]:
    """``count`` scored sessions, each with a recruiter's override of problem solving."""
    ids = []
    for human in (5, 4, 2, 3)[:count]:
        made = _score(client, admin)
        assert client.post(f"/api/sessions/{made['session_id']}/overrides", headers=admin, json={
            "competency": "problem_solving", "score": human, "reason": "panel review"}).status_code == 201
        ids.append(made["session_id"])
    return ids


def _candidate_rubric(client: TestClient, ml: dict[str, str]) -> tuple[str, int]:
    """The default rubric's id and a new (inactive) version that weighs only problem solving."""
    default = next(r for r in client.get("/api/rubrics", headers=ml).json()["rubrics"] if r["name"] == "default")
    head, first, rest = default_rubric_path().read_text(encoding="utf-8").partition("    weight: 1.0")
    added = client.post(f"/api/rubrics/{default['id']}/versions", headers=ml, json={
        "yaml": head + first + rest.replace("    weight: 1.0", "    weight: 0.0"), "note": "candidate"})
    assert added.status_code == 201, added.text
    return default["id"], added.json()["version"]


def _wait(client: TestClient, job_id: str, headers: dict[str, str], timeout: float = 180) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/dry-runs/{job_id}", headers=headers).json()
        if body["status"] not in ("queued", "running"):
            return body
        time.sleep(0.3)
    raise AssertionError(f"the dry-run did not finish: {body}")


def _stored(client: TestClient, admin: dict[str, str], ids: list[str]) -> tuple[Any, ...]:
    with _runtime(client).db.session() as s:
        rows = sorted((str(e.answer_id), e.competency, e.score, e.prompt_version, str(e.rubric_version_id))
                      for e in s.query(Evaluation))
    return rows, [client.get(f"/api/sessions/{i}/report", headers=admin).json()["overall"] for i in ids]


def test_a_dry_run_job_runs_to_done_with_the_synchronous_result_and_changes_no_stored_score(
        app_client: TestClient) -> None:
    admin = login(app_client)
    ml = _staff(app_client, admin, "ml@lab.example", "ml", None)
    ids = _overridden(app_client, admin)
    before = _stored(app_client, admin, ids)
    rubric_id, version = _candidate_rubric(app_client, ml)

    started = app_client.post("/api/dry-runs", headers=ml, json={
        "kind": "rubric", "target": rubric_id, "version": version, "session_ids": ids})
    assert started.status_code == 202, started.text
    assert set(started.json()) == {"id", "status"} and started.json()["status"] == "queued"
    job = _wait(app_client, started.json()["id"], ml)
    assert job["status"] == "done" and job["error"] is None, job
    assert job["progress"] == {"done": 3, "total": 3} and job["active_version"] == 1
    # the same result as the synchronous dry-run: per session active and candidate, agreement with overrides
    sync = app_client.post(f"/api/rubrics/{rubric_id}/dry-run", headers=ml,
                           json={"version": version, "session_ids": ids})
    assert sync.status_code == 200 and job["result"] == sync.json()
    assert [r["session_id"] for r in job["result"]["results"]] == ids
    assert job["result"]["agreement"]["candidate"]["n"] == 3
    assert all(r["candidate"]["overall"] == r["candidate"]["competencies"]["problem_solving"]
               for r in job["result"]["results"])
    # nothing stored changed: evaluations, overall, the active version
    assert _stored(app_client, admin, ids) == before
    assert next(r for r in app_client.get("/api/rubrics", headers=ml).json()["rubrics"]
                if r["id"] == rubric_id)["active_version"] == 1

    # a prompt job too (on the CPU default both sides agree: only the LLM reads the prompt)
    prompt = app_client.post("/api/dry-runs", headers=ml, json={
        "kind": "prompt", "target": "score_answer", "version": 1, "session_ids": ids[:2]})
    assert prompt.status_code == 202, prompt.text
    done = _wait(app_client, prompt.json()["id"], ml)
    assert done["status"] == "done" and done["progress"] == {"done": 2, "total": 2}
    assert done["result"] == app_client.post("/api/prompts/score_answer/dry-run", headers=ml,
                                             json={"version": 1, "session_ids": ids[:2]}).json()
    assert all(r["active"] == r["candidate"] for r in done["result"]["results"])
    assert _stored(app_client, admin, ids) == before
    events = app_client.get("/api/audit", headers=admin, params={"action": "dry_run"}).json()["events"]
    assert sorted(e["target"] for e in events if e["action"] == "dry_run.start") \
        == sorted(f"dry_run:{i}" for i in (started.json()["id"], prompt.json()["id"]))


def test_cancel_stops_a_dry_run_between_sessions(app_client: TestClient) -> None:
    admin = login(app_client)
    ml = _staff(app_client, admin, "ml@lab.example", "ml", None)
    ids = _overridden(app_client, admin)
    rt = _runtime(app_client)
    rt.queues.stop_consumers()  # the jobs below run here, by hand: nothing else takes them
    body = {"kind": "prompt", "target": "score_answer", "version": 1, "session_ids": ids}

    # a queued job is cancelled at once; its task, when it runs, does nothing
    queued = app_client.post("/api/dry-runs", headers=ml, json=body).json()["id"]
    cancelled = app_client.post(f"/api/dry-runs/{queued}/cancel", headers=ml)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["progress"] == {"done": 0, "total": 3}
    assert run_job(rt.db, rt.models, rt.settings, uuid.UUID(queued))["skipped"] == "cancelled"
    assert app_client.get(f"/api/dry-runs/{queued}", headers=ml).json()["result"] is None

    # a running job stops before its next session once cancelled, keeping what it re-scored
    running = app_client.post("/api/dry-runs", headers=ml, json=body).json()["id"]
    answers: list[dict[str, Any]] = []

    def cancel_after_first(done: int) -> None:
        if done == 1:
            answers.append(app_client.post(f"/api/dry-runs/{running}/cancel", headers=ml).json())

    ran = run_job(rt.db, rt.models, rt.settings, uuid.UUID(running), after_session=cancel_after_first)
    assert ran == {"dry_run_id": running, "status": "cancelled", "done": 1}
    assert answers[0]["status"] == "running" and answers[0]["cancel_requested"] is True
    job = app_client.get(f"/api/dry-runs/{running}", headers=ml).json()
    assert job["status"] == "cancelled" and job["progress"] == {"done": 1, "total": 3}
    assert job["progress"]["done"] < job["progress"]["total"]
    assert [r["session_id"] for r in job["result"]["results"]] == ids[:1]
    # cancelling again changes nothing; a finished job has nothing to cancel
    again = app_client.post(f"/api/dry-runs/{running}/cancel", headers=ml)
    assert again.status_code == 200 and again.json()["status"] == "cancelled"
    finished = app_client.post("/api/dry-runs", headers=ml, json={**body, "session_ids": ids[:1]}).json()["id"]
    assert run_job(rt.db, rt.models, rt.settings, uuid.UUID(finished))["status"] == "done"
    refused = app_client.post(f"/api/dry-runs/{finished}/cancel", headers=ml)
    assert refused.status_code == 409 and "nothing to cancel" in refused.json()["detail"]
    events = app_client.get("/api/audit", headers=admin, params={"action": "dry_run.cancel"}).json()["events"]
    assert sorted(e["target"] for e in events) == sorted(f"dry_run:{i}" for i in (queued, running))


def test_dry_run_jobs_have_the_roles_and_404s_of_the_synchronous_dry_runs(app_client: TestClient) -> None:
    admin = login(app_client)
    mine, theirs = _score(app_client, admin), _score(app_client, admin)
    recruiter = _staff(app_client, admin, "rec@a.example", "recruiter", mine["company_id"])
    rival = _staff(app_client, admin, "rec@b.example", "recruiter", theirs["company_id"])
    ml = _staff(app_client, admin, "ml@lab.example", "ml", None)
    default = next(r for r in app_client.get("/api/rubrics", headers=ml).json()["rubrics"] if r["name"] == "default")

    def both(headers: dict[str, str], kind: str, target: str, sessions: list[str],
             version: int = 1) -> tuple[Any, Any]:
        job = app_client.post("/api/dry-runs", headers=headers, json={
            "kind": kind, "target": target, "version": version, "session_ids": sessions})
        path = "/api/prompts/" + target if kind == "prompt" else "/api/rubrics/" + target
        sync = app_client.post(path + "/dry-run", headers=headers, json={"version": version, "session_ids": sessions})
        return job, sync

    cases = [  # caller, kind, target, sessions, version, status
        (recruiter, "prompt", "score_answer", [mine["session_id"]], 1, 403),  # prompts: ml and admin
        (recruiter, "rubric", default["id"], [theirs["session_id"]], 1, 404),  # another company's session
        (ml, "prompt", "follow_up", [mine["session_id"]], 1, 422),  # only the scoring prompt scores
        (ml, "prompt", "score_answer", [mine["session_id"]], 9, 404),
        (ml, "rubric", str(uuid.uuid4()), [mine["session_id"]], 1, 404),
        (ml, "rubric", default["id"], [str(uuid.uuid4())], 1, 404),
    ]
    for caller, kind, target, sessions, version, status in cases:
        job, sync = both(caller, kind, target, sessions, version)
        assert job.status_code == sync.status_code == status, (kind, target, job.text, sync.text)
        if status != 403:  # the synchronous prompt route refuses in its dependency, with the roles reordered
            assert job.json()["detail"] == sync.json()["detail"]
    assert app_client.post("/api/dry-runs", json={"kind": "rubric", "target": default["id"], "version": 1,
                                                  "session_ids": [mine["session_id"]]}).status_code == 401
    assert app_client.post("/api/dry-runs", headers=ml, json={"kind": "salary", "target": "x", "version": 1,
                                                              "session_ids": [mine["session_id"]]}).status_code == 422

    # a recruiter dry-runs a rubric on their company's sessions; only they (and ml, admin) see the job
    started = app_client.post("/api/dry-runs", headers=recruiter, json={
        "kind": "rubric", "target": default["id"], "version": 1, "session_ids": [mine["session_id"]]})
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    assert _wait(app_client, job_id, recruiter)["status"] == "done"
    assert app_client.get(f"/api/dry-runs/{job_id}", headers=ml).status_code == 200
    assert app_client.get(f"/api/dry-runs/{job_id}", headers=admin).status_code == 200
    assert app_client.get(f"/api/dry-runs/{job_id}", headers=rival).status_code == 404
    assert app_client.post(f"/api/dry-runs/{job_id}/cancel", headers=rival).status_code == 404
    assert app_client.get(f"/api/dry-runs/{uuid.uuid4()}", headers=ml).status_code == 404
    # an ml engineer's job is not the recruiter's to read, even on their company's session
    theirs_job = app_client.post("/api/dry-runs", headers=ml, json={
        "kind": "rubric", "target": default["id"], "version": 1, "session_ids": [mine["session_id"]]}).json()["id"]
    assert app_client.get(f"/api/dry-runs/{theirs_job}", headers=recruiter).status_code == 404
    assert _wait(app_client, theirs_job, ml)["status"] == "done"


def test_a_job_left_running_by_a_killed_worker_is_re_enqueued_and_resumes(app_client: TestClient) -> None:
    admin = login(app_client)
    ml = _staff(app_client, admin, "ml@lab.example", "ml", None)
    ids = _overridden(app_client, admin)
    rubric_id, version = _candidate_rubric(app_client, ml)
    rt = _runtime(app_client)
    gpu = rt.queues["gpu"]
    rt.queues.stop_consumers()
    body = {"kind": "rubric", "target": rubric_id, "version": version, "session_ids": ids}

    def killed_worker() -> str:
        """A job whose worker took it, re-scored one session and died (huey lost its task)."""
        job_id = app_client.post("/api/dry-runs", headers=ml, json=body).json()["id"]
        gpu.flush()

        def die(done: int) -> None:
            raise Killed

        with pytest.raises(Killed):
            run_job(rt.db, rt.models, rt.settings, uuid.UUID(job_id), after_session=die)
        job = app_client.get(f"/api/dry-runs/{job_id}", headers=ml).json()
        assert job["status"] == "running" and job["progress"] == {"done": 1, "total": 3}, job
        return job_id

    stale, orphan = killed_worker(), killed_worker()
    # a duplicate task while the run looks alive does nothing
    assert run_job(rt.db, rt.models, rt.settings, uuid.UUID(stale))["skipped"] == "running"
    assert sweep_dry_runs(rt.tasks) == []  # their last progress is recent: they may still be running
    with rt.db.session() as s:
        s.execute(text("UPDATE dry_runs SET updated_at = now() - interval '1 hour' WHERE id = :id"), {"id": stale})
    assert sweep_dry_runs(rt.tasks) == [stale]  # no progress for SCORING_STALE_AFTER_S: re-enqueued
    assert gpu.pending_count() == 1
    # at start-up with in-process queues every running job is orphaned: taken over at once
    assert sweep_dry_runs(rt.tasks, startup=True) == [stale, orphan]
    assert gpu.pending_count() == 3
    rt.queues.start_consumers()

    sync = app_client.post(f"/api/rubrics/{rubric_id}/dry-run", headers=ml,
                           json={"version": version, "session_ids": ids}).json()
    for job_id in (stale, orphan):
        job = _wait(app_client, job_id, ml)
        assert job["status"] == "done" and job["progress"] == {"done": 3, "total": 3}, job
        assert job["result"] == sync  # resumed after the first session: the same result
        with rt.db.session() as s:
            row = s.get(DryRun, uuid.UUID(job_id))
            assert row is not None and row.attempt >= 2


def test_a_job_that_cannot_run_fails_with_a_sentence(db: Database, settings: Settings) -> None:
    with db.session() as s:  # its version went away after it was queued
        job_id = dry_runs.create(s, kind="prompt", target="score_answer", version=99,
                                 session_ids=[str(uuid.uuid4())], requested_by=None).id
    ran = run_job(db, ModelRegistry(settings), settings, job_id)
    assert ran == {"dry_run_id": str(job_id), "status": "failed", "done": 0}
    with db.session() as s:
        row = dry_runs.get(s, dry_run_id=job_id)
        assert row is not None and row.status == "failed" and row.finished_at is not None
        assert row.error == ("the prompt 'score_answer' has no version 99 any more: start the dry-run again with "
                             "a version that exists")
    assert run_job(db, ModelRegistry(settings), settings, job_id)["skipped"] == "failed"  # a duplicate task
