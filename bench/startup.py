"""Start-up figures for the embedded defaults: `python app.py` from an empty data dir to
the first /healthz 200 (initdb, migrations, model files joined), and a warm restart on
the same data dir; then, with WARM_UP_MODELS on (the default), until /healthz lists every model
as loaded, i.e. the first candidate waits for no model. Median of N runs each.

    .venv/bin/python bench/startup.py [--runs 3]

(`make run` from a fresh clone adds the pip install; time `make setup` for that.)
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
import time
from pathlib import Path

import httpx
from _apps import free_port

ROOT = Path(__file__).resolve().parents[1]


def _time_to_healthy(data_dir: Path, env: dict[str, str]) -> tuple[float, float]:
    """(seconds to the first /healthz 200, seconds until every model is loaded)."""
    port = free_port()
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "app.py", "--data-dir", str(data_dir), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    healthy = 0.0
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"app exited with {proc.returncode}")
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                if response.status_code == 200:
                    healthy = healthy or time.monotonic() - started
                    if all(m["state"] == "loaded" for m in response.json()["models"].values()):
                        return healthy, time.monotonic() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.05 if not healthy else 0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "JWT_SECRET")}
    env["HF_HUB_OFFLINE"] = "1"
    env.setdefault("WARM_UP_MODELS", "true")
    cold, warm, ready = [], [], []
    for _ in range(args.runs):
        data_dir = Path(tempfile.mkdtemp(prefix="bench-startup-"))
        try:
            cold.append(_time_to_healthy(data_dir, env)[0])
            healthy, loaded = _time_to_healthy(data_dir, env)
            warm.append(healthy)
            ready.append(loaded)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"cold start (empty data dir, model files joined, initdb, migrations) → first /healthz 200: "
          f"median {statistics.median(cold):.1f} s  (runs: {', '.join(f'{x:.1f}' for x in cold)})")
    print(f"warm restart (same data dir) → first /healthz 200: "
          f"median {statistics.median(warm):.1f} s  (runs: {', '.join(f'{x:.1f}' for x in warm)})")
    print(f"ratio cold/warm: {statistics.median(cold) / statistics.median(warm):.2f}")
    print(f"warm restart → every model loaded in the background (WARM_UP_MODELS): "
          f"median {statistics.median(ready):.1f} s  (runs: {', '.join(f'{x:.1f}' for x in ready)})")


if __name__ == "__main__":
    main()
