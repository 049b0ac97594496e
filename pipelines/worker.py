"""A queue consumer process: ``python -m pipelines.worker --queue cpu|gpu``.

Used when ``REDIS_URL`` is set (production, docker compose). It opens the same
database as the app (``DATABASE_URL``, or the embedded server under ``DATA_DIR``,
which it adopts) and loads its queue's models in the background at start-up
(``WARM_UP_MODELS``), else lazily on first use.

While its worker threads and scheduler are alive and its queue answers, it touches a
heartbeat file every ``HEARTBEAT_S``; ``python -m pipelines.worker --queue cpu --check``
(the containers' ``HEALTHCHECK``) exits 0 only while that file is fresh.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from pipelines.logs import configure_logging
from pipelines.queues import WORKERS, make_queues
from pipelines.settings import Settings
from pipelines.tasks import TaskRuntime, bind_tasks

log = logging.getLogger("pipelines.worker")

HEARTBEAT_S = 15.0
STALE_AFTER_S = 60.0  # four missed beats


def heartbeat_path(queue: str) -> Path:
    return Path(tempfile.gettempdir()) / f"ai-interview-worker-{queue}.alive"


def consumer_alive(consumer: Any) -> bool:
    """Every worker thread and the scheduler are running, and the queue's store answers."""
    if consumer.stop_flag.is_set() or not consumer.worker_threads:
        return False
    if not all(thread.is_alive() for _, thread in consumer.worker_threads) or not consumer.scheduler.is_alive():
        return False
    try:
        consumer.huey.pending_count()
    except Exception:  # noqa: BLE001 - any failure to reach the queue means not healthy
        return False
    return True


def beat(consumer: Any, path: Path, stop: threading.Event, interval: float = HEARTBEAT_S) -> None:
    """Touch ``path`` each ``interval`` while the consumer is alive (runs on a daemon thread)."""
    while True:
        if consumer_alive(consumer):
            path.touch()
        if stop.wait(interval):
            return


def check(queue: str, *, max_age: float = STALE_AFTER_S, now: float | None = None) -> int:
    """0 when the queue's heartbeat is fresher than ``max_age`` seconds, else 1 (with a reason)."""
    path = heartbeat_path(queue)
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except FileNotFoundError:
        print(f"unhealthy: no heartbeat at {path}", file=sys.stderr)  # noqa: T201
        return 1
    if age > max_age:
        print(f"unhealthy: last heartbeat {age:.0f} s ago", file=sys.stderr)  # noqa: T201
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queue", choices=("cpu", "gpu"), required=True)
    parser.add_argument("--workers", type=int, default=0, help="threads (default: cpu 2, gpu 1)")
    parser.add_argument("--check", action="store_true",
                        help="health check: exit 0 if this queue's consumer beat in the last minute")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.queue)
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    if not settings.redis_url:
        print("error: set REDIS_URL: without it the app runs its own in-process consumers",  # noqa: T201
              file=sys.stderr)
        return 2

    from huey.consumer import Consumer

    from db.embedded import EmbeddedPostgres
    from db.engine import Database
    from pipelines.models import WORKER_MODELS, ModelRegistry

    url = settings.database_url or EmbeddedPostgres(settings.data_dir).start()
    queues = make_queues(settings)
    if settings.metrics_port:  # one scrape target per worker process
        from pipelines.metrics import serve

        serve(settings.metrics_port)
    models = ModelRegistry(settings)
    rt = TaskRuntime(settings=settings, db=Database(url, pool_size=2), models=models, queues=queues)
    bind_tasks(rt)
    if settings.warm_up_models:
        models.warm_up(WORKER_MODELS[args.queue])
    consumer = Consumer(queues[args.queue], workers=args.workers or WORKERS[args.queue],
                        worker_type="thread", shutdown_timeout=30)
    heartbeat = heartbeat_path(args.queue)
    heartbeat.unlink(missing_ok=True)  # a restarted container keeps /tmp: never report an old beat
    stop = threading.Event()
    threading.Thread(target=beat, args=(consumer, heartbeat, stop), name="heartbeat", daemon=True).start()
    log.info("worker starting", extra={"fields": {"queue": args.queue}})
    try:
        consumer.run()
    finally:
        stop.set()
        heartbeat.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
