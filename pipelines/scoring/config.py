"""Scoring choices that follow from the settings."""

from __future__ import annotations

from pipelines.settings import Settings


def llm_weight(settings: Settings) -> float:
    """``SCORING_LLM_WEIGHT`` when set; else 0 for the offline CPU GGUF default (too slow on
    2 cores for every answer and moved by injected instructions, DESIGN.md) and 0.5 when a
    bigger model is configured (cuda, the openai backend, or an explicit ``LLM_MODEL``)."""
    if settings.scoring_llm_weight is not None:
        return settings.scoring_llm_weight
    bigger = settings.device == "cuda" or settings.llm_backend == "openai" or bool(settings.llm_model)
    return 0.5 if bigger else 0.0
