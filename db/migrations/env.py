"""Alembic environment: runs on the connection that ``Database.migrate`` passes in,
or on ``DATABASE_URL`` when the alembic CLI is used (``alembic -c db/alembic.ini``)."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from db.engine import normalise_url
from db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(normalise_url(os.environ["DATABASE_URL"]))
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
