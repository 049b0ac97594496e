"""Renderers for the scoring prompt: the file (version 1, used by the bench) or a stored
version (the scoring task reads the active one at the start of each run)."""

from __future__ import annotations

from typing import Any

from pipelines.llm.templates import file_template, render_text
from pipelines.scoring.llm_scorer import Renderer


def render_file(name: str, **variables: Any) -> tuple[int, str]:
    """(1, text) for ``rubrics/prompts/<name>.j2``."""
    return 1, render_text(file_template(name), name, **variables)


def fixed_renderer(version: int, template: str) -> Renderer:
    """A renderer bound to one stored version (the whole run uses the same version)."""
    def render(name: str, **variables: Any) -> tuple[int, str]:
        return version, render_text(template, name, **variables)
    return render
