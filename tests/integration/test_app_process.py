"""`python app.py` as an operator runs it: embedded PostgreSQL, /healthz, clean stop,
restart after SIGKILL with the data intact, and one-sentence start-up errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import shared_model_dir

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "JWT_SECRET")}
    env.update(HF_HUB_OFFLINE="1", MODEL_DIR=str(shared_model_dir()), ADMIN_EMAIL="boss@example.com",
               ADMIN_PASSWORD="boss-password-1", **extra)
    return env


def _start(data_dir: Path, port: int, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "app.py", "--data-dir", str(data_dir), "--port", str(port)],
                            cwd=ROOT, env=_env(**env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait_healthy(proc: subprocess.Popen[bytes], port: int, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"app exited {proc.returncode}: {proc.stdout.read().decode()[-2000:]}")
        try:
            r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            if r.status_code == 200:
                return r.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise AssertionError("app did not become healthy")


def _login(port: int) -> dict[str, str]:
    r = httpx.post(f"http://127.0.0.1:{port}/api/auth/login",
                   json={"email": "boss@example.com", "password": "boss-password-1"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "pg" / "postmaster.pid").read_text().split()[0])


def test_embedded_start_stop_and_restart_after_sigkill(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "data", _free_port()
    proc = _start(data_dir, port)
    health = _wait_healthy(proc, port)
    assert health["database"]["version"].startswith("PostgreSQL 18")
    assert health["database"]["pgvector"]
    assert health["queues"]["cpu"]["consumer"] == "running"
    company = httpx.post(f"http://127.0.0.1:{port}/api/companies", headers=_login(port),
                         json={"name": "Persisted Co", "talent_profile": "인재상"}).json()["id"]
    assert (data_dir / "secrets" / "jwt_secret").stat().st_mode & 0o777 == 0o600

    # SIGTERM: clean stop, PostgreSQL stopped too
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    assert not (data_dir / "pg" / "postmaster.pid").exists()

    # start again, then SIGKILL the app AND the postmaster: a crash leaves stale state
    proc = _start(data_dir, port)
    _wait_healthy(proc, port)
    os.kill(_postmaster_pid(data_dir), signal.SIGKILL)
    proc.kill()
    proc.wait(timeout=30)
    assert (data_dir / "pg" / "postmaster.pid").exists()

    proc = _start(data_dir, port)
    try:
        _wait_healthy(proc, port)
        # the data survived, and the same JWT secret still signs tokens
        r = httpx.post(f"http://127.0.0.1:{port}/api/jobs", headers=_login(port),
                       json={"company_id": company, "title": "After the crash"})
        assert r.status_code == 201, r.text
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def test_app_killed_alone_leaves_postgres_that_is_adopted(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "data", _free_port()
    proc = _start(data_dir, port)
    _wait_healthy(proc, port)
    pid = _postmaster_pid(data_dir)
    proc.kill()
    proc.wait(timeout=30)
    proc = _start(data_dir, port)
    try:
        _wait_healthy(proc, port)
        assert _postmaster_pid(data_dir) == pid  # adopted, not a second server
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


@pytest.mark.parametrize("case", ["port_in_use", "unwritable", "no_jwt_secret", "missing_model"])
def test_startup_errors_are_one_sentence(tmp_path: Path, case: str) -> None:
    port = _free_port()
    data_dir = tmp_path / "data"
    env: dict[str, str] = {}
    holder = None
    if case == "port_in_use":
        holder = socket.socket()
        holder.bind(("127.0.0.1", port))
        holder.listen()
    elif case == "unwritable":
        data_dir = Path("/proc/no-such-dir/data")
    elif case == "no_jwt_secret":
        env["DATABASE_URL"] = "postgresql://nobody@127.0.0.1:1/none"
    elif case == "missing_model":
        env["STT_MODEL_EN"] = str(tmp_path / "nowhere")
    try:
        proc = subprocess.run([sys.executable, "app.py", "--data-dir", str(data_dir), "--port", str(port)],
                              cwd=ROOT, env=_env(**env), capture_output=True, text=True, timeout=120)
    finally:
        if holder:
            holder.close()
    assert proc.returncode != 0
    err = proc.stderr.strip().splitlines()[-1]
    assert err.startswith("error: ") and "Traceback" not in proc.stderr
    expected = {"port_in_use": "in use", "unwritable": "DATA_DIR", "no_jwt_secret": "JWT_SECRET",
                "missing_model": "STT_MODEL_EN"}[case]
    assert expected in err
