"""Rubric service: seeds the default rubric into the database and resolves the
rubric version a job is scored with (a job with no rubric uses the default)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from db.engine import Database
from db.repositories import jobs as jobs_repo
from db.repositories import rubrics as repo
from interview.errors import NotFound
from pipelines.rubric import Rubric, load_rubric

log = logging.getLogger(__name__)

DEFAULT_NAME = "default"
NO_RUBRIC = "no rubric has that id: use one of your company's rubrics or the default"


def require_usable_rubric(s: Any, rubric_id: uuid.UUID, company_id: uuid.UUID) -> None:
    """A job scores with its own company's rubric or a global one; another company's reads as missing."""
    rubric = repo.get_rubric(s, rubric_id=rubric_id)
    if rubric is None or rubric.company_id not in (None, company_id):
        raise NotFound(NO_RUBRIC)


@dataclass(frozen=True)
class RubricVersionView:
    rubric_id: uuid.UUID
    version_id: uuid.UUID
    version: int
    rubric: Rubric


class RubricService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def seed_default(self) -> uuid.UUID:
        """Copy ``rubrics/default_rubric.yaml`` into the database as version 1 (active)
        unless it is there already. Safe to call at every start and from many replicas."""
        definition = load_rubric().definition()
        with self.db.session() as s:
            repo.lock_seeding(s)
            rubric = repo.find_rubric(s, name=DEFAULT_NAME, company_id=None)
            if rubric is None:
                rubric = repo.create_rubric(s, name=DEFAULT_NAME, company_id=None)
            if repo.active_version(s, rubric_id=rubric.id) is None:
                repo.add_version(s, rubric_id=rubric.id, definition=definition,
                                 note="seeded from rubrics/default_rubric.yaml", author_id=None, activate=True)
                log.info("default rubric seeded")
            return rubric.id

    def default_id(self) -> uuid.UUID:
        with self.db.session() as s:
            rubric = repo.find_rubric(s, name=DEFAULT_NAME, company_id=None)
            if rubric is not None:
                return rubric.id
        return self.seed_default()

    def active(self, rubric_id: uuid.UUID | None = None) -> RubricVersionView:
        """The active version of a rubric (the default one when ``rubric_id`` is None)."""
        rid = rubric_id or self.default_id()
        with self.db.session() as s:
            version = repo.active_version(s, rubric_id=rid)
            if version is None:
                raise NotFound("this rubric has no active version: activate one in the Prompt Lab")
            return RubricVersionView(rubric_id=rid, version_id=version.id, version=version.version,
                                     rubric=Rubric.from_definition(version.definition))

    def for_job(self, job_id: uuid.UUID) -> RubricVersionView:
        with self.db.session() as s:
            job = jobs_repo.get_job(s, job_id=job_id)
            if job is None:
                raise NotFound("this job does not exist")
            rubric_id = job.rubric_id
        return self.active(rubric_id)

    def version(self, version_id: uuid.UUID) -> RubricVersionView:
        with self.db.session() as s:
            found = repo.get_version(s, version_id=version_id)
            if found is None:
                raise NotFound("this rubric version does not exist")
            return RubricVersionView(rubric_id=found.rubric_id, version_id=found.id, version=found.version,
                                     rubric=Rubric.from_definition(found.definition))
