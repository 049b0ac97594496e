"""LangSmith tracing of LLM calls (pipelines/tracing.py): the openai backend against the local chat
server (tests/llm_server.py) and a local stand-in for the LangSmith API (tests/langsmith_server.py),
both real HTTP on 127.0.0.1."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from pydantic import BaseModel

from pipelines.llm import LLMError, generate_structured, load_llm
from pipelines.llm.remote import OpenAICompatibleLLM
from pipelines.llm.templates import file_template, template_sha
from pipelines.logs import bound
from pipelines.questions import make_follow_up
from pipelines.settings import Settings
from pipelines.tracing import TracedLLM
from tests.langsmith_server import langsmith_server
from tests.llm_server import chat_server

KEY = "lsv2_pt_0123456789abcdef0123456789abcdef_0123456789"
ANSWER = "I added a Redis cache in front of the checkout service and latency dropped by half."


class Pick(BaseModel):
    colour: str


@pytest.fixture(autouse=True)
def _no_langsmith_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the settings passed here count, never the developer's shell."""
    for name in ("LANGSMITH_API_KEY", "LANGSMITH_ENDPOINT", "LANGSMITH_PROJECT", "LANGSMITH_TRACING",
                 "LANGCHAIN_API_KEY", "LANGCHAIN_ENDPOINT", "LANGCHAIN_TRACING_V2"):
        monkeypatch.delenv(name, raising=False)


