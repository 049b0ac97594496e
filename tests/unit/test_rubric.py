"""The default rubric loads, validates, and is seeded once into the database."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from db.engine import Database
from db.models import RubricVersion
from interview.rubrics import RubricService
from pipelines.rubric import Rubric, default_rubric_path, load_rubric


def test_default_rubric_has_bilingual_anchors_for_every_level() -> None:
    rubric = load_rubric(default_rubric_path())
    assert rubric.keys == ["problem_solving", "ownership", "collaboration", "communication", "job_knowledge"]
    assert rubric.delivery_weight == 0 and rubric.behavior_weight == 0
    ownership = rubric.competency("ownership")
    assert ownership.name("ko") == "주도성" and ownership.name("en") == "Ownership"
    for comp in rubric.competencies:
        assert comp.weight > 0
        for level in range(1, 6):
            assert comp.anchor(level, "en") and comp.anchor(level, "ko")
            assert comp.anchor(level, "en") != comp.anchor(level, "ko")


def test_rubric_round_trips_through_its_stored_definition() -> None:
    rubric = load_rubric()
    assert Rubric.from_definition(rubric.definition()) == rubric


def test_missing_anchor_level_is_rejected_with_the_levels_named(tmp_path: Path) -> None:
    data = yaml.safe_load(default_rubric_path().read_text(encoding="utf-8"))
    del data["competencies"][0]["anchors"][5]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError, match="levels 1 to 5"):
        load_rubric(path)


def test_seed_is_idempotent_and_unknown_job_rubric_falls_back_to_default(db: Database) -> None:
    service = RubricService(db)
    first = service.seed_default()
    second = service.seed_default()
    assert first == second
    with db.session() as s:
        versions = s.query(RubricVersion).filter_by(rubric_id=first).all()
    assert [(v.version, v.is_active) for v in versions] == [(1, True)]
    active = service.active(None)
    assert active.version == 1 and active.rubric == load_rubric()
