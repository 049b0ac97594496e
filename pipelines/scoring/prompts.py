"""Renderers for the scoring prompt: the file (version 1, used by the bench) or a stored
version (the scoring task reads the active one at the start of each run)."""

from __future__ import annotations

from typing import Any

from pipelines.llm.templates import file_template, render_messages
from pipelines.scoring.llm_scorer import Renderer


def render_file(name: str, **variables: Any) -> tuple[int, list[dict[str, str]]]:
    """(1, messages) for ``rubrics/prompts/<name>.j2``."""
    return 1, render_messages(file_template(name), name, **variables).with_version(1)


def fixed_renderer(version: int, template: str) -> Renderer:
    """A renderer bound to one stored version (the whole run uses the same version)."""
    def render(name: str, **variables: Any) -> tuple[int, list[dict[str, str]]]:
        return version, render_messages(template, name, **variables).with_version(version)
    return render
