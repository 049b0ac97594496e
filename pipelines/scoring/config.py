"""Scoring choices that follow from the settings."""

from __future__ import annotations

from pipelines.settings import Settings


def llm_weight(settings: Settings) -> float:
    """``SCORING_LLM_WEIGHT`` when set; else 0 for the offline CPU GGUF default (too slow on
    2 cores for every answer and moved by injected instructions, DESIGN.md) and 0.5 when a
    bigger model is configured (cuda, the openai backend, or an explicit ``LLM_MODEL``)."""
    if settings.scoring_llm_weight is not None:
        return settings.scoring_llm_weight
    return 0.0 if settings.llm_is_offline_cpu_default else 0.5
