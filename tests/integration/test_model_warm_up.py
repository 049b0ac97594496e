"""Model warm-up: the app loads its models in the background at start-up (WARM_UP_MODELS), so the
first candidate does not wait for the CPU LLM to load; a model that fails to load is logged and
skipped, never fatal. The suite turns warm-up off elsewhere (conftest) to spare the CPU."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import httpx
import pytest

from pipelines.models import WORKER_MODELS, ModelRegistry, warm_up_names
from pipelines.settings import Settings
from tests.conftest import running_app


def test_warm_up_loads_in_the_background_and_skips_a_failing_model(
        settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    broken = settings.model_copy(update={"stt_model_en": str(tmp_path / "no-such-model")})
    registry = ModelRegistry(broken)
    with caplog.at_level(logging.WARNING, logger="pipelines.models"):
        registry.warm_up(["stt_en", "vad", "face"]).join(timeout=120)
    assert registry.is_loaded("vad") and registry.is_loaded("face")
    assert not registry.is_loaded("stt_en")
    assert any(getattr(r, "fields", {}).get("model") == "stt_en" for r in caplog.records), caplog.records
    vad = registry.get("vad")
    assert registry.get("vad") is vad  # loaded once, reused


def test_each_process_warms_what_it_runs() -> None:
    in_process = warm_up_names(in_process_queues=True)
    assert in_process[-1] == "llm" and set(WORKER_MODELS["cpu"]) <= set(in_process)  # the slow one last
    assert "llm" not in warm_up_names(in_process_queues=False)  # with Redis the gpu worker loads it
    assert WORKER_MODELS["gpu"] == ("sentence_encoder", "llm")  # scoring: relevance (en/ko), then the LLM


def test_app_is_warm_before_the_first_interview(tmp_path: Path, database_url: str) -> None:
    """``python app.py`` with WARM_UP_MODELS on (its default): /healthz shows every model loaded
    without any request having used one."""
    with running_app(tmp_path, database_url, WARM_UP_MODELS="true") as app:
        base = app.base
        deadline = time.monotonic() + 420
        models: dict[str, dict[str, str]] = {}
        while time.monotonic() < deadline:
            models = httpx.get(base + "/healthz", timeout=10).json()["models"]
            if all(m["state"] == "loaded" for m in models.values()):
                return
            time.sleep(2)
    pytest.fail(f"models not warm after 420 s: {models}")
