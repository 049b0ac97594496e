"""Shared fixtures: a real embedded PostgreSQL 18 + pgvector for the whole run, a fresh
migrated database per test (cloned from a template), settings, runtime and API client.

Nothing here is mocked: integration tests talk to the real server, real Redis
(``REDIS_URL``, default redis://127.0.0.1:6379/15) and real offline models.
"""

from __future__ import annotations

import contextlib
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# every app the suite starts would otherwise load the LLM in the background (35 s of CPU each);
# the warm-up itself is tested in tests/integration/test_model_warm_up.py
os.environ.setdefault("WARM_UP_MODELS", "false")

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from db.embedded import EmbeddedPostgres
from db.engine import Database
from pipelines.settings import Settings

TEST_JWT_SECRET = "test-secret-" + "x" * 40
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password-123"
ROOT = Path(__file__).resolve().parents[1]


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[EmbeddedPostgres]:
    # Not under pytest's basetemp: a later pytest run resets that folder's mode to 0700
    # (the server runs as another user when we are root) and prunes old run folders.
    root = Path(tempfile.mkdtemp(prefix="interview-test-pg-"))
    server = EmbeddedPostgres(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_template(pg_server: EmbeddedPostgres) -> str:
    """A migrated template database; each test clones it (fast, isolated)."""
    base = pg_server.url.rsplit("/", 1)[0]
    with psycopg.connect(_plain(base + "/postgres"), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS tmpl_interview")
        conn.execute("CREATE DATABASE tmpl_interview")
    db = Database(base + "/tmpl_interview")
    db.migrate()
    db.dispose()
    return base


@pytest.fixture
def database_url(pg_template: str) -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = _plain(pg_template + "/postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE tmpl_interview')
    yield f"{pg_template}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", database_url=database_url, jwt_secret=TEST_JWT_SECRET,
        admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD, public_base_url="http://testserver",
        model_dir=shared_model_dir(),
    )


def shared_model_dir() -> Path:
    """Joined model files are reused across tests (they are large)."""
    path = Path(os.environ.get("TEST_MODEL_DIR", Path(__file__).parent.parent / "data" / "models"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as err:
        pytest.fail(f"Redis is not reachable at {url} ({err}): `make test` starts one; or set TEST_REDIS_URL")
    return url


@pytest.fixture
def app_client(settings: Settings) -> Iterator[Any]:
    """The whole app (API + UI mounts) over an external-mode database, with in-process
    SQLite queues under the test's data dir."""
    from fastapi.testclient import TestClient

    from app import create_app

    with TestClient(create_app(settings)) as client:
        yield client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_udp_range(size: int, lowest: int = 40000, highest: int = 49000) -> tuple[int, int]:
    """``size`` consecutive UDP ports, free on every IPv4 and IPv6 address right now, from a random base."""
    import random

    for _ in range(50):
        low = random.randrange(lowest, highest - size)
        taken = []
        try:
            for port in range(low, low + size):
                for family, any_address in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
                    if family == socket.AF_INET6 and not socket.has_ipv6:
                        continue
                    sock = socket.socket(family, socket.SOCK_DGRAM)
                    taken.append(sock)
                    if family == socket.AF_INET6:
                        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                    sock.bind((any_address, port))
        except OSError:
            continue
        finally:
            for sock in taken:
                sock.close()
        return low, low + size - 1
    raise AssertionError(f"no {size} free UDP ports in a row between {lowest} and {highest}")


@dataclass
class AppProcess:
    base: str
    tmp_path: Path
    process: subprocess.Popen[bytes]


@contextlib.contextmanager
def running_app(tmp_path: Path, database_url: str, *, name: str = "app",
                **env_overrides: str) -> Iterator[AppProcess]:
    """``python app.py`` on a free port (external-mode database; in-process queues unless
    ``REDIS_URL`` is among the overrides) until exit; its output goes to ``tmp_path/<name>.log``
    (several apps may share ``tmp_path``, and with it the data dir, as replicas share a volume)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "JWT_SECRET": TEST_JWT_SECRET, "HF_HUB_OFFLINE": "1",
           "ADMIN_EMAIL": "admin@example.com", "ADMIN_PASSWORD": "admin-password-123",
           "MODEL_DIR": str(shared_model_dir()), "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", **env_overrides}
    if "REDIS_URL" not in env_overrides:
        env.pop("REDIS_URL", None)
    log_path = tmp_path / f"{name}.log"
    log = log_path.open("wb")
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--data-dir", str(tmp_path / "data")],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert proc.poll() is None, log_path.read_text()[-3000:]
        try:
            if httpx.get(base + "/healthz", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    try:
        yield AppProcess(base, tmp_path, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def worker_env(tmp_path: Path, database_url: str, redis_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a ``python -m pipelines.worker`` process next to ``running_app``
    (same database, Redis, secret, data dir and models)."""
    return {**os.environ, "REDIS_URL": redis_url, "DATABASE_URL": database_url, "JWT_SECRET": TEST_JWT_SECRET,
            "DATA_DIR": str(tmp_path / "data"), "MODEL_DIR": str(shared_model_dir()), "HF_HUB_OFFLINE": "1",
            **overrides}


@contextlib.contextmanager
def running_worker(tmp_path: Path, queue: str, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m pipelines.worker --queue <queue>`` (output in ``tmp_path/worker-<queue>.log``)
    until exit; stopped with SIGINT, as compose does, so huey finishes the task in hand."""
    log = (tmp_path / f"worker-{queue}.log").open("wb")
    worker = subprocess.Popen([sys.executable, "-m", "pipelines.worker", "--queue", queue], cwd=ROOT,
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield worker
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
        log.close()


@pytest.fixture
def live_app(tmp_path: Path, database_url: str) -> Iterator[tuple[str, Path]]:
    """``python app.py`` on a free port (external-mode database, in-process queues)."""
    with running_app(tmp_path, database_url) as app:
        yield app.base, app.tmp_path


