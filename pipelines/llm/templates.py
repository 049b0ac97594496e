"""Rendering prompt templates (Jinja2, sandboxed, strict) into chat messages.

A template may define ``{% block system %}`` and ``{% block user %}``: ``render_messages``
turns them into a system and a user message; a template without blocks is one user
message. Resume, job and answer text go through the ``data`` filter, which defangs
tag-like markup so a document cannot close its fence (``</resume>``) or open another.
The templates themselves live in ``rubrics/prompts/`` and, versioned, in the database
(``interview.prompts.PromptStore``).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from pipelines.llm.core import PromptMessages, PromptTag

PROMPT_DIR = Path(__file__).resolve().parent.parent.parent / "rubrics" / "prompts"
_TAG = re.compile(r"<\s*/?\s*[A-Za-z_][\w-]*\s*>")


class TemplateError(ValueError):
    """A template does not parse or uses a variable it is not given; the message says where."""


def fence_data(value: Any) -> str:
    """Text for inside a fence: tag-like markup is defanged so it cannot end the fence."""
    return _TAG.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), str(value))


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.filters["data"] = fence_data
    return env


def compile_template(template: str, name: str = "prompt") -> Template:
    try:
        return environment().from_string(template)
    except TemplateSyntaxError as err:
        raise TemplateError(f"the prompt {name!r} does not parse at line {err.lineno}: {err.message}") from err


def render_text(template: str, name: str = "prompt", **variables: Any) -> str:
    compiled = compile_template(template, name)
    try:
        return str(compiled.render(**variables)).strip()
    except UndefinedError as err:
        raise TemplateError(f"the prompt {name!r} uses a variable it is not given: {err.message}") from err


def template_sha(template: str) -> str:
    """A short hash of a template's text: names its version in traces even where the number is unknown."""
    return hashlib.sha256(template.encode("utf-8")).hexdigest()[:12]


def render_messages(template: str, name: str = "prompt", **variables: Any) -> PromptMessages:
    """Chat messages tagged with the prompt's name and template hash (a caller that knows the
    stored version adds it: ``.with_version(n)``)."""
    tag = PromptTag(name=name, sha=template_sha(template))
    compiled = compile_template(template, name)
    if "user" not in compiled.blocks:
        return PromptMessages([{"role": "user", "content": render_text(template, name, **variables)}], tag)
    messages = PromptMessages(prompt=tag)
    try:
        for role in ("system", "user"):
            if role in compiled.blocks:
                text = "".join(compiled.blocks[role](compiled.new_context(dict(variables)))).strip()
                messages.append({"role": role, "content": text})
    except UndefinedError as err:
        raise TemplateError(f"the prompt {name!r} uses a variable it is not given: {err.message}") from err
    return messages


def file_template(name: str, directory: Path = PROMPT_DIR) -> str:
    """Version 1 of a prompt, as shipped in ``rubrics/prompts/<name>.j2``."""
    return (directory / f"{name}.j2").read_text(encoding="utf-8")
