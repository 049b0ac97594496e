"""The LLM scorer: one structured JSON rating per (answer, competency), evidence quotes
verified against the transcript, invalid output retried with the error."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from pipelines.llm import LLM, Generation, generate_structured_batch
from pipelines.rubric import Competency
from pipelines.scoring.text import unverified_quotes

# render(name, **vars) -> (prompt version, chat messages): the template's system and user blocks,
# from a stored version (the Prompt Lab) or the shipped file
Renderer = Callable[..., tuple[int, list[dict[str, str]]]]


class LLMRating(BaseModel):
    model_config = ConfigDict(extra="ignore")
    competency: str
    relevant: bool = True  # the answer addresses the question (not another topic, a list, a recited CV)
    own_actions: list[str] = Field(default_factory=list, max_length=4)  # quotes of what the candidate did
    score: int = Field(ge=1, le=5)
    evidence: list[str] = Field(default_factory=list, max_length=4)
    rationale: str = Field(min_length=1, max_length=1000)


@dataclass(frozen=True)
class LLMItem:
    question: str
    transcript: str  # what the model reads (instruction-like sentences already removed)
    competency: Competency
    lang: str


@dataclass(frozen=True)
class LLMOutcome:
    rating: LLMRating | None
    errors: list[str]
    attempts: list[Generation]


def checker(item: LLMItem) -> Callable[[LLMRating], None]:
    def check(rating: LLMRating) -> None:
        if rating.competency.strip().lower() != item.competency.key:
            raise ValueError(f'"competency" must be "{item.competency.key}"')
        missing = unverified_quotes([*rating.evidence, *rating.own_actions], item.transcript)
        if missing:
            raise ValueError(
                "these evidence quotes are not in the answer, copy them word for word or drop them: "
                + "; ".join(repr(q[:80]) for q in missing)
            )
        if rating.score >= 3 and not rating.evidence:
            raise ValueError("a score of 3 or more needs at least one evidence quote from the answer")
        if rating.score >= 3 and not (rating.relevant and rating.own_actions):
            raise ValueError("a score of 3 or more needs a relevant answer and at least one quote of the "
                             "candidate's own action in own_actions; otherwise the score is 1 or 2")
    return check


def messages_for(item: LLMItem, render: Renderer) -> tuple[int, list[dict[str, str]]]:
    comp = item.competency
    return render(
        "score_answer", competency_key=comp.key, competency_name=comp.name(item.lang),
        competency_description=comp.description(item.lang),
        anchors=[(level, comp.anchor(level, item.lang)) for level in range(1, 6)],
        question=item.question, transcript=item.transcript, lang=item.lang,
    )


def rate(llm: LLM, items: Sequence[LLMItem], render: Renderer, *, retries: int = 2,
         temperature: float = 0.0, max_tokens: int = 480) -> tuple[int, list[LLMOutcome]]:
    """Rate items in one batch per round; returns the prompt version and one outcome per item.
    ``max_tokens`` leaves room for eight quotes and a two-sentence rationale (in Korean too):
    a reply cut short is no JSON at all."""
    built = [messages_for(item, render) for item in items]
    version = built[0][0] if built else 0
    results = generate_structured_batch(
        llm, [messages for _, messages in built], LLMRating, retries=retries, max_tokens=max_tokens,
        temperature=temperature, checks=[checker(item) for item in items],
    )
    return version, [LLMOutcome(rating=r.value, errors=r.errors, attempts=r.attempts) for r in results]