def _llm(chat_url: str, **tracing: Any) -> Any:
    settings = Settings(llm_backend="openai", llm_base_url=chat_url, llm_model="served-model", **tracing)
    return load_llm(settings.llm_model, settings)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every address a socket of this process connects to while the test runs."""
    seen: list[Any] = []
    real = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        seen.append(address)
        real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield seen


def test_an_llm_call_becomes_a_langsmith_run_with_prompt_version_and_timing() -> None:
    replies = iter(['{"text": "What did you learn from that?"}',
                    '{"text": "Why did you choose a Redis cache for the checkout service over the other options?"}'])
    with langsmith_server() as smith, chat_server(lambda body: next(replies)) as chat:
        llm = _llm(chat.url, langsmith_api_key=KEY, langsmith_endpoint=smith.url + "/", langsmith_project="interviews")
        assert isinstance(llm, TracedLLM) and (llm.backend, llm.model_id) == ("openai", "served-model")
        with bound(session_id="s-42", task_id="t-7", task="make_follow_up_question"):
            follow = make_follow_up(llm, question="Tell me about a performance fix.", answer=ANSWER, chunks=[],
                                    language="en", prompt_version=4)
        assert follow is not None and "Redis" in follow.text
        assert llm.tracer.flush(10)
        runs = sorted(smith.wait_for_runs(2), key=lambda r: r["extra"]["metadata"]["attempt"])

    assert len(runs) == 2  # the first reply failed the follow-up's checks: one run per attempt
    for run, request, reply in zip(runs, chat.requests, ("What did you learn", "Why did you choose"), strict=True):
        assert (run["name"], run["run_type"], run["session_name"]) == ("follow_up", "llm", "interviews")
        assert run["inputs"] == {"messages": request["messages"]}  # exactly what the model was sent
        assert reply in run["outputs"]["choices"][0]["message"]["content"]
        assert run["outputs"]["usage_metadata"]["input_tokens"] == 11
        meta = run["extra"]["metadata"]
        assert (meta["prompt_name"], meta["prompt_version"]) == ("follow_up", 4)
        assert meta["prompt_sha"] == template_sha(file_template("follow_up"))
        assert (meta["backend"], meta["model"], meta["ls_provider"]) == ("openai", "served-model", "openai")
        assert (meta["session_id"], meta["task_id"], meta["task"]) == ("s-42", "t-7", "make_follow_up_question")
        assert meta["latency_s"] >= 0 and run["extra"]["invocation_params"]["json_schema"] == "QuestionDraft"
        started, ended = datetime.fromisoformat(run["start_time"]), datetime.fromisoformat(run["end_time"])
        assert 0 <= (ended - started).total_seconds() < 10 and run["id"] in run["dotted_order"]
        assert "error" not in run
    assert [r["extra"]["metadata"]["attempt"] for r in runs] == [1, 2]
    assert "pick up something the candidate said" in runs[1]["inputs"]["messages"][-1]["content"]
    assert smith.requests and all(r.path == "/runs/multipart" for r in smith.requests)
    assert all(r.headers["x-api-key"] == KEY for r in smith.requests)


def test_a_batch_call_is_one_run_per_conversation() -> None:
    with langsmith_server() as smith, chat_server(lambda body: body["messages"][-1]["content"].upper()) as chat:
        llm = _llm(chat.url, langsmith_api_key=KEY, langsmith_endpoint=smith.url)
        gens = llm.generate_batch([[{"role": "user", "content": w}] for w in ("a", "b", "c")], max_tokens=9)
        assert llm.tracer.flush(10)
        runs = smith.wait_for_runs(3)
    assert [g.text for g in gens] == ["A", "B", "C"]
    by_input = {r["inputs"]["messages"][0]["content"]: r for r in runs}
    assert {k: v["outputs"]["choices"][0]["message"]["content"] for k, v in by_input.items()} == {
        "a": "A", "b": "B", "c": "C"}
    assert {r["name"] for r in runs} == {"llm"}  # no prompt template: a plain call
    assert {r["session_name"] for r in runs} == {"ai-interview"}  # LANGSMITH_PROJECT's default
    assert sorted(r["extra"]["metadata"]["batch_index"] for r in runs) == [0, 1, 2]
    assert {r["extra"]["invocation_params"]["max_tokens"] for r in runs} == {9}


def test_a_failed_call_is_recorded_with_its_error_and_raised_unchanged() -> None:
    with langsmith_server() as smith, chat_server(lambda body: (500, "model crashed")) as chat:
        llm = _llm(chat.url, langsmith_api_key=KEY, langsmith_endpoint=smith.url)
        with pytest.raises(LLMError, match="HTTP 500"):
            llm.generate([{"role": "user", "content": "A colour?"}])
        assert llm.tracer.flush(10)
        (run,) = smith.wait_for_runs(1)
    assert run["error"].startswith("LLMError: ") and "HTTP 500" in run["error"]
    assert run["inputs"] == {"messages": [{"role": "user", "content": "A colour?"}]}
    assert not run.get("outputs")


def test_the_caller_never_waits_for_the_upload() -> None:
    release = threading.Event()
    with langsmith_server(hold=release) as smith, chat_server(lambda body: '{"colour": "blue"}') as chat:
        llm = _llm(chat.url, langsmith_api_key=KEY, langsmith_endpoint=smith.url)
        result = generate_structured(llm, [{"role": "user", "content": "Pick"}], Pick)
        assert result.value == Pick(colour="blue")  # returned while the endpoint holds the upload
        assert not llm.tracer.flush(0.3)
        release.set()
        assert llm.tracer.flush(10)
        assert len(smith.wait_for_runs(1)) == 1


def test_an_endpoint_without_the_multipart_route_gets_the_batch_route() -> None:
    with langsmith_server(multipart=False) as smith, chat_server(lambda body: "Blue.") as chat:
        llm = _llm(chat.url, langsmith_api_key=KEY, langsmith_endpoint=smith.url)
        llm.generate([{"role": "user", "content": "A colour?"}])
        assert llm.tracer.flush(10)
        (run,) = smith.wait_for_runs(1)
    assert run["outputs"]["choices"][0]["message"]["content"] == "Blue."
    assert "/runs/batch" in [r.path for r in smith.requests]


def test_a_refused_upload_is_a_warning_without_the_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with langsmith_server(status=403) as smith, chat_server(lambda body: "Blue.") as chat:
        llm = _llm(chat.url, langsmith_api_key=KEY, langsmith_endpoint=smith.url)
        assert llm.generate([{"role": "user", "content": "A colour?"}]).text == "Blue."
        assert llm.tracer.flush(10)
    assert smith.requests and not smith.runs
    warnings = [r for r in caplog.records if r.name == "pipelines.tracing" and r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == ["llm traces not uploaded"]
    logged = caplog.text + " ".join(str(getattr(r, "fields", "")) for r in caplog.records)
    assert KEY not in logged and KEY[-8:] not in logged and "API Key: lsv2" not in logged
    assert KEY not in repr(llm.tracer) and KEY not in repr(Settings(langsmith_api_key=KEY))


def test_without_a_key_no_client_is_built_and_nothing_leaves(monkeypatch: pytest.MonkeyPatch,
                                                               connections: list[Any]) -> None:
    import langsmith
    import langsmith.client

    def no_client(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a LangSmith client was built without LANGSMITH_API_KEY")

    monkeypatch.setattr(langsmith.client.Client, "__init__", no_client)
    monkeypatch.setattr(langsmith.Client, "__init__", no_client)
    with langsmith_server() as smith, chat_server(lambda body: '{"colour": "blue"}') as chat:
        llm = _llm(chat.url, langsmith_endpoint=smith.url)  # an endpoint, but no key
        assert type(llm) is OpenAICompatibleLLM  # the backend itself, unwrapped
        result = generate_structured(llm, [{"role": "user", "content": "Pick"}], Pick)
        llm.generate_batch([[{"role": "user", "content": "x"}], [{"role": "user", "content": "y"}]])
        assert result.value == Pick(colour="blue")
        chat_port = int(chat.url.rsplit(":", 1)[1].split("/")[0])
        smith_port = int(smith.url.rsplit(":", 1)[1])
    assert smith.requests == [] and smith.runs == {}
    ports = {address[1] for address in connections if isinstance(address, tuple)}
    assert chat_port in ports and smith_port not in ports
    assert ports <= {chat_port}
