"""Render a prompt template from ``rubrics/prompts`` (the file is version 1 of the
prompt); the scoring task uses the database's active version instead."""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from pipelines.rubric import RUBRIC_DIR

PROMPT_DIR = RUBRIC_DIR / "prompts"
_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def render_template(template: str, **variables: Any) -> str:
    return _ENV.from_string(template).render(**variables)


def render_file(name: str, **variables: Any) -> tuple[int, str]:
    """(1, text) for ``rubrics/prompts/<name>.j2``."""
    template = (PROMPT_DIR / f"{name}.j2").read_text(encoding="utf-8")
    return 1, render_template(template, **variables)
