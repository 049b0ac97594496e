"""The huey instances, one per queue: ``cpu`` (speech to text, parsing) and ``gpu``
(LLM generation and scoring). SQLite files under the data dir when ``REDIS_URL`` is
unset (consumers run in-process as threads), Redis otherwise (consumers are
separate processes: ``python -m pipelines.worker --queue cpu|gpu``)."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from pipelines.logs import pop_context, push_context
from pipelines.metrics import instrument_huey, watch_queues
from pipelines.settings import Settings

log = logging.getLogger(__name__)

QUEUE_NAMES = ("cpu", "gpu")
WORKERS = {"cpu": 2, "gpu": 1}
HEALTH_CHECK_S = 10.0


class InProcessConsumer(Consumer):  # type: ignore[misc]
    """A consumer that runs beside the web server: threads only, no signal handlers
    (uvicorn owns SIGINT/SIGTERM and stops us through ``stop``)."""

    def _set_signal_handlers(self) -> None:
        return None


@dataclass
class Queues:
    hueys: dict[str, Huey]
    redis_url: str = ""
    consumers: dict[str, Consumer] = field(default_factory=dict)
    health_check_s: float = HEALTH_CHECK_S
    _supervisor_stop: threading.Event = field(default_factory=threading.Event)

    def __getitem__(self, name: str) -> Huey:
        return self.hueys[name]

    def start_consumers(self) -> None:
        for name, huey in self.hueys.items():
            consumer = InProcessConsumer(huey, workers=WORKERS[name], worker_type="thread",
                                         periodic=True, shutdown_timeout=30)
            consumer.start()
            self.consumers[name] = consumer
        self._supervisor_stop.clear()
        threading.Thread(target=self._supervise, name="queue-supervisor", daemon=True).start()
        log.info("in-process queue consumers started", extra={"fields": {"queues": list(self.hueys)}})

    def _supervise(self) -> None:
        """Replace dead worker threads. huey does this in ``Consumer.run``, which an
        in-process consumer never enters (the web server owns the main thread)."""
        while not self._supervisor_stop.wait(self.health_check_s):
            for consumer in list(self.consumers.values()):
                consumer.check_worker_health()

    def stop_consumers(self) -> None:
        self._supervisor_stop.set()
        for consumer in self.consumers.values():
            consumer.stop(graceful=True)
        self.consumers.clear()

    def health(self) -> dict[str, Any]:
        report: dict[str, Any] = {}
        for name, huey in self.hueys.items():
            entry: dict[str, Any] = {"backend": "redis" if self.redis_url else "sqlite"}
            try:
                entry["pending"] = huey.pending_count()
                entry["state"] = "ok"
            except Exception as err:  # noqa: BLE001 - reported, not swallowed
                entry.update(state="down", detail=f"{type(err).__name__}: {err}")
            if not self.redis_url:
                entry["consumer"] = _consumer_state(self.consumers.get(name))
            report[name] = entry
        return report


def _consumer_state(consumer: Consumer | None) -> str:
    if consumer is None:
        return "stopped"
    alive = sum(thread.is_alive() for _, thread in consumer.worker_threads)
    if alive == len(consumer.worker_threads):
        return "running"
    return f"restarting ({alive} of {len(consumer.worker_threads)} workers alive)"


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

def log_task_context(huey: Huey) -> None:
    """Every log line of a running task carries its task id and name, and the session id when
    the task's first argument is one (huey signals run on the task's thread, around it)."""
    from huey import signals

    tokens: dict[str, Any] = {}

    @huey.signal(signals.SIGNAL_EXECUTING)
    def executing(signal: str, task: Any) -> None:
        first = str(task.args[0]) if task.args else ""
        session = first if _UUID.fullmatch(first) else None
        tokens[task.id] = push_context(task_id=task.id, task=task.name, session_id=session)

    @huey.signal(signals.SIGNAL_COMPLETE, signals.SIGNAL_ERROR)
    def finished(signal: str, task: Any, exc: Any = None) -> None:
        token = tokens.pop(task.id, None)
        if token is not None:
            pop_context(token)


def make_queues(settings: Settings) -> Queues:
    hueys: dict[str, Huey] = {}
    for name in QUEUE_NAMES:
        if settings.redis_url:
            hueys[name] = RedisHuey(f"interview-{name}", url=settings.redis_url, utc=True)
        else:
            path = settings.data_dir / "queues" / f"{name}.db"
            path.parent.mkdir(parents=True, exist_ok=True)
            hueys[name] = SqliteHuey(name, filename=str(path), utc=True)
        instrument_huey(name, hueys[name])  # task duration, failures, retries where tasks run
        log_task_context(hueys[name])
    watch_queues(hueys)
    return Queues(hueys=hueys, redis_url=settings.redis_url)
