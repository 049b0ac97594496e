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
