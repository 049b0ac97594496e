"""Rubrics: behaviourally anchored rating scales (data in ``rubrics/*.yaml``).

A rubric is validated with pydantic when loaded from a file or from a stored
version (``rubric_versions.definition`` holds the same dict), so a malformed
edit fails with a message naming the field rather than at scoring time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

RUBRIC_DIR = Path(__file__).resolve().parent.parent / "rubrics"
SCORE_LEVELS = (1, 2, 3, 4, 5)
LANGS = ("en", "ko")


class Localized(BaseModel):
    """A text in English and Korean."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str = Field(min_length=1)
    ko: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


class Competency(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{1,60}$")
    weight: float = Field(1.0, ge=0)
    title: Localized = Field(alias="name")
    about: Localized = Field(alias="description")
    anchors: dict[int, Localized]

    @field_validator("anchors")
    @classmethod
    def _five_levels(cls, value: dict[int, Localized]) -> dict[int, Localized]:
        if sorted(value) != list(SCORE_LEVELS):
            raise ValueError(f"anchors need exactly the levels 1 to 5, got {sorted(value)}")
        return value

    def name(self, lang: str = "en") -> str:
        return self.title.get(lang)

    def description(self, lang: str = "en") -> str:
        return self.about.get(lang)

    def anchor(self, level: int, lang: str = "en") -> str:
        return self.anchors[level].get(lang)


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = "default"
    version: int = 1
    delivery_weight: float = Field(0.0, ge=0)
    behavior_weight: float = Field(0.0, ge=0)
    competencies: list[Competency] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_keys(self) -> Rubric:
        keys = [c.key for c in self.competencies]
        if len(set(keys)) != len(keys):
            raise ValueError(f"competency keys must be unique, got {keys}")
        if sum(c.weight for c in self.competencies) <= 0:
            raise ValueError("at least one competency needs a weight above 0")
        return self

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.competencies]

    def competency(self, key: str) -> Competency:
        for comp in self.competencies:
            if comp.key == key:
                return comp
        raise KeyError(f"the rubric has no competency {key!r}; it has {self.keys}")

    def weights(self) -> dict[str, float]:
        return {c.key: c.weight for c in self.competencies}

    def definition(self) -> dict[str, Any]:
        """The JSON-able dict stored in ``rubric_versions.definition``."""
        return self.model_dump(mode="json", by_alias=True)

    @classmethod
    def from_definition(cls, definition: dict[str, Any]) -> Rubric:
        return cls.model_validate(definition)


def default_rubric_path() -> Path:
    return RUBRIC_DIR / "default_rubric.yaml"


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and validate a rubric YAML file (the default one when no path is given)."""
    source = Path(path) if path else default_rubric_path()
    with source.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{source} does not hold a rubric mapping")
    return Rubric.model_validate(data)
