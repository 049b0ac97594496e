"""The one LLM layer: ``Generation``, the ``LLM`` protocol, structured output, and
``load_llm`` (the model registry's loader for ``"llm"``). Heavy libraries are
imported only when a backend loads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines.llm.core import (
    LLM,
    Generation,
    LLMError,
    Messages,
    StructuredResult,
    extract_json,
    generate_structured,
    generate_structured_batch,
    parse_structured,
)

if TYPE_CHECKING:
    from pipelines.settings import Settings

__all__ = [
    "LLM", "Generation", "LLMError", "Messages", "StructuredResult", "extract_json", "generate_structured",
    "generate_structured_batch", "load_llm", "parse_structured",
]


def load_llm(location: str, settings: Settings) -> LLM:
    """The registry's loader: ``LLM_BACKEND`` picks the backend; ``location`` is the local
    model file/dir (transformers) or the served model name (openai)."""
    if settings.llm_backend == "openai":
        from pipelines.llm.remote import load_openai

        return load_openai(location, settings)
    from pipelines.llm.local import load_transformers

    return load_transformers(location, settings)
