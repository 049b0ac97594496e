"""Prometheus metrics of this process (prometheus-client's default registry): HTTP latency by
route, queue depth and task duration, failures and retries per queue, speech-to-text real-time
factor, LLM tokens/s and latency per backend, live sessions and turn latency.

The app serves them at ``/metrics`` (admin token) and, with ``METRICS_PORT``, on a separate
internal port; a Redis worker process serves its own on ``METRICS_PORT`` too (one scrape target
per process, so no multi-process registry is needed)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import Counter, Gauge, Histogram, start_http_server

_LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_TASK = (0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900)

HTTP_SECONDS = Histogram("interview_http_request_seconds", "HTTP request latency by route.",
                         ["method", "route", "status"], buckets=_LATENCY)
QUEUE_DEPTH = Gauge("interview_queue_depth", "Tasks waiting in a queue.", ["queue"])
TASK_SECONDS = Histogram("interview_task_seconds", "Task run time by queue and task.", ["queue", "task"],
                         buckets=_TASK)
TASK_FAILURES = Counter("interview_task_failures_total", "Tasks that raised.", ["queue", "task"])
TASK_RETRIES = Counter("interview_task_retries_total", "Tasks scheduled for a retry.", ["queue", "task"])
STT_RTF = Histogram("interview_stt_real_time_factor", "Transcription seconds per second of audio.", ["model"],
                    buckets=(0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 4))
LLM_SECONDS = Histogram("interview_llm_seconds", "LLM call latency by backend.", ["backend"], buckets=_TASK)
LLM_TOKENS_PER_S = Histogram("interview_llm_tokens_per_second", "LLM completion tokens per second by backend.",
                             ["backend"], buckets=(1, 2, 5, 10, 20, 40, 80, 160, 320, 640))
LIVE_SESSIONS = Gauge("interview_live_sessions", "Live WebRTC interviews held by this process.")
TURN_SECONDS = Histogram("interview_turn_seconds", "End of an answer to the first audio of the next question.",
                         buckets=(0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13))

_server_lock = threading.Lock()
_server_port: int | None = None


def observe_llm(backend: str, seconds: float, completion_tokens: int) -> None:
    LLM_SECONDS.labels(backend).observe(seconds)
    if seconds > 0 and completion_tokens > 0:
        LLM_TOKENS_PER_S.labels(backend).observe(completion_tokens / seconds)


def watch_queues(hueys: dict[str, Any]) -> None:
    """Queue depth is read from the queues when scraped."""
    for name, huey in hueys.items():
        QUEUE_DEPTH.labels(name).set_function(_pending(huey))


def _pending(huey: Any) -> Callable[[], float]:
    def count() -> float:
        try:
            return float(huey.pending_count())
        except Exception:  # noqa: BLE001 - an unreachable queue reads as -1, not a failed scrape
            return -1.0
    return count


def instrument_huey(name: str, huey: Any) -> None:
    """Task duration, failures and retries from huey's signals (where the task runs)."""
    from huey import signals

    started: dict[str, float] = {}

    @huey.signal(signals.SIGNAL_EXECUTING)
    def executing(signal: str, task: Any) -> None:
        started[task.id] = time.monotonic()

    @huey.signal(signals.SIGNAL_COMPLETE, signals.SIGNAL_ERROR)
    def finished(signal: str, task: Any, exc: Any = None) -> None:
        began = started.pop(task.id, None)
        if began is not None:
            TASK_SECONDS.labels(name, task.name).observe(time.monotonic() - began)
        if signal == signals.SIGNAL_ERROR:
            TASK_FAILURES.labels(name, task.name).inc()

    @huey.signal(signals.SIGNAL_RETRYING)
    def retrying(signal: str, task: Any) -> None:
        TASK_RETRIES.labels(name, task.name).inc()


def serve(port: int, host: str = "0.0.0.0") -> None:  # noqa: S104 - an internal port, by setting
    """Serve this process's metrics on ``port`` (once per process)."""
    global _server_port
    with _server_lock:
        if _server_port is None:
            start_http_server(port, addr=host)
            _server_port = port
