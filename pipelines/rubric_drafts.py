"""Drafts of company competencies from a talent profile (인재상): one competency per value, with
five behavioural anchors in English and Korean, to be read, edited and saved by a person as a
new rubric version (nothing here is stored).

With a capable LLM the model writes them (prompt ``draft_competencies``, held to the rubric's own
schema, retried on an invalid reply); without one, or when the model gives no valid draft, a
template writes a plain skeleton whose anchors follow the default rubric's ladder (no example;
a vague one; own actions and a result; how they decided and a measured result; reflection and a
lasting change) around the value's own words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from pipelines.llm import LLM, generate_structured
from pipelines.questions.wording import ko_particle
from pipelines.rubric import Competency, Rubric

Render = Callable[..., list[dict[str, str]]]
MAX_VALUES = 8
_SPLIT = re.compile(r"[\n;·•|/]|(?<!\d),(?!\d)|\s+-\s+|^\s*[-*]\s*", re.MULTILINE)


def profile_values(talent_profile: str) -> list[str]:
    """The values of a talent profile written as a list ("Owns outcomes; learns fast", one per
    line, bullets, "·"): at most ``MAX_VALUES``, duplicates dropped, trailing periods trimmed."""
    values: list[str] = []
    for part in _SPLIT.split(talent_profile or ""):
        value = part.strip(" .。\t")
        if 1 < len(value) <= 120 and value.casefold() not in {v.casefold() for v in values}:
            values.append(value)
    return values[:MAX_VALUES]


class _Text(BaseModel):
    en: str = Field(min_length=3, max_length=400)
    ko: str = Field(min_length=2, max_length=400)


class _Drafted(BaseModel):
    key: str
    value: str = ""
    name: _Text
    description: _Text
    anchors: dict[str, _Text]


class _Draft(BaseModel):
    competencies: list[_Drafted] = Field(min_length=1, max_length=MAX_VALUES)


def _competency(d: _Drafted) -> Competency:
    return Competency.model_validate({"key": d.key, "weight": 1.0, "name": d.name.model_dump(),
                                      "description": d.description.model_dump(),
                                      "anchors": {int(k): v.model_dump() for k, v in d.anchors.items()}})


def _checker(values: Sequence[str], existing: Sequence[str]) -> Callable[[_Draft], None]:
    def check(draft: _Draft) -> None:
        keys = [c.key for c in draft.competencies]
        if len(draft.competencies) != len(values):
            raise ValueError(f"write exactly {len(values)} competencies, one per value, not {len(draft.competencies)}")
        if len(set(keys)) != len(keys) or set(keys) & set(existing):
            raise ValueError(f"keys must be unique and not one of {', '.join(existing)}; got {', '.join(keys)}")
        for drafted in draft.competencies:
            if sorted(drafted.anchors) != ["1", "2", "3", "4", "5"]:
                raise ValueError(f"{drafted.key}: anchors need exactly the levels 1 to 5")
            try:
                _competency(drafted)
            except ValidationError as err:
                raise ValueError(f"{drafted.key}: {err.errors()[0]['msg']}") from err
            if not re.search(r"[\uac00-\ud7a3]", drafted.anchors["3"].ko + drafted.name.ko):
                raise ValueError(f"{drafted.key}: the Korean texts must be written in Korean")
    return check


def draft_with_llm(llm: LLM, render: Render, *, company: str, talent_profile: str, requirements: str,
                   existing: Sequence[str], retries: int = 2) -> tuple[list[Competency], list[str]]:
    """(competencies, errors): the model's draft, checked; [] with the errors when none was valid."""
    values = profile_values(talent_profile)
    if not values:
        return [], ["the talent profile lists no values"]
    messages = render("draft_competencies", company=company, talent_profile=talent_profile,
                      requirements=requirements, values=values, existing=list(existing))
    result = generate_structured(llm, messages, _Draft, retries=retries, max_tokens=3000,
                                 check=_checker(values, existing))
    if result.value is None:
        return [], list(result.errors)
    return [_competency(d) for d in result.value.competencies], []


def _key(value: str, taken: set[str]) -> str:
    ascii_words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", value).lower())
    base = "_".join(ascii_words[:4]) if ascii_words and ascii_words[0][0].isalpha() else "value"
    key, n = base[:50], 2
    while key in taken:
        key, n = f"{base[:46]}_{n}", n + 1
    taken.add(key)
    return key


_LADDER = {
    1: ("No example of {v} is given: the answer is empty, off-topic, or only general statements.",
        "{v}에 대한 사례가 없다. 답이 비어 있거나 질문과 무관하거나 일반론뿐이다."),
    2: ("Mentions {v}, but the example is vague or second-hand: no steps of their own, no result.",
        "{v}{eul} 언급하지만 사례가 모호하거나 남의 일이다. 본인의 구체적 행동과 결과가 없다."),
    3: ("Tells a real situation showing {v}, with the actions they took themselves and a result.",
        "{v}{i} 드러나는 실제 상황과 본인이 직접 한 행동, 그리고 결과를 말한다."),
    4: ("All of 3, plus why they acted as they did and a concrete, measured result.",
        "3의 모든 것에 더해 그렇게 행동한 이유와 수치로 확인된 구체적 결과를 말한다."),
    5: ("All of 4, plus what they learned and a lasting change they made in how they or their team work.",
        "4의 모든 것에 더해 배운 점과, 본인이나 팀의 일하는 방식에 남긴 지속적인 변화를 말한다."),
}


def draft_from_template(talent_profile: str, existing: Sequence[str]) -> list[Competency]:
    """A skeleton per value, in the value's own words (the same text in both languages, as the
    recruiter wrote it), for a person to finish."""
    taken = set(existing)
    out = []
    for value in profile_values(talent_profile):
        out.append(Competency.model_validate({
            "key": _key(value, taken), "weight": 1.0, "name": {"en": value, "ko": value},
            "description": {"en": f"Shows in real situations: {value}.", "ko": f"실제 상황에서 드러나는 모습: {value}."},
            "anchors": {level: {"en": en.format(v=value),
                                "ko": ko.format(v=value, eul=ko_particle(value, "을/를"), i=ko_particle(value, "이/가"))}
                        for level, (en, ko) in _LADDER.items()},
        }))
    return out


def with_competencies(base: Rubric, added: Sequence[Competency], *, name: str) -> dict[str, Any]:
    """``base``'s definition with ``added`` appended and ``name``: what a person edits and saves
    as a new version (it always validates)."""
    data: dict[str, Any] = base.model_dump(by_alias=True)
    data["name"] = name
    data["competencies"] = [*data["competencies"], *(c.model_dump(by_alias=True) for c in added)]
    return Rubric.model_validate(data).definition()
