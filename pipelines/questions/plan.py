"""The question plan: fixed questions first and verbatim, then one question per competency
slot, each built on a different item of this resume (``facts``), in the interviewer's own
words (``wording``), checked (``validate``). That template plan is made in milliseconds, so
the first question never waits for a model; where an LLM is worth asking, ``generate``
writes the slots again and a version that passes the same checks replaces the template.

Pure: the caller passes the LLM, the prompt template and the resume; storing is the caller's.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pipelines.llm import LLM, Messages, generate_structured_batch
from pipelines.llm.templates import file_template, render_messages
from pipelines.questions import wording
from pipelines.questions.facts import ResumeFact, assign, extract_facts
from pipelines.questions.validate import QuestionError, check_plan, check_question, tidy

log = logging.getLogger(__name__)

NO_RESUME_NOTE = "no resume: questions come from the job and talent profile alone"
LANGUAGE_NAMES = {"en": "English", "ko": "Korean (한국어)"}


class QuestionDraft(BaseModel):
    """What the model returns for one question: a planned one or a follow-up."""

    model_config = ConfigDict(extra="ignore")
    text: str = Field(min_length=8, max_length=400)
    rationale: str = Field("", max_length=600)


@dataclass(frozen=True)
class Competency:
    key: str
    name: str
    description: str


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    section: str = ""


@dataclass
class PlanInputs:
    """Everything a plan is made from (JSON-able: it travels to the gpu queue)."""

    job_title: str
    requirements: str
    talent_profile: str
    language: str
    question_count: int
    fixed_questions: list[str]
    competencies: list[Competency]
    resume: list[Chunk]  # the whole resume, in document order
    has_resume: bool
    candidate_names: list[str] = field(default_factory=list)  # never said in a question
    seed: int = 0  # varies the wording between candidates, the same for one session

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanInputs:
        return cls(**{**data, "competencies": [Competency(**c) for c in data["competencies"]],
                      "resume": [Chunk(**c) for c in data["resume"]]})


@dataclass
class PlanItem:
    text: str
    competency: str | None
    source: str  # fixed | generated | template
    cites: list[str] = field(default_factory=list)
    rationale: str = ""
    provenance: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    items: list[PlanItem]
    note: str = ""


def seed_for(value: str) -> int:
    return int(hashlib.sha256(value.encode()).hexdigest()[:8], 16)


def competency_slots(competencies: Sequence[Competency], count: int) -> list[Competency]:
    """``count`` competencies, round-robin over the rubric's order."""
    if count <= 0 or not competencies:
        return []
    return [competencies[i % len(competencies)] for i in range(count)]


def _requirement_items(requirements: str, lang: str) -> list[str]:
    """Short phrases of the job's requirements ("PostgreSQL", "distributed systems")."""
    parts = [p.strip(" .·-") for p in re.split(r"[,;\n/]|\band\b|및|그리고", requirements)]
    return [p for p in parts if 2 <= len(p) <= 40 and len(p.split()) <= 4]


def _talent_values(profile: str) -> list[str]:
    parts = [p.strip(" .·-\"'") for p in re.split(r"[;\n.·]|,(?=\s)", profile)]
    return [p for p in parts if 2 <= len(p) <= 60]


_VALUE_AFFINITY = {
    "ownership": r"own|responsib|accountab|initiative|주인|책임|주도|오너",
    "collaboration": r"team|together|collab|trust|respect|협업|협력|존중|함께",
    "communication": r"communicat|clear|transparen|소통|전달|투명",
    "problem_solving": r"problem|solve|curious|data|challenge|문제|해결|데이터|도전|집요",
    "job_knowledge": r"learn|grow|expert|craft|quality|배움|성장|전문|학습|품질",
}


def _value_for(competency: str, values: Sequence[str]) -> str:
    rx = _VALUE_AFFINITY.get(competency)
    return next((v for v in values if rx and re.search(rx, v, re.IGNORECASE)), "")


@dataclass(frozen=True)
class Slot:
    competency: Competency
    fact: ResumeFact | None
    value: str  # a talent-profile value this slot can lead with ("" if none)
    requirement: str  # a job requirement to set the scene when there is no resume item
    job: str = ""  # the job's title, named when nothing else is


