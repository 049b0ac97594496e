"""1,000 wrong sign-ins against a running ``python app.py`` (embedded defaults): does the app
stay up and responsive, and are CPU and memory bounded?

Two set-ups, each its own app, median of N runs:
- ``throttled``: the default throttle (5 failures per account, 20 per address, 15 minutes):
  after the first 20 the flood gets 429 without any password hashing;
- ``hashing``: the throttle set out of reach, so every try reaches argon2 (64 MiB, ~0.1 s each):
  the hash slots (half the cores) bound memory and CPU; the rest queue.
For each: the status codes, the app process's peak RSS over its idle RSS, its CPU seconds, the
flood's wall time, and /healthz latency idle and during the flood (median, ratio, max).

    .venv/bin/python bench/login_flood.py [--runs 3] [--tries 1000] [--concurrency 64]
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil
from _apps import free_port, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password-12345"


def _start(data_dir: Path, extra: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "WARM_UP_MODELS": "false", "ADMIN_EMAIL": "bench@example.com",
           "ADMIN_PASSWORD": PASSWORD, **extra}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    proc = subprocess.Popen([sys.executable, "app.py", "--data-dir", str(data_dir), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_healthy(proc, base)
    return proc, base


def _flood(base: str, pid: int, tries: int, concurrency: int) -> dict[str, float | dict[int, int]]:
    app = psutil.Process(pid)
    idle_rss = app.memory_info().rss
    idle_probes = []
    with httpx.Client(timeout=30) as client:
        for _ in range(10):
            started = time.perf_counter()
            client.get(base + "/healthz")
            idle_probes.append(time.perf_counter() - started)
    cpu_before = sum(app.cpu_times()[:2])
    peak = idle_rss
    probes: list[float] = []
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        with httpx.Client(timeout=30) as client:
            while not done.is_set():
                peak = max(peak, app.memory_info().rss)
                started = time.perf_counter()
                client.get(base + "/healthz")
                probes.append(time.perf_counter() - started)
                time.sleep(0.2)

    codes: collections.Counter[int] = collections.Counter()
    lock = threading.Lock()

    def attempt(i: int) -> None:
        with httpx.Client(timeout=120) as client:
            r = client.post(base + "/api/auth/login", json={"email": f"user{i % 50}@example.com",
                                                            "password": f"wrong-password-{i}"})
        with lock:
            codes[r.status_code] += 1

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(attempt, range(tries)))
    wall = time.perf_counter() - started
    done.set()
    watcher.join()
    alive = httpx.get(base + "/healthz", timeout=10).status_code
    return {"codes": dict(codes), "extra_rss_mb": (peak - idle_rss) / 2**20, "cpu_s": sum(app.cpu_times()[:2]) - cpu_before,
            "wall_s": wall, "health_idle_ms": 1000 * statistics.median(idle_probes),
            "health_median_ms": 1000 * statistics.median(probes or [0]),
            "health_max_ms": 1000 * max(probes or [0]), "alive_after": alive}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tries", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    setups = {"throttled": {}, "hashing": {"LOGIN_MAX_FAILURES": "1000000", "LOGIN_MAX_FAILURES_PER_CLIENT": "1000000"}}
    print(f"{args.tries} wrong sign-ins, {args.concurrency} at once, median of {args.runs} runs")
    for name, extra in setups.items():
        results = []
        with tempfile.TemporaryDirectory() as tmp:
            proc, base = _start(Path(tmp) / "data", extra)
            try:
                for _ in range(args.runs):
                    results.append(_flood(base, proc.pid, args.tries, args.concurrency))
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=60)

        def med(key: str, rows: list[dict[str, float | dict[int, int]]] = results) -> float:
            return statistics.median(float(r[key]) for r in rows)  # type: ignore[arg-type]

        print(f"== {name}: status codes of the last run {results[-1]['codes']}; /healthz after: "
              f"{results[-1]['alive_after']}")
        print(f"   peak RSS over idle {med('extra_rss_mb'):.0f} MiB | app CPU {med('cpu_s'):.1f} s | "
              f"flood wall {med('wall_s'):.1f} s")
        print(f"   /healthz idle {med('health_idle_ms'):.0f} ms; during the flood median "
              f"{med('health_median_ms'):.0f} ms ({med('health_median_ms') / med('health_idle_ms'):.1f}x), "
              f"max {med('health_max_ms'):.0f} ms")


if __name__ == "__main__":
    main()
