"""Prompt templates: Jinja2 files in ``rubrics/prompts/`` seeded into ``prompt_versions``
as version 1, then edited there (the Prompt Lab). Callers read the active version at
call time, so an activation takes effect for the next task without a restart, and
store the version number with what the prompt produced."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from db.engine import Database
from db.repositories import prompts as repo
from interview.errors import InvalidInput, NotFound
from pipelines.llm.templates import PROMPT_DIR, TemplateError, render_messages, render_text

log = logging.getLogger(__name__)


class PromptStore:
    def __init__(self, db: Database, directory: Path = PROMPT_DIR) -> None:
        self.db = db
        self.directory = directory

    def seed(self) -> list[str]:
        """Every ``*.j2`` whose name has no version yet becomes version 1, active; a changed file
        becomes the next version when the active one is a shipped one (an upgrade never overrides
        a version ML staff activated). Returns the names seeded or updated."""
        seeded = []
        for path in sorted(self.directory.glob("*.j2")):
            text = path.read_text(encoding="utf-8")
            with self.db.session() as s:
                if repo.seed_version_one(s, name=path.stem, template=text,
                                         note=f"seeded from rubrics/prompts/{path.name}") or repo.ship_update(
                        s, name=path.stem, template=text, note=f"shipped with the app: rubrics/prompts/{path.name}"):
                    seeded.append(path.stem)
        if seeded:
            log.info("prompts seeded", extra={"fields": {"names": seeded}})
        return seeded

    def active(self, name: str) -> tuple[int, str]:
        """(version, template) of the active version."""
        with self.db.session() as s:
            found = repo.active_version(s, name=name)
            if found is None:
                raise NotFound(f"the prompt {name!r} has no active version: add rubrics/prompts/{name}.j2 "
                               "or activate a version in the Prompt Lab")
            return found.version, found.template

    def render(self, name: str, **variables: Any) -> tuple[int, str]:
        """The active version rendered as one text (StrictUndefined: a missing variable is an error)."""
        version, template = self.active(name)
        try:
            return version, render_text(template, name, **variables)
        except TemplateError as err:
            raise InvalidInput(str(err)) from err

    def messages(self, name: str, **variables: Any) -> tuple[int, list[dict[str, str]]]:
        """The active version rendered as chat messages (its system and user blocks)."""
        version, template = self.active(name)
        try:
            return version, render_messages(template, name, **variables)
        except TemplateError as err:
            raise InvalidInput(str(err)) from err
