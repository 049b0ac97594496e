from __future__ import annotations

from pathlib import Path

import pytest

from app import parse_settings


def test_flags_win_over_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "env"))
    settings = parse_settings(["--port", "9100", "--data-dir", str(tmp_path / "flag")])
    assert settings.port == 9100 and settings.host == "0.0.0.0"
    assert settings.data_dir == (tmp_path / "flag").resolve()
    assert settings.embedded_db and settings.embedded_queues
    assert settings.base_url == "http://127.0.0.1:9100"
    assert settings.resolved_model_dir == (tmp_path / "flag" / "models").resolve()


def test_llm_dependent_defaults_follow_the_configured_model() -> None:
    from pipelines.scoring.config import llm_weight
    from pipelines.settings import Settings

    cpu = Settings()
    assert cpu.llm_is_offline_cpu_default and cpu.follow_up_wait_s == 0 and llm_weight(cpu) == 0
    for bigger in (Settings(device="cuda"), Settings(llm_backend="openai"), Settings(llm_model="/models/qwen-awq")):
        assert not bigger.llm_is_offline_cpu_default
        assert bigger.follow_up_wait_s == 8 and llm_weight(bigger) == 0.5
    assert Settings(follow_up_timeout_s=3).follow_up_wait_s == 3
