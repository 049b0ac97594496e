"""A queue consumer process: ``python -m pipelines.worker --queue cpu|gpu``.

Used when ``REDIS_URL`` is set (production, docker compose). It opens the same
database as the app (``DATABASE_URL``, or the embedded server under ``DATA_DIR``,
which it adopts) and loads its queue's models in the background at start-up
(``WARM_UP_MODELS``), else lazily on first use.
"""

from __future__ import annotations

import argparse
import logging
import sys

from pipelines.logs import configure_logging
from pipelines.queues import WORKERS, make_queues
from pipelines.settings import Settings
from pipelines.tasks import TaskRuntime, bind_tasks

log = logging.getLogger("pipelines.worker")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queue", choices=("cpu", "gpu"), required=True)
    parser.add_argument("--workers", type=int, default=0, help="threads (default: cpu 2, gpu 1)")
    args = parser.parse_args(argv)
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
    models = ModelRegistry(settings)
    rt = TaskRuntime(settings=settings, db=Database(url, pool_size=2), models=models, queues=queues)
    bind_tasks(rt)
    if settings.warm_up_models:
        models.warm_up(WORKER_MODELS[args.queue])
    consumer = Consumer(queues[args.queue], workers=args.workers or WORKERS[args.queue],
                        worker_type="thread", shutdown_timeout=30)
    log.info("worker starting", extra={"fields": {"queue": args.queue}})
    consumer.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