def _pairs(leads: Sequence[str], asks: Sequence[str], seed: int) -> list[str]:
    """Every lead with every ask, both lists rotated by ``seed`` (this session's order)."""
    return [f"{leads[(seed + a) % len(leads)]} {asks[(seed + b) % len(asks)]}".strip()
            for a in range(len(leads)) for b in range(len(asks))]


def _candidates(slot: Slot, inputs: PlanInputs, index: int) -> list[str]:
    """Every wording of one slot's question, in this session's preferred order."""
    lang = "ko" if inputs.language == "ko" else "en"
    asks = wording.ASKS[lang].get(slot.competency.key) or wording.ASKS[lang]["problem_solving"]
    seed = inputs.seed + index
    if slot.fact is not None and slot.fact.kind != "role":
        found = _pairs(wording.anchors(slot.fact, lang), asks["about"], seed)
    elif slot.fact is not None:
        found = _pairs(wording.anchors(slot.fact, lang), [wording.open_ask(a, lang, "role") for a in asks["open"]],
                       seed)
    else:
        opens = [wording.open_ask(ask, lang, "none") for ask in asks["open"]]
        role_lead = wording.ROLE_LEADS[lang].get(slot.competency.key, "")
        if slot.requirement:
            leads = [wording.job_lead(lang, inputs.job_title, slot.requirement, seed + k) for k in range(3)]
        else:  # a company value, when there is one, sets the scene by itself
            leads = [wording.fill_particles(role_lead.format(job=inputs.job_title), lang)] \
                if role_lead and not slot.value else [""]
        found = _pairs(leads, opens, seed)
    if slot.value:
        bridge = wording.VALUE_LEADS[lang].format(value=slot.value)
        found = [f"{bridge} {text}" for text in found] + found
    return found


def _items(slot: Slot) -> list[str]:
    """What the slot's question must name: its resume item and employer, or the job's words."""
    if slot.fact is not None:
        return [t for t in (slot.fact.text, slot.fact.employer, slot.fact.role, slot.value) if t]
    return [t for t in (slot.requirement, slot.value, slot.job) if t]


def _plan_items(slots: Sequence[Slot]) -> list[str]:
    """Every slot's items: masked when two questions are compared for a shared frame."""
    return [item for slot in slots for item in _items(slot)]


def slots_for(inputs: PlanInputs) -> list[Slot]:
    competencies = competency_slots(inputs.competencies, max(0, inputs.question_count - len(inputs.fixed_questions)))
    facts = extract_facts(inputs.resume, requirements=inputs.requirements, avoid=inputs.candidate_names)
    chosen = assign(facts, [c.key for c in competencies])
    requirements = _requirement_items(inputs.requirements, inputs.language)
    values = _talent_values(inputs.talent_profile)
    slots: list[Slot] = []
    value_used = False
    for index, (competency, fact) in enumerate(zip(competencies, chosen, strict=True)):
        value = "" if value_used else _value_for(competency.key, values)
        value_used = value_used or bool(value)
        technical = competency.key in ("problem_solving", "job_knowledge")
        requirement = requirements[index % len(requirements)] if requirements and fact is None and technical else ""
        slots.append(Slot(competency, fact, value, requirement, inputs.job_title))
    return slots


def template_plan(inputs: PlanInputs) -> Plan:
    """Fixed questions, then one checked template question per slot; instant, no model."""
    items = [PlanItem(text=q.strip(), competency=None, source="fixed", rationale="fixed question of the job")
             for q in inputs.fixed_questions]
    slots = slots_for(inputs)
    texts: list[str] = []
    lang = "ko" if inputs.language == "ko" else "en"
    every_item = _plan_items(slots)
    for index, slot in enumerate(slots):
        text = _pick(_candidates(slot, inputs, index), slot, texts, lang, inputs.candidate_names, every_item)
        texts.append(text)
        items.append(PlanItem(
            text=text, competency=slot.competency.key, source="template",
            cites=[slot.fact.chunk_id] if slot.fact and slot.fact.chunk_id else [],
            rationale=_rationale(slot), provenance={"model": "template", "backend": "template"},
        ))
    notes = [] if inputs.has_resume else [NO_RESUME_NOTE]
    return Plan(items=items, note="; ".join(notes))


