"""The one LLM layer: ``Generation``, the ``LLM`` protocol, structured output, and
``load_llm`` (the model registry's loader for ``"llm"``, where optional LangSmith tracing
wraps every backend). Heavy libraries are imported only when a backend loads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines.llm.core import (
    LLM,
    Generation,
    LLMError,
    Messages,
    PromptMessages,
    PromptTag,
    StructuredResult,
    extract_json,
    generate_structured,
    generate_structured_batch,
    json_schema_for,
    parse_structured,
    prompt_of,
)

if TYPE_CHECKING:
    from pipelines.settings import Settings

__all__ = [
    "LLM", "Generation", "LLMError", "Messages", "PromptMessages", "PromptTag", "StructuredResult", "extract_json",
    "generate_structured", "generate_structured_batch", "json_schema_for", "load_llm", "parse_structured", "prompt_of",
    "resolve_backend",
]


def resolve_backend(location: str, settings: Settings) -> str:
    """``LLM_BACKEND``, with ``auto`` resolved: a ``.gguf`` file runs on llama.cpp, anything
    else (a checkpoint directory) on transformers. On cuda a GGUF stays with transformers,
    which puts it on the GPU: the llama.cpp wheel here is CPU-only."""
    if settings.llm_backend != "auto":
        return settings.llm_backend
    gguf = location.lower().endswith(".gguf")
    return "llamacpp" if gguf and settings.device == "cpu" else "transformers"


def load_llm(location: str, settings: Settings) -> LLM:
    """The registry's loader: ``LLM_BACKEND`` picks the backend; ``location`` is the local
    model file or dir, or the served model name (openai). Every model it returns goes through
    ``pipelines.tracing.traced``: with LANGSMITH_API_KEY set each call is traced, without it the
    backend comes back as it is."""
    from pipelines.tracing import traced

    return traced(_load_backend(location, settings), settings)


def _load_backend(location: str, settings: Settings) -> LLM:
    backend = resolve_backend(location, settings)
    if backend == "openai":
        from pipelines.llm.remote import load_openai

        return load_openai(location, settings)
    if backend == "llamacpp":
        from pipelines.llm.llamacpp import load_llamacpp

        return load_llamacpp(location, settings)
    from pipelines.llm.local import load_transformers

    return load_transformers(location, settings)
