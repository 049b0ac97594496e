"""Both queue backends run real tasks: SQLite with in-process consumers, and Redis with
a separate worker process (`python -m pipelines.worker`)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from db.engine import Database
from pipelines.models import ModelRegistry
from pipelines.queues import make_queues
from pipelines.settings import Settings
from pipelines.tasks import TaskRuntime, bind_tasks

ROOT = Path(__file__).resolve().parents[2]


def _runtime(settings: Settings) -> TaskRuntime:
    queues = make_queues(settings)
    rt = TaskRuntime(settings=settings, db=Database(settings.database_url), models=ModelRegistry(settings),
                     queues=queues)
    bind_tasks(rt)
    return rt


def test_sqlite_queues_run_tasks_in_process(settings: Settings) -> None:
    rt = _runtime(settings)
    rt.queues.start_consumers()
    try:
        token = uuid.uuid4().hex
        cpu = rt.tasks["ping_cpu"](token).get(blocking=True, timeout=30)
        gpu = rt.tasks["ping_gpu"](token).get(blocking=True, timeout=30)
        assert cpu == {"queue": "cpu", "token": token, "pid": os.getpid()}
        assert gpu["queue"] == "gpu" and gpu["token"] == token
        assert (settings.data_dir / "queues" / "cpu.db").exists()
        assert rt.queues.health()["cpu"] == {"backend": "sqlite", "pending": 0, "state": "ok", "consumer": "running"}
    finally:
        rt.queues.stop_consumers()
        rt.db.dispose()


def test_in_process_worker_that_dies_is_replaced(settings: Settings) -> None:
    """A task that escapes huey's ``except Exception`` (SystemExit here) ends its worker
    thread; the supervisor starts a new one and the queue keeps serving."""
    rt = _runtime(settings)
    rt.queues.health_check_s = 0.2
    gpu = rt.queues["gpu"]

    @gpu.task(name="test_exit_worker")
    def exit_worker() -> None:
        raise SystemExit

    rt.queues.start_consumers()
    try:
        consumer = rt.queues.consumers["gpu"]
        first = consumer.worker_threads[0][1]
        exit_worker()
        deadline = time.monotonic() + 30
        while consumer.worker_threads[0][1] is first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not first.is_alive()
        assert consumer.worker_threads[0][1] is not first
        token = uuid.uuid4().hex
        assert rt.tasks["ping_gpu"](token).get(blocking=True, timeout=30)["token"] == token
        assert rt.queues.health()["gpu"]["consumer"] == "running"
    finally:
        rt.queues.stop_consumers()
        rt.db.dispose()


@pytest.mark.parametrize("queue", ["cpu", "gpu"])
def test_redis_queue_runs_tasks_in_a_worker_process(settings: Settings, redis_url: str, queue: str) -> None:
    settings = settings.model_copy(update={"redis_url": redis_url})
    rt = _runtime(settings)
    rt.queues[queue].flush()
    env = {**os.environ, "REDIS_URL": redis_url, "DATABASE_URL": settings.database_url,
           "DATA_DIR": str(settings.data_dir), "HF_HUB_OFFLINE": "1"}
    worker = subprocess.Popen([sys.executable, "-m", "pipelines.worker", "--queue", queue], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        token = uuid.uuid4().hex
        result = rt.tasks[f"ping_{queue}"](token).get(blocking=True, timeout=60)
        assert result["queue"] == queue and result["token"] == token
        assert result["pid"] == worker.pid  # ran in the worker, not here
        health = rt.queues.health()[queue]
        assert health["backend"] == "redis" and health["state"] == "ok"
    finally:
        worker.send_signal(2)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        rt.db.dispose()


def test_worker_refuses_without_redis(settings: Settings) -> None:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    proc = subprocess.run([sys.executable, "-m", "pipelines.worker", "--queue", "cpu"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "REDIS_URL" in proc.stderr
