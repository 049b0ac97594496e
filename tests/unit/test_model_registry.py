from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pipelines.model_files import ModelFileMissing
from pipelines.models import ModelRegistry
from pipelines.settings import Settings
from tests.conftest import shared_model_dir


def _settings(tmp_path: Path, **kw: str) -> Settings:
    return Settings(data_dir=tmp_path, model_dir=shared_model_dir(), **kw)


def test_offline_defaults_resolve_without_a_hub(tmp_path: Path) -> None:
    status = ModelRegistry(_settings(tmp_path)).status()
    assert set(status) >= {"stt_en", "stt_multi", "embedder", "face", "tts_en", "llm"}
    assert all(entry["state"] == "not loaded" for entry in status.values()), status
    assert Path(status["stt_multi"]["location"], "model.bin").stat().st_size > 100_000_000
    assert status["llm"]["location"].endswith(".gguf")


def test_missing_model_names_the_setting(tmp_path: Path) -> None:
    registry = ModelRegistry(_settings(tmp_path, face_model=str(tmp_path / "nope.task")))
    with pytest.raises(ModelFileMissing, match="FACE_MODEL"):
        registry.get("face")
    assert registry.status()["face"] == {
        "state": "missing", "setting": "FACE_MODEL",
        "detail": f"face: model file {tmp_path / 'nope.task'} does not exist; fix FACE_MODEL"}


def test_a_model_loads_once_across_threads(tmp_path: Path) -> None:
    registry = ModelRegistry(_settings(tmp_path))
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(registry.get("face"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(r) for r in results}) == 1 and registry.is_loaded("face")
    assert registry.status()["face"]["state"] == "loaded"