def _pick(candidates: Sequence[str], slot: Slot, chosen: Sequence[str], lang: str, names: Sequence[str],
          every_item: Sequence[str]) -> str:
    """The first wording that passes every check and does not echo an earlier question (with
    every slot's items masked, so two questions cannot share one frame around different items)."""
    all_items = _items(slot)
    for text in candidates:
        try:
            check_question(text, language=lang, items=all_items, names=names)
            check_plan([*chosen, text], every_item)
        except QuestionError:
            continue
        return text
    for text in candidates:  # every wording echoes another: take one that is at least a valid question
        try:
            check_question(text, language=lang, items=all_items, names=names)
        except QuestionError:
            continue
        return text
    log.warning("no template wording passed the checks", extra={"fields": {"competency": slot.competency.key}})
    return candidates[0]


def _rationale(slot: Slot) -> str:
    if slot.fact is not None:
        return f"probes {slot.competency.key} through the resume's {slot.fact.kind}: {slot.fact.text[:120]}"
    if slot.requirement:
        return f"probes {slot.competency.key} through the job's requirement {slot.requirement!r}"
    return f"probes {slot.competency.key} with a behavioural question (no resume item left)"


# --- the model's version --------------------------------------------------------------

def slot_variables(inputs: PlanInputs, slot: Slot) -> dict[str, Any]:
    fact = slot.fact
    return {
        "job_title": inputs.job_title, "requirements": inputs.requirements,
        "talent_profile": inputs.talent_profile or "-", "language": inputs.language,
        "language_name": LANGUAGE_NAMES.get(inputs.language, inputs.language),
        "competency_key": slot.competency.key, "competency_name": slot.competency.name,
        "competency_description": slot.competency.description,
        "item": fact.text if fact else "", "item_kind": fact.kind if fact else "",
        "employer": fact.employer if fact else "", "requirement": slot.requirement, "value": slot.value,
        "has_resume": inputs.has_resume,
    }


def question_check(inputs: PlanInputs, slot: Slot) -> Any:
    """The check ``generate_structured`` runs on a draft (the same bar as the templates')."""
    lang = "ko" if inputs.language == "ko" else "en"

    def check(draft: QuestionDraft) -> None:
        draft.text = tidy(draft.text)
        check_question(draft.text, language=lang, items=_items(slot), names=inputs.candidate_names)

    return check


def generate(llm: LLM, inputs: PlanInputs, base: Plan, *, template: str | None = None, prompt_version: int = 0,
             retries: int = 1, max_tokens: int = 160) -> Plan:
    """The model writes every slot's question; one that passes the checks (and keeps the plan
    free of near-duplicates) replaces the template's. Fixed questions are never touched."""
    slots = slots_for(inputs)
    every_item = _plan_items(slots)
    source = template or file_template("question_plan")
    conversations: list[Messages] = [
        render_messages(source, "question_plan", **slot_variables(inputs, s)).with_version(prompt_version or None)
        for s in slots
    ]
    results = generate_structured_batch(llm, conversations, QuestionDraft, retries=retries, max_tokens=max_tokens,
                                        checks=[question_check(inputs, s) for s in slots])
    offset = len(inputs.fixed_questions)
    items = list(base.items)
    replaced = 0
    for index, (slot, result) in enumerate(zip(slots, results, strict=True)):
        draft = result.value
        if draft is None:
            continue
        others = [it.text for j, it in enumerate(items) if j != offset + index and it.competency is not None]
        try:
            check_plan([*others, draft.text], every_item)
        except QuestionError as err:
            log.info("generated question echoes another", extra={"fields": {"error": str(err)[:120]}})
            continue
        last = result.attempts[-1]
        items[offset + index] = PlanItem(
            text=draft.text, competency=slot.competency.key, source="generated",
            cites=[slot.fact.chunk_id] if slot.fact and slot.fact.chunk_id else [],
            rationale=draft.rationale.strip() or _rationale(slot),
            provenance={**last.provenance(), "prompt_version": prompt_version, "attempts": len(result.attempts),
                        "errors": result.errors},
        )
        replaced += 1
    note = base.note
    if slots:
        note = "; ".join(n for n in (base.note, f"{replaced} of {len(slots)} questions written by {llm.model_id}") if n)
    return Plan(items=items, note=note)
