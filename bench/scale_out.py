"""Scale-out load: what saturates first when many candidates answer at once? The production
shape on one machine: ``--apps`` app processes (round-robin, as a load balancer spreads REST
calls), one ``gpu`` worker on Redis, one PostgreSQL (a temporary embedded server, reached by
every process through ``DATABASE_URL``; nothing is containerised).

For each concurrency C (``--concurrency 1,4,16``): C candidates at once, each a 3-question
interview answered with text over REST (``--fixed`` fixed questions, default 1, then the
template plan's; no follow-ups: no LLM), so the turn itself (commit, advance, finish) and the
scoring are what is measured, not speech. A fixed question has no competency, so the scorer
first picks one by comparing the answer with every competency's anchors: ``--fixed 3`` shows
that cost. Prints, median of ``--runs`` waves:
- the answer latency (one ``POST /answer``) p50 / p90 and the answers per second through the apps;
- the scoring lag: from the wave's last answer until every report of the wave is scored;
- CPU seconds per answer of each part: the app processes, the gpu worker, PostgreSQL (server and
  backends) and Redis. Divide a part's cores by its figure for the answers per second it can take.

    .venv/bin/python bench/scale_out.py [--runs 3] [--concurrency 1,4,16] [--apps 1] [--fixed 1]
        [--redis redis://127.0.0.1:6379/12]     # that Redis database is flushed

Live (WebRTC) interviews add speech to text, pause detection, vision and speech synthesis in the
app process: see bench/stt_rtf.py, bench/vad_cost.py, bench/vision.py and bench/live_latency.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg
import redis

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _apps import free_port, wait_healthy  # noqa: E402

from db.embedded import EmbeddedPostgres  # noqa: E402

PASSWORD = "bench-password-12345"
SECRET = "bench-secret-" + "x" * 40
QUESTIONS = ["Tell me about a difficult technical problem you solved.",
             "Tell me about a time you took responsibility beyond your role.",
             "Tell me about a time you disagreed with a colleague."]
ANSWER = ("Our nightly import job failed on large files. I read the failing runs, split the import into batches "
          "of ten thousand rows and added a retry per batch; the job has finished every night since, in 40 minutes.")


def _cpu(proc: psutil.Process, *, children: bool = False) -> float:
    """User + system CPU seconds of ``proc`` (with ``children``: also its live and reaped children)."""
    times = proc.cpu_times()
    total = times.user + times.system
    if children:
        total += times.children_user + times.children_system
        for child in proc.children(recursive=True):
            try:
                child_times = child.cpu_times()
                total += child_times.user + child_times.system
            except psutil.NoSuchProcess:
                pass
    return total


class Parts:
    """CPU counters of every part, read before and after a wave."""

    def __init__(self, apps: list[subprocess.Popen[bytes]], worker: subprocess.Popen[bytes],
                 postgres_pid: int, redis_pid: int) -> None:
        self.apps = [psutil.Process(p.pid) for p in apps]
        self.worker = psutil.Process(worker.pid)
        self.postgres = psutil.Process(postgres_pid)
        self.redis = psutil.Process(redis_pid)

    def read(self) -> dict[str, float]:
        return {"app": sum(_cpu(p) for p in self.apps), "worker": _cpu(self.worker),
                "postgres": _cpu(self.postgres, children=True), "redis": _cpu(self.redis)}


def _admin(base: str) -> dict[str, str]:
    response = httpx.post(base + "/api/auth/login", json={"email": "bench@example.com", "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _invites(base: str, admin: dict[str, str], count: int, fixed: int) -> list[dict[str, Any]]:
    with httpx.Client(base_url=base, headers=admin, timeout=60) as client:
        company = client.post("/api/companies", json={"name": "Bench"}).json()["id"]
        job = client.post("/api/jobs", json={
            "company_id": company, "title": "Backend Engineer", "requirements": "Python, PostgreSQL",
            "language": "en", "questions": QUESTIONS[:fixed], "question_count": 3, "max_follow_ups": 0}).json()["id"]
        return [client.post(f"/api/jobs/{job}/invites", json={"candidate_name": f"C{i}"}).json()
                for i in range(count)]


def _interview(base: str, token: str, latencies: list[float], lock: threading.Lock) -> float:
    """Consent, start, every answer; returns when the last answer was in."""
    with httpx.Client(base_url=base, timeout=120) as client:
        client.post(f"/api/interview/{token}/consent", json={"recording": True, "analysis": True}).raise_for_status()
        client.post(f"/api/interview/{token}/start").raise_for_status()
        done = False
        while not done:
            started = time.perf_counter()
            response = client.post(f"/api/interview/{token}/answer", json={"text": ANSWER})
            elapsed = time.perf_counter() - started
            response.raise_for_status()
            done = response.json()["done"]
            with lock:
                latencies.append(elapsed)
    return time.perf_counter()


def _wait_scored(database_url: str, sessions: list[str], timeout: float = 600) -> float:
    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        while time.monotonic() < deadline:
            left = conn.execute("SELECT count(*) FROM interview_sessions WHERE id = ANY(%s::uuid[]) "
                                "AND status <> 'scored'", (sessions,)).fetchone()
            if left is not None and left[0] == 0:
                return time.perf_counter()
            time.sleep(0.05)
    raise SystemExit("scoring did not finish")


def _wave(bases: list[str], admin: dict[str, str], database_url: str, parts: Parts,
          concurrency: int, fixed: int) -> dict[str, float]:
    invites = _invites(bases[0], admin, concurrency, fixed)
    latencies: list[float] = []
    lock = threading.Lock()
    before = parts.read()
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        ends = list(pool.map(lambda i: _interview(bases[i % len(bases)], invites[i]["token"], latencies, lock),
                             range(concurrency)))
    answered = max(ends)
    scored = _wait_scored(database_url, [i["session_id"] for i in invites])
    after = parts.read()
    latencies.sort()
    answers = len(latencies)
    row = {"p50_ms": 1000 * latencies[answers // 2], "p90_ms": 1000 * latencies[min(answers - 1, int(answers * 0.9))],
           "answers_per_s": answers / (answered - started), "scoring_lag_s": scored - answered}
    row.update({f"{name}_cpu_ms": 1000 * (after[name] - before[name]) / answers for name in after})
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", default="1,4,16")
    parser.add_argument("--apps", type=int, default=1)
    parser.add_argument("--fixed", type=int, default=1, choices=(0, 1, 2, 3), help="fixed questions of the 3")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"))
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]

    queue = redis.Redis.from_url(args.redis)
    try:
        queue.flushdb()
    except redis.exceptions.ConnectionError as err:
        raise SystemExit(f"no Redis at {args.redis} ({err}): `make services` starts one, or pass --redis") from err
    redis_pid = int(queue.info("server")["process_id"])

    root = Path(tempfile.mkdtemp(prefix="bench-scale-out-"))
    postgres = EmbeddedPostgres(root / "pg")
    database_url = postgres.start()
    postgres_pid = postgres.server_pid()
    assert postgres_pid is not None
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "WARM_UP_MODELS": "false", "DATABASE_URL": database_url,
           "REDIS_URL": args.redis, "JWT_SECRET": SECRET, "ADMIN_EMAIL": "bench@example.com",
           "ADMIN_PASSWORD": PASSWORD, "DATA_DIR": str(root / "data"), "LOG_LEVEL": "WARNING"}
    procs: list[subprocess.Popen[bytes]] = []
    try:
        worker = subprocess.Popen([sys.executable, "-m", "pipelines.worker", "--queue", "gpu"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(worker)
        apps, bases = [], []
        for _ in range(args.apps):
            port = free_port()
            app = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--data-dir", str(root / "data")],
                                   cwd=ROOT, env={**env, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(app)
            apps.append(app)
            bases.append(f"http://127.0.0.1:{port}")
            wait_healthy(app, bases[-1])
        admin = _admin(bases[0])
        parts = Parts(apps, worker, postgres_pid, redis_pid)
        _wave(bases, admin, database_url, parts, 2, args.fixed)  # warm-up: lazy imports and the scorer's first load
        print(f"{os.cpu_count()} CPU threads; load average {os.getloadavg()[0]:.1f}; {args.apps} app process(es), "
              f"1 gpu worker (1 thread), median of {args.runs} waves of 3-answer text interviews ({args.fixed} fixed)")
        print(f"{'at once':>7} {'p50 ms':>7} {'p90 ms':>7} {'answers/s':>9} {'scoring lag s':>13} "
              f"{'CPU ms per answer: app':>22} {'worker':>7} {'postgres':>8} {'redis':>6}")
        for level in levels:
            rows = [_wave(bases, admin, database_url, parts, level, args.fixed) for _ in range(args.runs)]

            def med(key: str, rows: list[dict[str, float]] = rows) -> float:
                return statistics.median(r[key] for r in rows)

            print(f"{level:>7} {med('p50_ms'):>7.0f} {med('p90_ms'):>7.0f} {med('answers_per_s'):>9.1f} "
                  f"{med('scoring_lag_s'):>13.1f} {med('app_cpu_ms'):>22.0f} {med('worker_cpu_ms'):>7.0f} "
                  f"{med('postgres_cpu_ms'):>8.0f} {med('redis_cpu_ms'):>6.1f}", flush=True)
        print(f"load average at the end {os.getloadavg()[0]:.1f} (other work on the machine moves these figures)")
    finally:
        for proc in reversed(procs):
            proc.send_signal(signal.SIGINT if proc is procs[0] else signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
        postgres.stop()
        queue.flushdb()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
