"""The openai backend against a real HTTP server on 127.0.0.1 speaking the chat API."""

from __future__ import annotations

import socket

import pytest
from pydantic import BaseModel

from pipelines.llm import LLMError, generate_structured, load_llm
from pipelines.questions import make_follow_up
from pipelines.settings import Settings
from tests.llm_server import chat_server


class Pick(BaseModel):
    colour: str


def _llm(url: str, **extra: object):
    settings = Settings(llm_backend="openai", llm_base_url=url, llm_model="served-model", llm_api_key="k-123",
                        **extra)
    return load_llm(settings.llm_model, settings)


def test_generate_sends_the_chat_request_and_reads_the_reply() -> None:
    with chat_server(lambda body: "Blue.\nMore text") as server:
        llm = _llm(server.url)
        gen = llm.generate([{"role": "user", "content": "A colour?"}], max_tokens=7, stop=["\n"], seed=3)
    assert (gen.text, gen.model, gen.backend) == ("Blue.", "served-model", "openai")
    assert (gen.prompt_tokens, gen.completion_tokens) == (11, 3)
    body = server.requests[0]
    assert body["messages"] == [{"role": "user", "content": "A colour?"}]
    assert (body["max_tokens"], body["stop"], body["seed"], body["temperature"]) == (7, ["\n"], 3, 0.0)
    assert server.headers[0]["authorization"] == "Bearer k-123"


def test_batch_returns_one_generation_per_conversation_in_order() -> None:
    with chat_server(lambda body: body["messages"][-1]["content"].upper()) as server:
        gens = _llm(server.url).generate_batch([[{"role": "user", "content": w}] for w in ("a", "b", "c", "d")])
    assert [g.text for g in gens] == ["A", "B", "C", "D"]
    assert len(server.requests) == 4


def test_structured_output_feeds_the_error_back_and_retries() -> None:
    replies = iter(["Sure! The colour is blue.", '```json\n{"colour": "green"}\n```'])
    with chat_server(lambda body: next(replies)) as server:
        result = generate_structured(_llm(server.url), [{"role": "user", "content": "Pick"}], Pick, retries=2)
    assert result.value == Pick(colour="green")
    assert len(result.attempts) == 2 and len(result.errors) == 1
    retry = server.requests[1]["messages"]
    assert retry[-2] == {"role": "assistant", "content": "Sure! The colour is blue."}
    assert "no JSON object" in retry[-1]["content"]


def test_check_failures_are_retried_then_reported() -> None:
    def reject_red(value: Pick) -> None:
        if value.colour == "red":
            raise ValueError("red is not allowed")

    with chat_server(lambda body: '{"colour": "red"}') as server:
        result = generate_structured(_llm(server.url), [{"role": "user", "content": "Pick"}], Pick, retries=1,
                                     check=reject_red)
    assert result.value is None
    assert result.errors == ["red is not allowed", "red is not allowed"]
    assert "red is not allowed" in server.requests[1]["messages"][-1]["content"]


def test_follow_up_must_pick_up_the_candidates_words_and_ask_what_is_missing() -> None:
    replies = iter(['{"text": "What did you learn from that?"}',
                    '{"text": "Why did you choose a Redis cache for the checkout service over the other options?"}'])
    answer = "I added a Redis cache in front of the checkout service and latency dropped by half."
    with chat_server(lambda body: next(replies)) as server:
        follow = make_follow_up(_llm(server.url), question="Tell me about a performance fix.", answer=answer,
                                chunks=[], language="en", prompt_version=4)
    assert follow is not None and "Redis" in follow.text
    assert follow.provenance == {"model": "served-model", "backend": "openai", "prompt_version": 4, "probe": "reasoning"}
    prompt = server.requests[0]["messages"][-1]["content"]
    assert "<answer>\n" + answer in prompt and "why the candidate chose that approach" in prompt
    assert "pick up something the candidate said" in server.requests[1]["messages"][-1]["content"]


def test_follow_up_is_none_for_an_empty_answer_without_calling_the_model() -> None:
    with chat_server(lambda body: '{"text": "Why?"}') as server:
        assert make_follow_up(_llm(server.url), question="Q?", answer="  uh  ", chunks=[], language="en") is None
    assert server.requests == []


@pytest.mark.parametrize(("status", "words"), [(401, "LLM_API_KEY"), (500, "HTTP 500")])
def test_server_errors_become_sentences(status: int, words: str) -> None:
    with chat_server(lambda body: (status, '{"error": "x"}')) as server, pytest.raises(LLMError, match=words):
        _llm(server.url).generate([{"role": "user", "content": "hi"}])


def test_wrong_path_and_unreachable_server_and_timeout() -> None:
    with chat_server(lambda body: "x") as server:
        with pytest.raises(LLMError, match="LLM_BASE_URL and LLM_MODEL"):
            _llm(server.url.removesuffix("/v1") + "/other").generate([{"role": "user", "content": "hi"}])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(LLMError, match="cannot reach"):
        _llm(f"http://127.0.0.1:{port}").generate([{"role": "user", "content": "hi"}])
    with chat_server(lambda body: "late", delay_s=2.0) as server, pytest.raises(LLMError, match="LLM_TIMEOUT_S"):
        _llm(server.url, llm_timeout_s=0.3).generate([{"role": "user", "content": "hi"}])


def test_openai_backend_needs_url_and_model() -> None:
    with pytest.raises(LLMError, match="LLM_BASE_URL"):
        load_llm("", Settings(llm_backend="openai", llm_model="m"))


def test_json_schema_goes_to_the_server_only_when_enabled() -> None:
    with chat_server(lambda body: '{"colour": "blue"}') as server:
        off = generate_structured(_llm(server.url), [{"role": "user", "content": "Pick"}], Pick)
        on = generate_structured(_llm(server.url, llm_openai_json_schema=True), [{"role": "user", "content": "Pick"}],
                                 Pick)
    assert off.value == on.value == Pick(colour="blue")
    assert "response_format" not in server.requests[0]
    schema = {"title": "Pick", "type": "object", "properties": {"colour": {"type": "string"}},
              "required": ["colour"], "additionalProperties": False}
    assert server.requests[1]["response_format"] == {"type": "json_schema",
                                                     "json_schema": {"name": "Pick", "schema": schema}}
