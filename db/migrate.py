"""Migrate the external PostgreSQL to the latest schema and exit: ``python -m db.migrate``.

The one-shot ``migrate`` service of ``docker-compose.yml`` runs it before the app and
the workers start. It is the same step the app runs at start-up (``Database.migrate``:
the ``vector`` extension, then Alembic to head, under an advisory lock), so running
it twice, or beside an app that is starting, is harmless.
"""

from __future__ import annotations

import logging
import sys

from db.engine import Database
from pipelines.logs import configure_logging
from pipelines.settings import Settings

log = logging.getLogger("db.migrate")


def main() -> int:
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    if not settings.database_url:
        print("error: set DATABASE_URL: the embedded database is migrated by the app itself",  # noqa: T201
              file=sys.stderr)
        return 2
    db = Database(settings.database_url, pool_size=1)
    try:
        db.migrate()
    except Exception as err:  # noqa: BLE001 - one sentence and a non-zero exit, like the app
        first = (str(err).splitlines() or [type(err).__name__])[0]
        print(f"error: cannot migrate the database: {first}", file=sys.stderr)  # noqa: T201
        return 1
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
