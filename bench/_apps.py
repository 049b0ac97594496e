"""What the bench scripts that start ``python app.py`` share: a free port, and waiting for its
first /healthz 200. Imported by the scripts beside it (``make bench`` skips files named ``_*``)."""

from __future__ import annotations

import socket
import subprocess
import time

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(proc: subprocess.Popen[bytes], base: str, timeout_s: float = 300) -> None:
    """Until ``base``/healthz answers 200; exits the script if the app dies or never gets there."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"app exited with {proc.returncode}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("app did not start")
