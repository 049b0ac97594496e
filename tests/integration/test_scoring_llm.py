"""The LLM-blended scoring path end to end (the production default on cuda/openai, weight
0.5): finish → the scoring task on the real queue → a judge behind a real HTTP chat
server on 127.0.0.1 → evaluations stored → the report. The judge is scripted per answer:
an honest rating, one that invents a quote once, one that always invents quotes, one that
never returns JSON, one fooled by a "we" story, one that finds an answer off-topic."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from db.models import Evaluation
from pipelines.models import ModelRegistry
from pipelines.rubric import load_rubric
from pipelines.scoring.blend import Blend
from pipelines.scoring.domain import DomainScorer
from pipelines.scoring.engine import AnswerInput, Scorer, round_score
from pipelines.scoring.text import quote_in_transcript
from pipelines.scoring.text_model import TextModel
from pipelines.settings import Settings
from tests.helpers import login, make_invite, seed_answers, wait_report
from tests.llm_server import ChatServer, chat_server

STRONG = ("Checkout latency jumped to about 2 seconds after a release. I profiled the service and the traces "
          "showed the root cause was an N+1 query. I compared a cache with rewriting the query and chose the "
          "join because the data changes often. Latency went down from 2 seconds to 300 milliseconds, I "
          "verified it with a load test, and I learned to check query counts in code review.")
INVENT_ONCE = ("Our nightly import failed on large files. I split it into batches of 10,000 rows and added a "
               "retry per batch, and it has finished every night since.")
INVENT_ALWAYS = ("A customer could not log in on an old phone. I reproduced it on the same model and added a "
                 "fallback for that OS version, and the crash reports stopped.")
NO_JSON = ("I set up contract tests between the billing API and its three clients, and the release that "
           "followed had no integration bugs.")
WE_ONLY = ("We moved the billing jobs to Kubernetes. The team containerised forty jobs, management set the "
           "deadline, and we cut failed runs by half.")
WEDDING = ("Last year I organised my sister's wedding for 180 guests. I compared twelve venues, negotiated the "
           "catering down by 30 percent and we came in 15 percent under budget.")
QUESTION = "Tell me about a difficult problem you solved."


def _answer_of(body: dict[str, Any]) -> tuple[str, str]:
    prompt = body["messages"][-1]["content"] if body["messages"][-1]["role"] == "user" else ""
    first = next(m["content"] for m in body["messages"] if m["role"] == "user")
    answer = re.search(r"<answer>\n(.*?)\n</answer>", first, re.S)
    competency = re.search(r"Competency: .*? \((\w+)\)", first)
    assert answer and competency, first[:300]
    return answer.group(1), competency.group(1) + ("|retry" if "not accepted" in prompt else "")


def judge(body: dict[str, Any]) -> str:
    answer, key = _answer_of(body)
    competency = key.split("|")[0]

    def rating(score: int, evidence: list[str], own: list[str], relevant: bool = True) -> str:
        return json.dumps({"competency": competency, "relevant": relevant, "own_actions": own, "score": score,
                           "evidence": evidence, "rationale": "scripted"})

    if answer == STRONG:
        return rating(5, ["I profiled the service"], ["I profiled the service"])
    if answer == INVENT_ONCE:
        if key.endswith("|retry"):
            return rating(4, ["I split it into batches"], ["I split it into batches"])
        return rating(4, ["I rewrote the import in Rust"], ["I rewrote the import in Rust"])
    if answer == INVENT_ALWAYS:
        return rating(4, ["I fixed the login server"], ["I fixed the login server"])
    if answer == NO_JSON:
        return "This is a solid answer, I would give it a four."
    if answer == WE_ONLY:  # fooled: quotes a "we" sentence as the candidate's own action
        return rating(5, ["We moved the billing jobs to Kubernetes"], ["We moved the billing jobs to Kubernetes"])
    if answer == WEDDING:
        return rating(2, [], [], relevant=False)
    raise AssertionError(f"unexpected answer {answer[:40]}")


@pytest.fixture
def judged(settings: Settings) -> Iterator[tuple[TestClient, ChatServer]]:
    from app import create_app

    with chat_server(judge) as server:
        llm = settings.model_copy(update={"llm_backend": "openai", "llm_base_url": server.url, "llm_model": "judge"})
        with TestClient(create_app(llm)) as client:
            yield client, server


def _evaluations(client: TestClient, session_id: str) -> dict[tuple[str, str], Evaluation]:
    from db.models import Answer

    with client.app.state.runtime.db.session() as s:  # type: ignore[attr-defined]
        rows = s.execute(select(Evaluation, Answer.transcript).join(Answer, Answer.id == Evaluation.answer_id)
                         .where(Answer.session_id == session_id)).all()
        for evaluation, _ in rows:
            s.expunge(evaluation)
        return {(transcript, e.competency): e for e, transcript in rows}


def _non_llm(settings: Settings, text: str) -> float:
    """The CPU default's own value for ``text`` (what the LLM's rating is blended with)."""
    models = ModelRegistry(settings)
    scorer = Scorer(rubric=load_rubric(), domain=DomainScorer(models.get("sentence_encoder")), blend=Blend.load(),
                    text_model=TextModel.load())
    [item] = scorer.score([AnswerInput(1, QUESTION, text, "problem_solving", "en")], [(0, "problem_solving")])
    return float(item.detail["non_llm"])


def test_the_llm_rating_is_blended_verified_and_held_by_the_gates(judged: tuple[TestClient, ChatServer],
                                                                  settings: Settings) -> None:
    client, server = judged
    admin = login(client)
    invite = make_invite(client, admin)
    seed_answers(client, invite["session_id"], [(QUESTION, "problem_solving", text) for text in
                                                (STRONG, INVENT_ONCE, INVENT_ALWAYS, NO_JSON, WE_ONLY, WEDDING)])
    assert client.post(f"/api/interview/{invite['token']}/finish").status_code == 202
    report = wait_report(client, invite["session_id"], admin)
    assert report["status"] == "scored", report
    found = _evaluations(client, invite["session_id"])

    strong = found[(STRONG, "problem_solving")]
    assert strong.scorer == "hybrid" and strong.model == "judge" and strong.status == "ok"
    # the model's 5 blended half and half with the non-LLM score, and its quote verified and kept
    assert strong.score == round_score(0.5 * _non_llm(settings, STRONG) + 0.5 * 5) and strong.score >= 4
    assert strong.evidence == ["I profiled the service"]

    # an invented quote is sent back with the error; the corrected rating is used
    once = found[(INVENT_ONCE, "problem_solving")]
    assert once.status == "ok" and once.evidence == ["I split it into batches"]
    retries = [r for r in server.requests if "not accepted" in r["messages"][-1]["content"]
               and INVENT_ONCE in r["messages"][1]["content"]]
    assert retries and "not in the answer" in retries[0]["messages"][-1]["content"]

    # a model that keeps inventing, or never gives JSON, leaves the item to a person
    for text in (INVENT_ALWAYS, NO_JSON):
        item = found[(text, "problem_solving")]
        assert item.status == "needs_review" and item.score is None and item.evidence == []
        assert "human review" in item.rationale

    # fooled by "we", or told the answer is off-topic: the score stays at 2 or below
    assert (found[(WE_ONLY, "problem_solving")].score or 9) <= 2
    assert (found[(WEDDING, "problem_solving")].score or 9) <= 2

    # every quote shown in the report occurs in its transcript
    for answer in report["answers"]:
        for item in answer["scores"]:
            assert all(quote_in_transcript(q, answer["transcript"]) for q in item["evidence"])
    # the judge saw the answer fenced as data, with the relevance and ownership checks
    prompt = server.requests[0]["messages"][1]["content"]
    assert "<answer>" in prompt and "own_actions" in prompt and "Relevance" in prompt
